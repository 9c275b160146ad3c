/**
 * The pointwise operations against NumPy 2 (test/oracle/ops_pointwise.py):
 * - the declared dtype of every op over every dtype, every dtype pair and
 *   every dtype with Python int/float/bool scalars on either side, and
 *   ERR_ZARR_INVALID_ARGUMENT wherever NumPy has no loop or raises;
 * - values of every op over every dtype NumPy accepts, on inputs with NaN,
 *   ±inf, -0, integer extremes and zeros (division by zero, overflow),
 *   computed region by region with a tiny region size; exact except the
 *   transcendental functions, which may differ from NumPy's by a few ulp;
 * - each op on a slice, sliced afterwards and chained, and one long fused
 *   chain written to Zarr region by region.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DTYPES, type DType } from '../lib/dtype';
import { fromArray, io, isDynaZarrError, ops, type DynamicArray } from '../lib/index';
import { fromHalfBits } from '../lib/metadata/fill-value';
import { bytesOf, typedFromBytes } from './helpers/compare';
import { build, resultBytes, type Expr, type OracleResult } from './helpers/lazy-oracle';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const UNARY = [
  'abs', 'sign', 'sqrt', 'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctanh', 'cos', 'cosh', 'sin', 'sinh',
  'tan', 'tanh', 'exp', 'exp2', 'expm1', 'log', 'log10', 'log1p', 'log2', 'cbrt', 'fabs', 'deg2rad', 'radians',
  'rad2deg', 'degrees', 'spacing', 'negative', 'positive', 'conjugate', 'square', 'reciprocal', 'ceil', 'floor',
  'trunc', 'rint', 'invert', 'isfinite', 'isinf', 'isnan', 'logicalNot', 'signbit',
];
const BINARY = [
  'add', 'subtract', 'multiply', 'divide', 'arctan2', 'copysign', 'heaviside', 'hypot', 'logaddexp', 'logaddexp2',
  'nextafter', 'ldexp', 'floatPower', 'power', 'floorDivide', 'mod', 'remainder', 'fmod', 'maximum', 'minimum',
  'fmax', 'fmin', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'leftShift', 'rightShift', 'gcd', 'lcm', 'equal',
  'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor',
];
// Results that may differ from NumPy's by a few ulp (libm and NumPy's SIMD routines differ).
const APPROX = new Set([
  'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'exp',
  'exp2', 'expm1', 'log', 'log10', 'log1p', 'log2', 'cbrt', 'deg2rad', 'radians', 'rad2deg', 'degrees', 'arctan2',
  'hypot', 'logaddexp', 'logaddexp2', 'power', 'floatPower',
]);
// Complex formulas round differently from NumPy's in the last place.
const APPROX_COMPLEX = new Set(['square', 'reciprocal', 'sqrt', 'sign', 'divide', 'multiply']);
// NumPy's own choice of zero on a ±0 tie differs between its SIMD body and scalar tail.
const ZERO_SIGN_FREE = new Set(['maximum', 'minimum', 'fmax', 'fmin']);

type Scalar = { s: number | string | boolean; k: 'int' | 'float' | 'bool' };
const SCALARS: Scalar[] = [
  { s: 1, k: 'int' }, { s: -1, k: 'int' }, { s: 300, k: 'int' }, { s: 1.5, k: 'float' }, { s: true, k: 'bool' },
  { s: '100000', k: 'int' },
];
const jsScalar = (s: Scalar): number | bigint | boolean => (s.k === 'int' ? (typeof s.s === 'string' ? BigInt(s.s) : (s.s as number)) : (s.s as number | boolean));

type Answer = string | { error: string };
let dir: string;
let table: Array<[string, Array<string | Scalar>, Answer]>;

beforeAll(async () => {
  dir = makeTempDir('ops-pointwise-');
  ({ table } = await runPythonPlan<{ table: typeof table }>('ops_pointwise.py', 'dtypes', path.join(dir, 'dtypes.json'), {
    unary: UNARY, binary: BINARY, dtypes: DTYPES, scalars: SCALARS,
  }));
}, 120000);
afterAll(() => removeTempDir(dir));

const accepted = (op: string, args: Array<string | Scalar>): boolean => {
  const key = JSON.stringify([op, args]);
  return acceptedSet().has(key);
};
let acceptedCache: Set<string> | null = null;
function acceptedSet(): Set<string> {
  if (!acceptedCache) acceptedCache = new Set(table.filter(([, , r]) => typeof r === 'string').map(([op, args]) => JSON.stringify([op, args])));
  return acceptedCache;
}

test('declared dtype of every (op, dtype[, dtype | scalar]) equals NumPy 2, invalid argument where NumPy raises', () => {
  const one = new Map<DType, DynamicArray>(DTYPES.map((d) => [d, fromArray(new Uint8Array(1), [1], { dtype: "uint8" }).astype(d)]));
  const fn = ops as unknown as Record<string, (...a: unknown[]) => DynamicArray>;
  const wrong: string[] = [];
  for (const [op, args, want] of table) {
    const jsArgs = args.map((a) => (typeof a === 'string' ? one.get(a as DType) : jsScalar(a)));
    let got: string;
    try {
      got = fn[op](...jsArgs).dtype;
    } catch (err) {
      if (!isDynaZarrError(err) || err.code !== 'ERR_ZARR_INVALID_ARGUMENT') throw err;
      if (typeof want === 'string') wrong.push(`${op}(${JSON.stringify(args)}): NumPy ${want}, we raised ${err.message}`);
      else if (!err.message.includes(op)) wrong.push(`${op}: message does not name the op: ${err.message}`);
      continue;
    }
    if (got !== want) wrong.push(`${op}(${JSON.stringify(args)}): NumPy ${JSON.stringify(want)}, we ${got}`);
  }
  expect(table.length).toBeGreaterThan(10000);
  expect(wrong.slice(0, 30)).toEqual([]);
});

// ---- values ------------------------------------------------------------------

interface InputSpec { dtype: DType; shape: number[]; seed: number; kind?: 'general' | 'small' | 'unit'; chunks?: number[] }
const INPUTS: InputSpec[] = [];
const inputOf = new Map<string, number>();
function input(dtype: DType, kind: 'general' | 'small' | 'unit' = 'general', variant = 0, shape = [6, 7]): Expr {
  const key = `${dtype}/${kind}/${variant}/${shape.join('x')}`;
  if (!inputOf.has(key)) {
    inputOf.set(key, INPUTS.length);
    INPUTS.push({ dtype, shape, seed: INPUTS.length + 11, kind, chunks: shape.map((n) => Math.max(1, Math.ceil(n / 3))) });
  }
  return { in: inputOf.get(key) as number };
}

interface Case { e: Expr; op: string; label: string }
const FLOATISH = (d: DType): boolean => d.startsWith('float') || d.startsWith('complex');
const SMALL_SECOND = new Set(['power', 'leftShift', 'rightShift', 'ldexp']);

/** The value cases, from the dtype table: every op over every dtype (pair, scalar) NumPy accepts. */
function valueCases(): Case[] {
  const CASES: Case[] = [];
  const addCase = (op: string, e: Expr, label: string): void => { CASES.push({ op, e, label }); };
  for (const op of UNARY) {
    for (const d of DTYPES) {
      if (!accepted(op, [d])) continue;
      addCase(op, { op, args: [input(d)] }, `${op}(${d})`);
      if (FLOATISH(d)) addCase(op, { op, args: [input(d, 'unit')] }, `${op}(${d} in [-1.2, 1.2])`);
    }
  }
  for (const op of BINARY) {
    for (const d of DTYPES) {
      if (accepted(op, [d, d])) {
        addCase(op, { op, args: [input(d), input(d, 'general', 1)] }, `${op}(${d}, ${d})`);
        if (SMALL_SECOND.has(op) && !FLOATISH(d)) addCase(op, { op, args: [input(d), input(d, 'small')] }, `${op}(${d}, small ${d})`);
      }
      for (const s of SCALARS) {
        if (accepted(op, [d, s])) addCase(op, { op, args: [input(d), s] }, `${op}(${d}, ${JSON.stringify(s.s)})`);
        if (accepted(op, [s, d])) addCase(op, { op, args: [s, input(d)] }, `${op}(${JSON.stringify(s.s)}, ${d})`);
      }
    }
    // Mixed dtypes and broadcasting.
    for (const [a, b] of [['int8', 'uint8'], ['int64', 'uint64'], ['float16', 'int32'], ['bool', 'float32'], ['uint16', 'complex64'], ['float32', 'int64']] as Array<[DType, DType]>) {
      if (accepted(op, [a, b])) addCase(op, { op, args: [input(a), input(b, 'general', 0, [7])] }, `${op}(${a}, ${b}[7])`);
    }
    if (accepted(op, ['float64', 'float64'])) addCase(op, { op, args: [input('float64', 'general', 0, [6, 1]), input('float64', 'general', 2, [1, 7])] }, `${op} broadcast (6,1) with (1,7)`);
  }
  for (const d of ['float32', 'float64'] as DType[]) {
    for (const e of ['int32', 'int64', 'int8'] as DType[]) addCase('ldexp', { op: 'ldexp', args: [input(d), input(e, 'small')] }, `ldexp(${d}, small ${e})`);
  }
  for (const d of DTYPES) {
    const x = input(d);
    addCase('isin', { op: 'isin', args: [x, [0, 1, -1, 7, 300, 2.5, -0]] }, `isin(${d}, ints and floats)`);
    addCase('isin', { op: 'isin', args: [x, [2, 7, -7, 127, 255]] }, `isin(${d}, ints)`);
    addCase('isin', { op: 'isin', args: [x, []] }, `isin(${d}, [])`);
    if (!d.startsWith('complex')) {
      addCase('digitize', { op: 'digitize', args: [x, [-10, -1, 0, 0.5, 2, 50]] }, `digitize(${d}, increasing)`);
      addCase('digitize', { op: 'digitize', args: [x, [50, 2, 0, -1], true] }, `digitize(${d}, decreasing, right)`);
      addCase('digitize', { op: 'digitize', args: [x, [-1, 0, 0, 7], true] }, `digitize(${d}, repeated, right)`);
    }
    // (A complex source is astype's cast, whose NaN → uint32 differs from NumPy's; see the report.)
  for (const t of DTYPES) if (!d.startsWith('complex')) addCase('saturateCast', { op: 'saturateCast', args: [x, t] }, `saturateCast(${d} → ${t})`);
  }
  return CASES;
}

