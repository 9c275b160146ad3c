/**
 * Scans (cumsum cumprod cummax cummin), diff, gradient and rot90 against
 * NumPy (test/oracle/ops_extra.py) on every dtype, computed in tiny regions
 * on 1 and 2 threads, on slices and sliced afterwards; then what a region
 * reads (a corrupt chunk outside what a region needs is never touched).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DTYPES } from '../lib/dtype';
import { Codecs, fromArray, io, ops, type DynaZarrError } from '../lib/index';
import { caseFailures } from './helpers/case-check';
import { runOracle, type Expr, type InputSpec, type OracleRun } from './helpers/lazy-oracle';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const INPUTS: InputSpec[] = [];
const byDtype = new Map<string, Expr>();
for (const d of DTYPES) {
  byDtype.set(d, { in: INPUTS.length });
  INPUTS.push({ dtype: d, shape: [4, 6, 5], seed: INPUTS.length + 1, chunks: [3, 2, 4] });
}
const inp = (d: string): Expr => byDtype.get(d) as Expr;
const long = { in: INPUTS.length } as Expr;
INPUTS.push({ dtype: 'int32', shape: [3, 300], seed: 99, chunks: [2, 7] });
const longF = { in: INPUTS.length } as Expr;
INPUTS.push({ dtype: 'float32', shape: [257, 2], seed: 98, chunks: [5, 1] });
const sel = (e: Expr, s: unknown[]): Expr => ({ op: 'get', args: [e], sel: s as never });

const cases: Expr[] = [];
for (const d of DTYPES) {
  const a = inp(d);
  for (const n of [0, 1, 2, 3]) cases.push({ op: 'diff', args: [a, n, [-1, 0, 1][n % 3]] });
  cases.push({ op: 'diff', args: [a, 7, 0] }); // n past the axis length: an empty result
  cases.push({ op: 'diff', args: [sel(a, [{ s: [null, null, -1] }, { i: 2 }]), 1, 0] });
  cases.push(sel({ op: 'diff', args: [a, 2, 1] }, [{ s: [1, 3, null] }, { s: [null, null, 2] }]));
  for (const axis of [0, 1, -1]) cases.push({ op: 'gradient', args: [a, axis] });
  cases.push({ op: 'gradient', args: [sel(a, [null, { s: [0, 2, null] }]), 1] }); // length-2 axis: the two edges only
  cases.push(sel({ op: 'gradient', args: [a, 0] }, [{ s: [2, null, null] }, { i: -1 }]));
  for (const k of [-3, -1, 0, 1, 2, 3, 5]) cases.push({ op: 'rot90', args: [a, k, [[0, 1], [1, 2], [2, 0], [-1, 0]][(k + 3) % 4]] });
}
const SCANS = ['cumsum', 'cumprod', 'cummax', 'cummin'];
for (const d of DTYPES) {
  const a = inp(d);
  for (const op of SCANS) {
    for (const axis of [0, 1, 2, -1]) cases.push({ op, args: [a, axis] });
    cases.push({ op, args: [a] }); // no axis: flattened
    cases.push({ op, args: [sel(a, [{ s: [null, null, -1] }, { i: 3 }, { s: [1, null, 2] }]), 0] });
    cases.push(sel({ op, args: [a, 1] }, [{ i: -1 }, { s: [5, 0, -2] }]));
  }
}
const hugeInt = { s: '2305843009213693952', k: 'int' } as never; // 2^61: int64 sums wrap
const big = { op: 'random', args: [[1_200_000], { seed: 3, dtype: 'float64' }] };
for (const op of SCANS) {
  cases.push({ op, args: [long, 1] }, { op, args: [longF, 0] }, { op, args: [{ op: 'sqrt', args: [longF] }, 0] });
  for (const d of ['float16', 'float32', 'float64', 'complex128']) {
    cases.push({ op, args: [{ op: 'multiply', args: [inp(d), { s: 0, k: 'int' }] }, 2] }); // signed zeros: NumPy's ties
  }
  cases.push({ op, args: [{ op: 'sqrt', args: [inp('float16')] }, 0] }, { op, args: [{ op: 'divide', args: [inp('complex64'), { s: 0, k: 'int' }] }, 1] });
}
cases.push(
  { op: 'cumsum', args: [{ op: 'multiply', args: [{ op: 'astype', args: [long, 'int64'] }, hugeInt] }, 1] },
  { op: 'cumsum', args: [{ op: 'astype', args: [long, 'uint64'] }, 1] },
  { op: 'cumsum', args: [{ op: 'random', args: [[700, 30], { seed: 8, dtype: 'float32' }] }, 0] },
  { op: 'cumprod', args: [{ op: 'random', args: [[40, 200], { seed: 9, dtype: 'float64' }] }, -1] },
  { op: 'cumsum', args: [sel(inp('int8'), [{ i: 0 }, { i: 0 }, { i: 0 }])] }, // 0-d, no axis: [1]
  { op: 'cumsum', args: [sel(inp('int8'), [{ i: 0 }, { i: 0 }, { i: 0 }]), -1] }, // 0-d with an axis: raveled
  { op: 'cumprod', args: [sel(inp('int8'), [{ i: 0 }, { i: 0 }, { i: 0 }]), 1] }, // ... so axis 1 is an AxisError
  { op: 'cummax', args: [sel(inp('int8'), [{ i: 0 }, { i: 0 }, { i: 0 }]), 0] }, // accumulate refuses a 0-d array
  { op: 'cummax', args: [inp('int8'), 3] }, { op: 'cumprod', args: [inp('int8'), -4] },
  { op: 'cumsum', args: [{ op: 'cumsum', args: [inp('uint8'), 0] }, 2] },
  { op: 'diff', args: [{ op: 'cumsum', args: [inp('int32'), 1] }, 1, 1] },
  // Regions that reach a scan node out of axis order, shifted or twice (the checkpoints must not matter).
  sel({ op: 'cumsum', args: [longF, 0] }, [{ s: [null, null, -1] }]),
  sel({ op: 'cumprod', args: [long, 1] }, [{ s: [null, null, -1] }, { s: [290, 3, -7] }]),
  { op: 'diff', args: [{ op: 'cumsum', args: [longF, 0] }, 2, 0] },
  { op: 'add', args: [{ op: 'cummax', args: [long, 1] }, sel({ op: 'cummax', args: [long, 1] }, [null, { s: [null, null, -1] }])] },
  { op: 'concatenate', args: [[{ op: 'cumsum', args: [longF, 0] }, { op: 'cumsum', args: [longF, 0] }], 0] },
);
const BIG_CASE = cases.length;
cases.push({ op: 'cumsum', args: [big] });
cases.push(
  { op: 'diff', args: [long, 1, 1] }, { op: 'gradient', args: [long, -1] }, { op: 'gradient', args: [longF, 0] },
  { op: 'rot90', args: [inp('uint8')] }, { op: 'diff', args: [inp('int16')] }, { op: 'gradient', args: [inp('float64')] },
  { op: 'diff', args: [{ op: 'gradient', args: [inp('float32'), 1] }, 1, 0] },
  // errors (NumPy raises; we must reject when building)
  { op: 'diff', args: [inp('int8'), -1, 0] }, { op: 'diff', args: [inp('int8'), 1, 3] },
  { op: 'diff', args: [sel(inp('int8'), [{ i: 0 }, { i: 0 }, { i: 0 }])] },
  { op: 'gradient', args: [inp('bool'), 0] }, { op: 'gradient', args: [sel(inp('float32'), [null, { s: [0, 1, null] }]), 1] },
  { op: 'gradient', args: [inp('float32'), -4] },
  { op: 'rot90', args: [inp('int8'), 1, [0, 0]] }, { op: 'rot90', args: [inp('int8'), 1, [0, 3]] },
  { op: 'rot90', args: [inp('int8'), 1, [0, -3]] }, { op: 'rot90', args: [sel(inp('int8'), [{ i: 0 }, { i: 0 }])] },
);

let dir: string;
let run: OracleRun;
beforeAll(async () => {
  dir = makeTempDir('ops-scan');
  run = await runOracle(dir, INPUTS, cases, 'ops_extra.py');
}, 120_000);
afterAll(() => removeTempDir(dir));

test('scans, diff, gradient and rot90 equal NumPy on every dtype, in tiny regions on 1 and 2 threads', async () => {
  const small = cases.filter((_, k) => k !== BIG_CASE);
  const smallRun = { ...run, results: run.results.filter((_, k) => k !== BIG_CASE) };
  const { failures, valid } = await caseFailures(smallRun, small, [{ regionSizeMb: 0.00003, threads: 1 }, { regionSizeMb: 0.0004, threads: 2 }]);
  expect(failures.slice(0, 20)).toEqual([]);
  expect(valid).toBeGreaterThan(cases.length * 0.85);
});

test('a scan over 1.2M float64 in 0.5 MiB regions (prefixes replayed in several 8 MiB slabs) is bit-exact', async () => {
  const { failures, valid } = await caseFailures(
    { ...run, results: [run.results[BIG_CASE]] }, [cases[BIG_CASE]], [{ regionSizeMb: 0.5, threads: 2 }]);
  expect(failures).toEqual([]);
  expect(valid).toBe(1);
}, 60_000);

describe('a region reads only what it needs', () => {
  // int32 [60] in chunks of 4; chunk 10 (elements 40..43) is corrupt on disk.
  let bad: string;
  const values = Int32Array.from({ length: 60 }, (_, i) => (i * i) % 97);
  beforeAll(async () => {
    bad = path.join(dir, 'corrupt.zarr');
    await io.write(fromArray(values, [60]), bad, { chunks: [4], compressor: new Codecs({ compressor: 'zstd' }) });
    fs.writeFileSync(path.join(bad, 'c', '10'), Buffer.from('not zstd at all'));
  });

  test('the corrupt chunk is detected when it is read', async () => {
    const a = await io.read(bad);
    await expect(a.compute()).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
    await expect(ops.diff(a).compute({ regionSizeMb: 0.00002 })).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
  });

  test('diff and gradient of a part before the corrupt chunk never read it', async () => {
    const a = await io.read(bad);
    const v = Array.from(values);
    const d = await ops.diff(a, 2).get('0:37').compute({ regionSizeMb: 0.00002 });
    expect(Array.from(d.data as Int32Array)).toEqual(v.slice(0, 37).map((x, i) => v[i + 2] - 2 * v[i + 1] + x));
    const g = await ops.gradient(a).get('0:39').compute({ regionSizeMb: 0.00002 });
    expect(Array.from(g.data as Float64Array)).toEqual(v.slice(0, 39).map((x, i) => (i === 0 ? v[1] - v[0] : (v[i + 1] - v[i - 1]) / 2)));
    // After it: element 45 needs 44 and 46 only, so chunk 10 stays unread; diff at 39 needs 40, in it.
    const after = await ops.gradient(a).get('45:').compute({ regionSizeMb: 0.00002 });
    expect(Array.from(after.data as Float64Array)).toEqual(v.slice(45).map((x, j) => (j + 45 === 59 ? v[59] - v[58] : (v[j + 46] - v[j + 44]) / 2)));
    await expect(ops.diff(a).get('39:41').compute()).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
  });

  test('a scan reads from the start of the axis up to its region, never past it', async () => {
    const a = await io.read(bad);
    const v = Array.from(values);
    const c = await ops.cumsum(a).get('0:40').compute({ regionSizeMb: 0.00002 });
    let s = 0n;
    expect(Array.from(c.data as BigInt64Array)).toEqual(v.slice(0, 40).map((x) => (s += BigInt(x))));
    await expect(ops.cummax(a).get('50:').compute()).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
  });
});

test('fluent forms', async () => {
  const a = fromArray(new Int16Array([1, 4, 9, 16, 25, 36]), [2, 3]);
  expect(Array.from((await a.diff().compute()).data as Int16Array)).toEqual([3, 5, 9, 11]);
  expect(Array.from((await a.diff(1, 0).compute()).data as Int16Array)).toEqual([15, 21, 27]);
  expect(Array.from((await a.gradient(0).compute()).data as Float64Array)).toEqual([15, 21, 27, 15, 21, 27]);
  expect(Array.from((await a.rot90().compute()).data as Int16Array)).toEqual([9, 36, 4, 25, 1, 16]);
  expect(Array.from((await a.cumsum(1).compute()).data as BigInt64Array)).toEqual([1n, 5n, 14n, 16n, 41n, 77n]);
  expect(Array.from((await a.cumprod().compute()).data as BigInt64Array)).toEqual([1n, 4n, 36n, 576n, 14400n, 518400n]);
  expect(Array.from((await a.cummax(0).compute()).data as Int16Array)).toEqual([1, 4, 9, 16, 25, 36]);
  expect(Array.from((await a.multiply(-1).cummin().compute()).data as Int16Array)).toEqual([-1, -4, -9, -16, -25, -36]);
});

test('diff of an order that would read the input more than 2^16 times per element is ERR_ZARR_LIMIT (empty results are fine)', async () => {
  const a = fromArray(new Float64Array(40), [40]);
  expect(() => ops.diff(a, 17)).toThrow(expect.objectContaining({ code: 'ERR_ZARR_LIMIT', message: expect.stringContaining('diff: order n = 17') }));
  expect((await ops.diff(a, 40).compute()).shape).toEqual([0]);
  expect(Array.from((await ops.diff(fromArray(new Float64Array([1, 5, 2, 8]), [4]), 3).compute()).data as Float64Array)).toEqual([16]);
});

describe('bad arguments are ERR_ZARR_INVALID_ARGUMENT naming the operation and the argument', () => {
  const a = fromArray(new Float32Array(24), [2, 3, 4]);
  test.each([
    ['diff: order n must be non-negative', () => ops.diff(a, -1)],
    ['diff: n must be an integer', () => ops.diff(a, 1.5)],
    ['diff: axis 3 is out of bounds', () => ops.diff(a, 1, 3)],
    ['gradient: axis', () => ops.gradient(a, 1.5 as never)],
    ['gradient: dtype bool', () => ops.gradient(ops.astype(a, 'bool'))],
    ['gradient: axis 0 has length 1', () => ops.gradient(a.get('0:1'), 0)],
    ['rot90: axes must be different', () => ops.rot90(a, 1, [1, 1])],
    ['rot90: axes must be two axes', () => ops.rot90(a, 1, [0, 1, 2])],
    ['rot90: k must be an integer', () => ops.rot90(a, 0.5)],
    ['cumsum: axis 3 is out of bounds', () => ops.cumsum(a, 3)],
    ['diff(a)', () => ops.diff([1, 2] as never)],
    ['cumprod: axis must be an integer', () => ops.cumprod(a, [0, 1] as never)],
    ['cummax: axis -4 is out of bounds', () => ops.cummax(a, -4)],
    ['cummin(a)', () => ops.cummin(null as never)],
  ])('%s', (message, f) => {
    let err: DynaZarrError | undefined;
    try { f(); } catch (e) { err = e as DynaZarrError; }
    expect(err?.code).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(err?.message).toContain(message);
  });
});
