/**
 * Every operation against NumPy on random shapes and dtypes, with a tiny
 * region size so each result is assembled from many regions: plain, on a
 * slice (op-of-slice), sliced afterwards (slice-of-op) and in chains.
 * Values must be bit-identical except float sums/means (summation order).
 */
import type { DType } from '../lib/dtype';
import { DTYPES } from '../lib/dtype';
import { fromArray, ops, isDynaZarrError, type DynaZarrError } from '../lib/index';
import { assertNdEqual, seededRandom } from './helpers/compare';
import { approxMismatch, build, resultBytes, runOracle, type Expr, type InputSpec, type OracleRun } from './helpers/lazy-oracle';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const rand = seededRandom(4242);
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)];

// Inputs: per dtype a 3-d array, plus broadcast partners and a bool condition.
const INPUTS: InputSpec[] = [];
const byDtype = new Map<DType, number>();
for (const d of DTYPES) {
  byDtype.set(d, INPUTS.length);
  INPUTS.push({ dtype: d, shape: [int(2, 5), int(1, 6), int(2, 7)], seed: INPUTS.length + 1, chunks: [2, 3, 2] });
}
const inp = (d: DType): Expr => ({ in: byDtype.get(d) as number });
const shapeOf = (d: DType): number[] => INPUTS[byDtype.get(d) as number].shape;
const sc = (s: number | boolean): Expr => ({ s, k: typeof s === 'boolean' ? 'bool' : Number.isInteger(s) ? 'int' : 'float' } as never);
const REAL = DTYPES.filter((d) => !d.startsWith('complex'));

/** A second input broadcastable against `shape` (trailing axes, some of length 1). */
function partner(dtype: DType, shape: number[]): Expr {
  const keep = int(1, shape.length);
  const s = shape.slice(shape.length - keep).map((n) => (rand() < 0.3 ? 1 : n));
  INPUTS.push({ dtype, shape: s, seed: INPUTS.length + 1 });
  return { in: INPUTS.length - 1 };
}

const cases: Array<{ e: Expr; approx?: boolean }> = [];
const add = (e: Expr, approx = false): void => { cases.push({ e, approx }); };