type Run = { results: OracleResult[]; bytes: Buffer; inputs: DynamicArray[] };
async function runOracle(sub: string, cases: Expr[]): Promise<Run> {
  const out = path.join(dir, sub);
  fs.mkdirSync(out, { recursive: true });
  const { results } = await runPythonPlan<{ results: OracleResult[] }>('ops_pointwise.py', 'eval', path.join(out, 'plan.json'), { inputs: INPUTS, cases }, [out]);
  const inputs = INPUTS.map((spec, k) => {
    const data = typedFromBytes(spec.dtype, new Uint8Array(fs.readFileSync(path.join(out, `in${k}.bin`))));
    return fromArray(data as never, spec.shape, { dtype: spec.dtype, chunks: spec.chunks });
  });
  return { results, bytes: fs.readFileSync(path.join(out, 'results.bin')), inputs };
}

const EPS: Record<string, [number, number]> = { float16: [2 ** -10, 2 ** -24], float32: [2 ** -23, 2 ** -149], float64: [2 ** -52, 2 ** -1074] };
const realOf = (d: string): string => (d === 'complex64' ? 'float32' : d === 'complex128' ? 'float64' : d);

/** null when equal: exact (NaN matches NaN), or within `ulps` units in the last place. */
function mismatch(dtype: string, actual: Uint8Array, expected: Uint8Array, ulps: number, zeroSignFree = false): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  if (!dtype.startsWith('float') && !dtype.startsWith('complex')) {
    const a = typedFromBytes(dtype as DType, actual) as ArrayLike<number | bigint>;
    const b = typedFromBytes(dtype as DType, expected) as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `#${i}: got ${a[i]}, expected ${b[i]}`;
    return null;
  }
  const real = realOf(dtype);
  const read = (bytes: Uint8Array): number[] => Array.from(typedFromBytes(real as DType, bytes) as ArrayLike<number>, (v) => (real === 'float16' ? fromHalfBits(v) : v));
  const a = read(actual);
  const b = read(expected);
  const [eps, tiny] = EPS[real];
  const lanes = dtype.startsWith('complex') ? 2 : 1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (ulps === 0) {
      if (Object.is(x, y) || (zeroSignFree && x === y)) continue;
      return `#${i}: got ${x}, expected ${y}`;
    }
    if (x === y) continue;
    // Complex: the tolerance scales with the larger part (either part may be tiny).
    const base = lanes === 2 ? Math.max(Math.abs(b[i - (i % 2)]), Math.abs(b[i - (i % 2) + 1])) : Math.abs(y);
    if (!Number.isFinite(y) || !Number.isFinite(x) || Math.abs(x - y) > ulps * Math.max(base * eps, tiny)) return `#${i}: got ${x}, expected ${y}`;
  }
  return null;
}

