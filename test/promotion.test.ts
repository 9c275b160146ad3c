/**
 * lib/graph/promotion.ts and the declared dtypes of the operations against NumPy 2:
 * np.result_type for every dtype pair and weak scalar kind, and the dtype of
 * real NumPy calls (or the error NumPy raises) for each operation.
 */
import path from 'node:path';
import { fromArray, ops, isDynaZarrError, DynamicArray } from '../lib/index';
import { allocate, DTYPES, type DType } from '../lib/dtype';
import { promoteTypes, resultType, type Scalar } from '../lib/graph/promotion';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

type Arg = { dtype: DType } | { s: string | number | boolean; k: 'int' | 'float' | 'bool' };
interface Query { op: string; args: Array<Arg | unknown> }
type Answer = string | { error: string };

const SCALARS: Array<{ js: Scalar; arg: Arg }> = [
  { js: 3, arg: { s: 3, k: 'int' } },
  { js: -7, arg: { s: -7, k: 'int' } },
  { js: 300, arg: { s: 300, k: 'int' } },
  { js: 70000, arg: { s: 70000, k: 'int' } },
  { js: 5_000_000_000, arg: { s: 5_000_000_000, k: 'int' } },
  { js: 2n ** 63n, arg: { s: (2n ** 63n).toString(), k: 'int' } },
  { js: 0.5, arg: { s: 0.5, k: 'float' } },
  { js: -1234.75, arg: { s: -1234.75, k: 'float' } },
  // Integer-valued JS numbers are Python ints, however large (the contract's rule).
  { js: -1e30, arg: { s: '-1000000000000000019884624838656', k: 'int' } },
  { js: true, arg: { s: true, k: 'bool' } },
];

const arr = (d: DType): DynamicArray => fromArray(allocate(d, 3), [3], { dtype: d });

/** Builds the same query with dyna_zarr; returns the declared dtype or the error. */
function ours(q: Query): Answer {
  const args = q.args.map((a) => {
    if (a && typeof a === 'object' && 'dtype' in (a as object)) return arr((a as { dtype: DType }).dtype);
    if (a && typeof a === 'object' && 'k' in (a as object)) {
      const s = a as { s: string | number | boolean; k: string };
      return typeof s.s === 'string' ? BigInt(s.s) : s.s;
    }
    return a;
  });
  try {
    const f = (ops as unknown as Record<string, (...x: unknown[]) => DynamicArray>)[q.op];
    return f(...args).dtype;
  } catch (err) {
    if (isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')) return { error: 'invalid' };
    throw err;
  }
}

const queries: Query[] = [];
for (const a of DTYPES) {
  for (const b of DTYPES) queries.push({ op: 'result_type', args: [{ dtype: a }, { dtype: b }] });
  for (const s of SCALARS) queries.push({ op: 'result_type', args: [{ dtype: a }, s.arg] });
}
const OPS: Query[] = [];
for (const a of DTYPES) {
  for (const op of ['abs', 'sign', 'sqrt', 'round']) OPS.push({ op, args: [{ dtype: a }] });
  for (const op of ['sum', 'mean', 'min', 'max']) OPS.push({ op, args: [{ dtype: a }] });
  for (const op of ['add', 'subtract', 'multiply', 'divide']) {
    for (const b of DTYPES) OPS.push({ op, args: [{ dtype: a }, { dtype: b }] });
    for (const s of SCALARS) {
      OPS.push({ op, args: [{ dtype: a }, s.arg] });
      OPS.push({ op, args: [s.arg, { dtype: a }] });
    }
  }
  for (const b of DTYPES) OPS.push({ op: 'where', args: [{ dtype: 'bool' }, { dtype: a }, { dtype: b }] });
  for (const s of SCALARS) OPS.push({ op: 'where', args: [{ dtype: 'bool' }, { dtype: a }, s.arg] });
  OPS.push({ op: 'clip', args: [{ dtype: a }, { s: 0.2, k: 'float' }, { s: 0.8, k: 'float' }] });
  OPS.push({ op: 'clip', args: [{ dtype: a }, { s: 1, k: 'int' }, { s: 5, k: 'int' }] });
  OPS.push({ op: 'clip', args: [{ dtype: a }, null, { s: 5, k: 'int' }] });
  for (const b of DTYPES) OPS.push({ op: 'concatenate', args: [[{ dtype: a }, { dtype: b }]] });
}

let dir: string;
let expected: Answer[];

beforeAll(async () => {
  dir = makeTempDir('promo');
  const all = [...queries, ...OPS];
  // concatenate's list argument holds dtypes: flatten them into the oracle's input form.
  const plan = {
    queries: all.map((q) => (q.op === 'concatenate' ? { op: 'concatenate_dtypes', args: q.args[0] } : q)),
  };
  ({ results: expected } = await runPythonPlan<{ results: Answer[] }>('lazy_ops.py', 'dtypes', path.join(dir, 'plan.json'), plan));
}, 120_000);

afterAll(() => removeTempDir(dir));

const normalizeError = (a: Answer): Answer => (typeof a === 'string' ? a : { error: 'invalid' });

test('promoteTypes is symmetric and equals np.result_type for all 14 x 14 dtype pairs', () => {
  const bad: string[] = [];
  let k = 0;
  for (const a of DTYPES) {
    for (const b of DTYPES) {
      const q = queries[k];
      const got = promoteTypes(a, b);
      if (got !== expected[k] || promoteTypes(b, a) !== got) bad.push(`${a}+${b}: ${got} vs ${JSON.stringify(expected[k])}`);
      expect(q.args[1]).toEqual({ dtype: b });
      k++;
    }
    k += SCALARS.length;
  }
  expect(bad).toEqual([]);
});

test('resultType with weak scalars equals np.result_type', () => {
  const bad: string[] = [];
  queries.forEach((q, k) => {
    const args = q.args as Arg[];
    if (!('k' in args[1])) return;
    const s = SCALARS.find((x) => x.arg === args[1]) as { js: Scalar };
    const got = resultType([(args[0] as { dtype: DType }).dtype, s.js]);
    // np.result_type does not range-check Python ints; it only names the dtype.
    if (typeof expected[k] === 'string' && got !== expected[k]) bad.push(`${JSON.stringify(args)}: ${got} vs ${JSON.stringify(expected[k])}`);
  });
  expect(bad).toEqual([]);
});

test('declared dtypes of every operation equal NumPy results (errors where NumPy raises)', () => {
  const bad: string[] = [];
  OPS.forEach((q, j) => {
    const exp = normalizeError(expected[queries.length + j]);
    const q2 = q.op === 'concatenate' ? { op: 'concatenate', args: [(q.args[0] as Arg[]).map((a) => arr((a as { dtype: DType }).dtype))] } : q;
    let got: Answer;
    if (q.op === 'concatenate') {
      got = ops.concatenate(q2.args[0] as DynamicArray[]).dtype;
    } else {
      got = ours(q);
    }
    if (JSON.stringify(got) !== JSON.stringify(exp)) bad.push(`${q.op}(${JSON.stringify(q.args)}): ours ${JSON.stringify(got)}, numpy ${JSON.stringify(exp)}`);
  });
  expect(bad.slice(0, 40)).toEqual([]);
  expect(OPS.length).toBeGreaterThan(1000);
});
