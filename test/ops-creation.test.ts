/**
 * Creation operations (zeros ones empty full random *Like) against NumPy and,
 * for random, against test/oracle/ops_extra.py's own SplitMix64: computed
 * whole, in tiny regions, on 1 and 2 threads, sliced, chained and written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DTYPES } from '../lib/dtype';
import { fromArray, io, ops, type DynaZarrError, type DynamicArray } from '../lib/index';
import { caseFailures } from './helpers/case-check';
import { assertNdEqual } from './helpers/compare';
import { resultBytes, runOracle, type Expr, type InputSpec, type OracleRun } from './helpers/lazy-oracle';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const INPUTS: InputSpec[] = [
  { dtype: 'int16', shape: [3, 5, 4], seed: 1, chunks: [2, 2, 3] },
  { dtype: 'float32', shape: [7, 6], seed: 2, chunks: [3, 4] },
  { dtype: 'complex64', shape: [4, 3], seed: 3 },
];
const int = (s: number): Expr => ({ s, k: 'int' } as never);
const flt = (s: number): Expr => ({ s: Number.isFinite(s) ? s : String(s), k: 'float' } as never);
const bool = (s: boolean): Expr => ({ s, k: 'bool' } as never);

const cases: Expr[] = [];
for (const d of DTYPES) {
  for (const op of ['zeros', 'ones', 'empty']) cases.push({ op, args: [[3, 4], { dtype: d }] });
  cases.push({ op: 'full', args: [[2, 5], int(1), { dtype: d }] });
  cases.push({ op: 'full', args: [[2, 5], flt(2.75), { dtype: d }] });
  cases.push({ op: 'full', args: [[5], flt(-3.7), { dtype: d }] });
  cases.push({ op: 'full', args: [[5], flt(NaN), { dtype: d }] });
  cases.push({ op: 'full', args: [[5], bool(true), { dtype: d }] });
  cases.push({ op: 'full', args: [[4], int(300), { dtype: d }] }); // an OverflowError for the small ints
  cases.push({ op: 'full', args: [[4], int(-1), { dtype: d }] });
  for (const op of ['zerosLike', 'onesLike', 'emptyLike']) cases.push({ op, args: [{ in: 0 }, { dtype: d }] });
  cases.push({ op: 'fullLike', args: [{ in: 1 }, flt(-1.5), { dtype: d }] });
}
cases.push(
  { op: 'zeros', args: [[2, 3]] }, { op: 'ones', args: [7] }, { op: 'ones', args: [[]] }, { op: 'zeros', args: [[0, 3]] },
  { op: 'full', args: [[3], int(1e10), { dtype: 'int32' }] }, { op: 'full', args: [[3], flt(1e10 + 0.5), { dtype: 'int32' }] },
  { op: 'full', args: [[3], flt(-Infinity), { dtype: 'uint16' }] }, { op: 'full', args: [[3], flt(-1e300), { dtype: 'float32' }] }, { op: 'full', args: [[3], flt(1e40), { dtype: 'float32' }] },
  { op: 'full', args: [[3], flt(1.1), { dtype: 'float16' }] }, { op: 'full', args: [[3], flt(Infinity), { dtype: 'int64' }] },
  { op: 'full', args: [[3], { s: '18446744073709551615', k: 'int' }, { dtype: 'uint64' }] } as never,
  { op: 'full', args: [[3], { s: '-9223372036854775808', k: 'int' }, { dtype: 'int64' }] } as never,
  { op: 'zerosLike', args: [{ in: 0 }] }, { op: 'onesLike', args: [{ in: 2 }] }, { op: 'fullLike', args: [{ in: 0 }, flt(7.9)] },
  { op: 'fullLike', args: [{ in: 1 }, int(3)] },
  // chained with other operations and selections
  { op: 'add', args: [{ in: 0 }, { op: 'full', args: [[5, 4], int(3), { dtype: 'int16' }] }] },
  { op: 'multiply', args: [{ op: 'onesLike', args: [{ in: 1 }] }, { in: 1 }] },
  { op: 'get', args: [{ op: 'full', args: [[6, 7, 8], flt(0.5)] }], sel: [{ s: [1, 5, 2] }, { i: -1 }, { s: [null, null, -3] }] },
  { op: 'concatenate', args: [[{ in: 1 }, { op: 'zeros', args: [[2, 6], { dtype: 'float32' }] }], 0] },
  { op: 'sum', args: [{ op: 'ones', args: [[4, 6], { dtype: 'int32' }] }, 1] },
);
// random: dtypes, seeds (any integer, modulo 2^64), slices of it, chains
for (const dtype of ['float16', 'float32', 'float64']) {
  for (const seed of [0, 1, 42, 123456789012, -5]) cases.push({ op: 'random', args: [[5, 3, 7], { dtype, seed }] });
}
cases.push(
  { op: 'random', args: [[40, 33], { seed: 9 }] },
  { op: 'random', args: [[], { seed: 3, dtype: 'float64' }] },
  { op: 'get', args: [{ op: 'random', args: [[9, 10, 11], { seed: 77, dtype: 'float64' }] }], sel: [{ s: [8, 0, -3] }, { i: 4 }, { s: [1, null, 4] }] },
  { op: 'get', args: [{ op: 'random', args: [[9, 10, 11], { seed: 77, dtype: 'float64' }] }], sel: ['...', { i: -2 }] },
  { op: 'transpose', args: [{ op: 'random', args: [[6, 5], { seed: 11 }] }] },
  { op: 'add', args: [{ op: 'random', args: [[7, 6], { seed: 5 }] }, { in: 1 }] },
  { op: 'random', args: [[4], { dtype: 'int32', seed: 1 }] }, // not a float dtype: rejected
);

let dir: string;
let run: OracleRun;
beforeAll(async () => {
  dir = makeTempDir('ops-creation');
  run = await runOracle(dir, INPUTS, cases, 'ops_extra.py');
}, 120_000);
afterAll(() => removeTempDir(dir));

test('every creation case equals NumPy (values, dtypes, OverflowErrors) in tiny regions on 1 and 2 threads', async () => {
  const { failures, valid } = await caseFailures(run, cases, [{}, { regionSizeMb: 0.00005, threads: 1 }, { regionSizeMb: 0.0001, threads: 2 }]);
  expect(failures.slice(0, 20)).toEqual([]);
  expect(valid).toBeGreaterThan(cases.length * 0.8);
});

describe('random', () => {
  const flat = async (a: DynamicArray, options = {}): Promise<Float64Array> => (await a.compute(options)).data as Float64Array;

  test('the same seed gives the same values whatever the regions, threads or selection', async () => {
    const r = ops.random([37, 29, 5], { seed: 2024, dtype: 'float64' });
    const whole = await flat(r, { regionSizeMb: 64 });
    for (const options of [{ regionSizeMb: 0.00003, threads: 1 }, { regionSizeMb: 0.0007, threads: 2 }, { threads: 2 }]) {
      expect(await flat(r, options)).toEqual(whole);
    }
    // A selection reads the same elements as the whole array does.
    const sel = await flat(r.get('30:3:-4, 7, 1::2'), { regionSizeMb: 0.00002 });
    const expected: number[] = [];
    for (let i = 30; i > 3; i -= 4) for (let k = 1; k < 5; k += 2) expected.push(whole[(i * 29 + 7) * 5 + k]);
    expect(Array.from(sel)).toEqual(expected);
    // Another array with the same seed (and chunks that change the region grid) agrees.
    expect(await flat(ops.random([37, 29, 5], { seed: 2024, dtype: 'float64', chunks: [3, 7, 2] }), { regionSizeMb: 0.0001 })).toEqual(whole);
    // Seeds are taken modulo 2^64; a different seed gives different values.
    const a = await flat(ops.random([50], { seed: -1, dtype: 'float64' }));
    expect(await flat(ops.random([50], { seed: 2n ** 64n - 1n, dtype: 'float64' }))).toEqual(a);
    expect(await flat(ops.random([50], { seed: 2n ** 64n - 2n, dtype: 'float64' }))).not.toEqual(a);
    // No seed: a fresh one per array, fixed for that array.
    const fresh = ops.random([64], { dtype: 'float64' });
    expect(await flat(fresh, { regionSizeMb: 0.0001 })).toEqual(await flat(fresh));
    expect(await flat(fresh)).not.toEqual(await flat(ops.random([64], { dtype: 'float64' })));
  });

  test('is uniform on [0, 1): mean, variance, Kolmogorov-Smirnov and chi-square (fixed seed)', async () => {
    const n = 200_000;
    for (const dtype of ['float64', 'float32'] as const) {
      const v = Array.from((await ops.random([n], { seed: 31337, dtype }).compute()).data as Float64Array);
      expect(v.every((x) => x >= 0 && x < 1)).toBe(true);
      const mean = v.reduce((s, x) => s + x, 0) / n;
      const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
      // 5 standard errors: sd(mean) = sqrt(1/12 / n); sd(var) = sqrt(1/180 / n).
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
      expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
      const sorted = v.slice().sort((x, y) => x - y);
      let ks = 0;
      for (let i = 0; i < n; i++) ks = Math.max(ks, (i + 1) / n - sorted[i], sorted[i] - i / n);
      expect(ks).toBeLessThan(1.95 / Math.sqrt(n)); // alpha = 0.001
      const bins = new Array<number>(100).fill(0);
      for (const x of v) bins[Math.floor(x * 100)]++;
      const chi2 = bins.reduce((s, c) => s + (c - n / 100) ** 2 / (n / 100), 0);
      expect(chi2).toBeLessThan(148.2); // 99 degrees of freedom, alpha = 0.001
    }
  });
});

test('creation never allocates the whole array: a huge zeros/random is sliced and reduced region by region', async () => {
  const huge = ops.zeros([1_000_000, 1_000_000], { dtype: 'float64' }); // 8 TB if it were allocated
  const part = await huge.get('999990:, 5:8').add(2).compute();
  expect(part.shape).toEqual([10, 3]);
  expect(Array.from(part.data as Float64Array)).toEqual(new Array(30).fill(2));
  const r = ops.random([1_000_000, 1_000_000], { seed: 5, dtype: 'float64' });
  const corner = (await r.get('999999, 999997:').compute()).data as Float64Array;
  // The flat index is about 1e12 here: the stream formula, written with BigInt.
  const M = 2n ** 64n - 1n;
  const splitmix = (seed: bigint, i: bigint): number => {
    let z = (seed + (i + 1n) * 0x9e3779b97f4a7c15n) & M;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    return Number((z ^ (z >> 31n)) >> 11n) * 2 ** -53;
  };
  const base = 999_999n * 1_000_000n;
  expect(Array.from(corner)).toEqual([999_997n, 999_998n, 999_999n].map((j) => splitmix(5n, base + j)));
  expect(await ops.ones([3000, 2000], { dtype: 'int32' }).sum(undefined, { regionSizeMb: 0.5 })).toBe(6_000_000n);
});

test('io.write writes creation arrays region by region with tiny regions', async () => {
  const out = path.join(dir, 'created.zarr');
  const k = cases.findIndex((e) => JSON.stringify(e) === JSON.stringify({ op: 'random', args: [[40, 33], { seed: 9 }] }));
  const r = run.results[k];
  if ('error' in r) throw new Error(r.error);
  await io.write(ops.random([40, 33], { seed: 9 }), out, { chunks: [7, 5], regionSizeMb: 0.0002, threads: 2 });
  assertNdEqual(await (await io.read(out)).compute(), { bytes: resultBytes(run, r), shape: r.shape, dtype: r.dtype }, 'random written');
  const out2 = path.join(dir, 'full.zarr');
  await io.write(ops.full([9, 4], -2, { dtype: 'int8' }), out2, { chunks: [2, 3], regionSizeMb: 0.00001, zarrFormat: 2 });
  expect(Array.from((await (await io.read(out2)).compute()).data as Int8Array)).toEqual(new Array(36).fill(-2));
  expect(fs.existsSync(path.join(out2, '.zarray'))).toBe(true);
});

test('fluent *Like forms and metadata', () => {
  const a = fromArray(new Uint16Array(12), [3, 4], { chunks: [2, 2] });
  expect(a.zerosLike()).toMatchObject({ shape: [3, 4], dtype: 'uint16', chunks: [2, 2] });
  expect(a.onesLike({ dtype: 'bool' }).dtype).toBe('bool');
  expect(a.fullLike(2.5, { chunks: [3, 1] })).toMatchObject({ dtype: 'uint16', chunks: [3, 1] });
  expect(a.emptyLike().dtype).toBe('uint16');
  expect(ops.zeros([4, 5], { chunks: [2, 5] }).chunks).toEqual([2, 5]);
  expect(ops.random([4, 5]).chunks).toBeNull();
  expect(ops.full([2], 1).dtype).toBe('float64');
});

describe('bad arguments are ERR_ZARR_INVALID_ARGUMENT naming the operation and the argument, before any I/O', () => {
  const a = fromArray(new Float32Array(6), [2, 3]);
  test.each([
    ['zeros: shape', () => ops.zeros([2.5, 3])],
    ['ones: shape', () => ops.ones([-1])],
    ['empty: shape', () => ops.empty('3' as never)],
    ['zeros: unknown option "dtyp"', () => ops.zeros([2], { dtyp: 'int8' } as never)],
    ['full: dtype', () => ops.full([2], 1, { dtype: 'int128' as never })],
    ['full: value', () => ops.full([2], '1' as never)],
    ['full: value: Python integer 300 is out of bounds for uint8', () => ops.full([2], 300, { dtype: 'uint8' })],
    ['zeros: chunks', () => ops.zeros([4, 4], { chunks: [2] })],
    ['random: dtype int32', () => ops.random([3], { dtype: 'int32' })],
    ['random: seed', () => ops.random([3], { seed: 1.5 })],
    ['random: unknown option "sed"', () => ops.random([3], { sed: 1 } as never)],
    ['zerosLike(a)', () => ops.zerosLike([1, 2] as never)],
    ['fullLike: unknown option "fill"', () => a.fullLike(1, { fill: 2 } as never)],
    ['onesLike: chunks', () => a.onesLike({ chunks: [0, 1] })],
  ])('%s', (message, f) => {
    let err: DynaZarrError | undefined;
    try { f(); } catch (e) { err = e as DynaZarrError; }
    expect(err?.code).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(err?.message).toContain(message);
  });
});