async function check(run: Run, cases: Case[], options: { regionSizeMb: number }): Promise<string[]> {
  const bad: string[] = [];
  for (let k = 0; k < cases.length; k++) {
    const c = cases[k];
    const r = run.results[k];
    let arr: DynamicArray;
    try {
      arr = build(c.e, run.inputs);
      if ('error' in r) {
        // Errors NumPy finds in the data (integer power with a negative exponent).
        await arr.compute(options).then(() => bad.push(`${c.label}: NumPy raised ${r.error}, we did not`), (err) => {
          if (!isDynaZarrError(err) || err.code !== 'ERR_ZARR_INVALID_ARGUMENT') bad.push(`${c.label}: ${String(err)}`);
        });
        continue;
      }
    } catch (err) {
      if (!('error' in r) || !isDynaZarrError(err)) bad.push(`${c.label}: ${String(err)}${'error' in r ? '' : ' (NumPy computed it)'}`);
      continue;
    }
    if (arr.dtype !== r.dtype) {
      bad.push(`${c.label}: dtype ${arr.dtype}, NumPy ${r.dtype}`);
      continue;
    }
    const out = await arr.compute(options);
    const dtype = r.dtype as string;
    const approx = APPROX.has(c.op) && (dtype.startsWith('float') || dtype.startsWith('complex'));
    const approxC = APPROX_COMPLEX.has(c.op) && dtype.startsWith('complex');
    const ulps = approx || approxC ? (dtype.startsWith('complex') ? 8 : 4) : 0;
    const m = mismatch(dtype, bytesOf(out.data), resultBytes(run as never, r as { offset: number; nbytes: number }), ulps, ZERO_SIGN_FREE.has(c.op));
    if (m) bad.push(`${c.label}: ${m}`);
  }
  return bad;
}