for (const d of DTYPES) {
  const a = inp(d);
  const sh = shapeOf(d);
  for (const op of ['abs', 'sign', 'sqrt']) add({ op, args: [a] });
  add({ op: 'round', args: [a, pick([0, 1, 2, -1])] });
  add({ op: 'astype', args: [a, pick(DTYPES)] });
  if (!d.startsWith('complex')) {
    add({ op: 'clip', args: [a, sc(pick([-3, 0, 2, 0.5])), sc(pick([5, 10.5, 40]))] });
    add({ op: 'clip', args: [a, null, sc(7)] });
  }
  for (const op of ['add', 'subtract', 'multiply', 'divide']) {
    add({ op, args: [a, partner(pick(DTYPES), sh)] });
    add({ op, args: [a, sc(pick([3, -2, 0.5, 2.25, true]))] });
    add({ op, args: [sc(pick([5, 1.5])), a] });
  }
  add({ op: 'where', args: [partner('bool', sh), a, partner(pick(DTYPES), sh)] });
  add({ op: 'where', args: [inp('bool'), a, sc(pick([1, 2.5]))] }); // bool input has its own shape: may raise in both
  add({ op: 'concatenate', args: [[a, { op: 'get', args: [a], sel: [{ s: [null, 1, null] }] }], 0] });
  add({ op: 'concatenate', args: [[a, inp(pick(DTYPES))], -1] });
  add({ op: 'stack', args: [[a, { op: 'flip', args: [a] }], pick([0, 1, 2, 3, -1])] });
  add({ op: 'expandDims', args: [a, pick([0, 2, -1, [0, 3]])] });
  add({ op: 'squeeze', args: [{ op: 'get', args: [a], sel: [{ s: [0, 1, null] }, 'newaxis'] }] });
  add({ op: 'swapAxes', args: [a, 0, -1] });
  add({ op: 'transpose', args: [a, pick([[1, 0, 2], [2, 0, 1]])] });
  add({ op: 'transpose', args: [a] });
  add({ op: 'reshape', args: [a, [-1, sh[2]]] });
  add({ op: 'reshape', args: [{ op: 'transpose', args: [a] }, [sh[0], -1]] });
  add({ op: 'flatten', args: [{ op: 'get', args: [a], sel: [{ s: [null, null, -1] }] }] });
  add({ op: 'pad', args: [a, pick([1, [0, 2], [[1, 0], [0, 0], [2, 3]]]), { mode: 'constant', value: pick([0, 7]) }] });
  add({ op: 'pad', args: [a, [[2, 1], [0, 3], [1, 1]], { mode: 'edge' }] });
  add({ op: 'tile', args: [a, pick([2, [2, 1, 3], [2, 1, 1, 2]])] });
  add({ op: 'roll', args: [a, pick([1, -3, 7]), pick([0, 1, -1])] });
  add({ op: 'roll', args: [a, pick([2, -5])] });
  add({ op: 'roll', args: [a, [1, -2], [0, 2]] });
  add({ op: 'flip', args: [a, pick([0, [1, 2], -1])] });
  add({ op: 'flip', args: [a] });
  if (!d.startsWith('complex')) {
    for (const op of ['min', 'max']) add({ op, args: [a, pick([0, [0, 2], -1, [0, 1, 2]])] });
  }
  for (const op of ['sum', 'mean']) add({ op, args: [a, pick([0, [1, 2], -1])] }, d.startsWith('float') || d.startsWith('complex') || op === 'mean');
  // op-of-slice, slice-of-op, chains
  add({ op: 'multiply', args: [{ op: 'get', args: [a], sel: [{ s: [null, null, -2] }, '...', { i: -1 }] }, sc(3)] });
  add({ op: 'get', args: [{ op: 'add', args: [a, partner(d, sh)] }], sel: [{ i: 1 }, { s: [null, null, -1] }] });
  add({ op: 'get', args: [{ op: 'pad', args: [a, 2] }], sel: [{ s: [1, -1, 2] }, 'newaxis', { i: 0 }] });
  add({ op: 'get', args: [{ op: 'tile', args: [{ op: 'roll', args: [a, 3, 2] }, [1, 2, 1]] }], sel: ['...', { s: [-4, null, null] }] });
  add({ op: 'sum', args: [{ op: 'get', args: [{ op: 'abs', args: [a] }], sel: [{ s: [1, null, null] }] }, 1] }, true);
}
// A few whole-array chains mixing everything.
for (const d of REAL) {
  const a = inp(d);
  add({ op: 'sqrt', args: [{ op: 'clip', args: [{ op: 'abs', args: [a] }, sc(0), sc(50)] }] });
  add({ op: 'where', args: [{ op: 'astype', args: [a, 'bool'] }, { op: 'flip', args: [a, 0] }, { op: 'transpose', args: [a, [0, 1, 2]] }] });
}

let dir: string;
let run: OracleRun;

beforeAll(async () => {
  dir = makeTempDir('ops');
  run = await runOracle(dir, INPUTS, cases.map((c) => c.e));
}, 180_000);
afterAll(() => removeTempDir(dir));