test('values of every op over every dtype NumPy accepts (NaN, inf, -0, overflow, division by zero), many tiny regions', async () => {
  const CASES = valueCases();
  const run = await runOracle('values', CASES.map((c) => c.e));
  const bad = await check(run, CASES, { regionSizeMb: 0.00005 });
  expect(CASES.length).toBeGreaterThan(2000);
  expect(bad.slice(0, 40)).toEqual([]);
});

test('each op on a slice, sliced afterwards, chained (one fused pass) and written to Zarr region by region', async () => {
  const sel = [{ s: [1, null, null] }, { s: [null, null, -2] }];
  const sel2 = [{ s: [null, null, -1] }, { i: 1 }];
  const cases: Case[] = [];
  const x = input('float64', 'unit', 3, [7, 9]);
  const i = input('int16', 'general', 3, [7, 9]);
  for (const op of [...UNARY, ...BINARY]) {
    const base = accepted(op, ['float64', 'float64']) || accepted(op, ['float64']) ? x : i;
    const args = (a: Expr): Expr[] => (BINARY.includes(op) ? [a, { op: 'get', args: [base], sel: [{ s: [null, 6, null] }, { s: [null, null, -2] }] } as Expr] : [a]);
    const sliced = { op: 'get', args: [base], sel } as Expr;
    cases.push({ op, e: { op, args: args(sliced) }, label: `${op}(x[1:, ::-2])` });
    cases.push({ op, e: { op: 'get', args: [{ op, args: args(sliced) }], sel: sel2 } as Expr, label: `${op}(x[1:, ::-2])[::-1, 1]` });
    cases.push({ op, e: { op: 'abs', args: [{ op, args: args({ op: 'negative', args: [sliced] }) }] }, label: `abs(${op}(-x[1:, ::-2]))` });
  }
  const run = await runOracle('slices', cases.map((c) => c.e));
  const bad = await check(run, cases, { regionSizeMb: 0.00002 });
  // The first case of each op again, written to Zarr with small chunks and tiny regions.
  for (let k = 0; k < cases.length; k += 3) {
    const r = run.results[k] as { offset: number; nbytes: number; dtype: string };
    const target = path.join(dir, `slice-${cases[k].op}.zarr`);
    await io.write(build(cases[k].e, run.inputs), target, { chunks: [2, 3], regionSizeMb: 0.00002 });
    const back = await (await io.read(target)).compute();
    const ulps = APPROX.has(cases[k].op) ? 4 : 0;
    const m = mismatch(r.dtype, bytesOf(back.data), resultBytes(run as never, r), ulps, ZERO_SIGN_FREE.has(cases[k].op));
    if (m) bad.push(`${cases[k].label} written to Zarr: ${m}`);
  }
  expect(bad.slice(0, 30)).toEqual([]);
});

test('a long chain of pointwise ops writes to Zarr region by region and equals NumPy', async () => {
  const x: Expr = input('float32', 'general', 5, [24, 20]);
  let e: Expr = { op: 'where', args: [{ op: 'isfinite', args: [x] }, { op: 'log1p', args: [{ op: 'abs', args: [x] }] }, { s: 0, k: 'int' }] };
  for (const op of ['sin', 'square', 'exp', 'sqrt', 'rint']) e = { op, args: [e] };
  e = { op: 'maximum', args: [{ op: 'floorDivide', args: [e, { s: 0.75, k: 'float' }] }, { op: 'hypot', args: [e, x] }] };
  e = { op: 'where', args: [{ op: 'logicalAnd', args: [{ op: 'greater', args: [e, 1] }, { op: 'isnan', args: [{ op: 'copysign', args: [x, e] }] }] }, -1, e] };
  e = { op: 'saturateCast', args: [{ op: 'multiply', args: [e, { s: 100.5, k: 'float' }] }, 'int16'] };
  const run = await runOracle('chain', [e]);
  const arr = build(e, run.inputs);
  const target = path.join(dir, 'chain.zarr');
  await io.write(arr, target, { chunks: [5, 4], regionSizeMb: 0.0001 });
  const back = await (await io.read(target)).compute();
  const r = run.results[0] as { offset: number; nbytes: number; dtype: string };
  expect(back.dtype).toBe(r.dtype);
  expect(mismatch(r.dtype, bytesOf(back.data), resultBytes(run as never, r), 0)).toBeNull();
});

test('bad arguments name the operation: dtypes without a loop, bins, values, negative integer exponents', () => {
  const f = fromArray(new Float32Array(4), [4]);
  const c = fromArray(new Float32Array(8), [4], { dtype: 'complex64' });
  const n = fromArray(new Int8Array([1, 2, 3, 4]), [4]);
  const raises = (fn: () => unknown, words: string[]): void => {
    try {
      fn();
    } catch (err) {
      expect(isDynaZarrError(err) && err.code).toBe('ERR_ZARR_INVALID_ARGUMENT');
      for (const w of words) expect((err as Error).message).toContain(w);
      return;
    }
    throw new Error(`no error for ${words.join(' ')}`);
  };
  raises(() => ops.gcd(f, f), ['gcd', 'float32']);
  raises(() => ops.cbrt(c), ['cbrt', 'complex64']);
  raises(() => ops.leftShift(f, 1), ['leftShift', 'float32']);
  raises(() => ops.digitize(f, [3, 1, 2]), ['digitize', 'monotonic']);
  raises(() => ops.digitize(c, [1]), ['digitize', 'complex']);
  raises(() => ops.isin(f, 'abc' as never), ['isin', 'values']);
  raises(() => ops.power(n, -1), ['power', 'negative']);
  raises(() => ops.sin('x' as never), ['sin']);
  expect(f.sin().dtype).toBe('float32');
  expect(n.isin([1, 2]).dtype).toBe('bool');
  expect(n.saturateCast('uint8').dtype).toBe('uint8');
  expect(n.digitize([0, 2], true).dtype).toBe('int64');
});