test('every operation equals NumPy (values, shapes, dtypes, errors)', async () => {
  const failures: string[] = [];
  let valid = 0;
  for (let k = 0; k < cases.length; k++) {
    const r = run.results[k];
    const label = `#${k} ${JSON.stringify(cases[k].e)}`;
    try {
      const arr = build(cases[k].e, run.inputs);
      if ('error' in r) {
        failures.push(`${label}: NumPy raised ${r.error}, we built ${arr.dtype}[${arr.shape}]`);
        continue;
      }
      expect(arr.dtype).toBe(r.dtype);
      const out = await arr.compute({ regionSizeMb: 0.0002 });
      if (cases[k].approx) {
        if (out.dtype !== r.dtype || JSON.stringify(out.shape) !== JSON.stringify(r.shape)) throw new Error(`${out.dtype}[${out.shape}] vs ${r.dtype}[${r.shape}]`);
        const m = approxMismatch(r.dtype, out.data as ArrayLike<number>, resultBytes(run, r), label);
        if (m) throw new Error(m);
      } else {
        assertNdEqual(out, { bytes: resultBytes(run, r), shape: r.shape, dtype: r.dtype }, label);
      }
      valid++;
    } catch (err) {
      if ('error' in r && isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')) continue;
      failures.push(`${label}: ${'error' in r ? `NumPy ${r.error}; ` : ''}${(err as DynaZarrError).code ?? ''} ${(err as Error).message}`);
    }
  }
  expect(failures.filter((f) => !f.includes('float16')).slice(0, 40)).toEqual([]);
  expect(failures.slice(0, 12)).toEqual([]);
  expect(valid).toBeGreaterThan(cases.length * 0.8);
});

describe('whole-array reductions (Promise)', () => {
  const data = new Int16Array(2 * 3 * 50).map((_, i) => (i * 7919) % 1001 - 500);
  const a = fromArray(data, [2, 3, 50], { chunks: [1, 2, 8] });
  const ref = Array.from(data);

  test('min/max/sum of int16 are numbers; 64-bit results are bigint', async () => {
    expect(await a.min()).toBe(Math.min(...ref));
    expect(await a.max()).toBe(Math.max(...ref));
    expect(await a.sum(undefined, { regionSizeMb: 0.0001 })).toBe(BigInt(ref.reduce((s, v) => s + v, 0)));
    expect(await a.mean()).toBeCloseTo(ref.reduce((s, v) => s + v, 0) / ref.length, 9);
    const big = fromArray(new BigUint64Array([2n ** 63n, 5n, 7n]), [3]);
    expect(await big.max()).toBe(2n ** 63n);
  });
  test('a reduction over an axis is an NdArray', async () => {
    const r = await a.max(-1);
    expect(r).toMatchObject({ shape: [2, 3], dtype: 'int16' });
    const exp = [0, 1, 2, 3, 4, 5].map((k) => Math.max(...ref.slice(k * 50, k * 50 + 50)));
    expect(Array.from((r as { data: Int16Array }).data)).toEqual(exp);
  });
  test('float16 sums come back as numbers; empty arrays follow NumPy', async () => {
    const h = ops.astype(fromArray(new Float32Array([1.5, 2.25, -0.75]), [3]), 'float16');
    expect(await h.sum()).toBe(3);
    expect(await fromArray(new Float64Array(0), [0]).sum()).toBe(0);
    expect(Number.isNaN(await fromArray(new Float64Array(0), [0]).mean() as number)).toBe(true);
    await expect(fromArray(new Float64Array(0), [0]).min()).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
  });
});

describe('argument validation', () => {
  const a = fromArray(new Float32Array(24), [2, 3, 4]);
  const code = (f: () => unknown): string | undefined => {
    try { f(); } catch (err) { return (err as DynaZarrError).code; }
    return 'no error';
  };
  test.each([
    ['axis out of range', () => ops.sum(a, 3)],
    ['repeated axis', () => ops.transpose(a, [0, 0, 1])],
    ['two -1 in reshape', () => ops.reshape(a, [-1, -1])],
    ['bad reshape size', () => ops.reshape(a, [5, 5])],
    ['squeeze non-1 axis', () => ops.squeeze(a, 0)],
    ['broadcast mismatch', () => ops.add(a, fromArray(new Float32Array(5), [5]))],
    ['concat rank mismatch', () => ops.concatenate([a, fromArray(new Float32Array(4), [4])])],
    ['unknown pad mode', () => ops.pad(a, 1, { mode: 'reflect' as never })],
    ['negative pad', () => ops.pad(a, -1)],
    ['bad dtype', () => ops.astype(a, 'float128' as never)],
    ['uint8 + 300', () => ops.add(fromArray(new Uint8Array(2)), 300)],
    ['string operand', () => ops.add(a, '1' as never)],
    ['no array operand', () => ops.add(1 as never, 2)],
  ])('%s → ERR_ZARR_INVALID_ARGUMENT', (_name, f) => {
    expect(code(f)).toBe('ERR_ZARR_INVALID_ARGUMENT');
  });
});
