/**
 * coarsen against TensorStore's downsample (test/oracle/coarsen_ts.py, one
 * batched call): every dtype × method, 1-D to 4-D shapes that neither the
 * factors nor the chunks divide, factors with 1s and beyond the axis length,
 * tiny regions (many partial boxes), Zarr inputs, slices before and after,
 * chains, and io.write region by region. Values must be bit-identical.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DTYPES, type DType } from '../lib/dtype';
import { bytesPerRootElement } from '../lib/graph/nodes';
import { fromArray, io, isDynaZarrError, ops, slice, type DynamicArray } from '../lib/index';
import { assertNdEqual, typedFromBytes, type DTypeName } from './helpers/compare';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

type Method = 'mean' | 'median' | 'mode' | 'min' | 'max';
type Values = 'small' | 'wide' | 'finite';
type Range = [number | null, number | null, number | null];
interface Input { dtype: DType; shape: number[]; seed: number; values: Values; chunks?: number[]; zarr?: { chunks: number[] } }
interface Case { in: number; factors: number | number[]; method: Method; pre?: Range[]; post?: Range[] }
type Result = { offset: number; nbytes: number; shape: number[]; dtype: DTypeName } | { error: string };

const METHODS: Method[] = ['mean', 'median', 'mode', 'min', 'max'];
const inputs: Input[] = [];
const cases: Case[] = [];
const addInput = (x: Omit<Input, 'seed'>): number => inputs.push({ ...x, seed: inputs.length + 1 }) - 1;

// Per dtype: small values (ties) in 3-D, the full range (floats: NaN, ±inf, -0) in 4-D,
// and a 1-D or 2-D one. Factor sets per rank: with 1s, per axis, beyond the length.
const FACTORS: Record<number, Array<number | number[]>> = {
  1: [2, [3], [30]],
  2: [[2, 3], [1, 4], 3],
  3: [[2, 2, 2], [1, 3, 4], [5, 1, 2]],
  4: [[2, 2, 2, 2], [1, 2, 3, 1], [3, 1, 1, 4]],
};
const isFloat = (d: DType): boolean => d.startsWith('float') || d.startsWith('complex');
for (const dtype of DTYPES) {
  const ins = [
    addInput({ dtype, shape: [5, 7, 9], values: 'small', chunks: [2, 3, 4] }),
    addInput({ dtype, shape: [3, 5, 4, 7], values: 'wide', chunks: [2, 2, 3, 3] }),
    isFloat(dtype) ? addInput({ dtype, shape: [7, 10], values: 'finite', chunks: [3, 4] }) : addInput({ dtype, shape: [23], values: 'wide', chunks: [5] }),
  ];
  for (const k of ins) {
    const x = inputs[k];
    for (const method of METHODS) {
      // TensorStore's median and mode of NaN or -0/+0 depend on its sort's handling of them.
      if (x.values === 'wide' && isFloat(dtype) && (method === 'median' || method === 'mode')) continue;
      for (const factors of FACTORS[x.shape.length]) cases.push({ in: k, factors, method });
    }
  }
}
// Blocks of 90 000 elements: 16-bit means past the 32-bit accumulator (sums of 64-bit ints need 128 bits: wide above).
for (const dtype of ['uint16', 'int16', 'uint8'] as DType[]) {
  const k = addInput({ dtype, shape: [301, 302], values: 'wide' });
  cases.push({ in: k, factors: [300, 300], method: 'mean' }, { in: k, factors: [256, 128], method: 'mean' });
}
const matrixCases = cases.length;

// A Zarr v3 (zstd) input whose chunks the factors do not divide; slices before and after.
const zIn = addInput({ dtype: 'uint16', shape: [37, 29, 23], values: 'wide', zarr: { chunks: [8, 7, 5] } });
const zSmall = addInput({ dtype: 'int16', shape: [19, 17, 13], values: 'small', zarr: { chunks: [4, 6, 5] } });
const zFloat = addInput({ dtype: 'float32', shape: [19, 17, 13], values: 'wide', zarr: { chunks: [4, 6, 5] } });
const zarrCases: Array<{ c: Case; label: string }> = [];
const addZ = (c: Case, label: string): void => { zarrCases.push({ c, label }); cases.push(c); };
for (const method of METHODS) {
  addZ({ in: zIn, factors: [2, 3, 2], method }, `zarr uint16 ${method}`);
  addZ({ in: zSmall, factors: [3, 2, 4], method }, `zarr int16 ${method}`);
  if (method !== 'median' && method !== 'mode') addZ({ in: zFloat, factors: [2, 5, 3], method }, `zarr float32 ${method}`);
}
const PRE: Range[] = [[3, 31, null], [null, null, 2], [1, null, -1]];
const POST: Range[] = [[1, null, 2], [null, null, -1], [2, 5, null]];
addZ({ in: zIn, factors: [2, 2, 3], method: 'mean', pre: PRE }, 'coarsen of a slice');
addZ({ in: zSmall, factors: [2, 2, 3], method: 'mode', pre: [[null, null, -1], [4, 9, null], [null, null, 3]] }, 'mode of a slice');
addZ({ in: zIn, factors: [3, 2, 2], method: 'max', post: POST }, 'slice of a coarsen');
addZ({ in: zIn, factors: [2, 3, 2], method: 'mean', pre: PRE, post: POST }, 'slice of a coarsen of a slice');
const localCase = cases.length;  // reads only the chunks it needs (the others are corrupted below)
cases.push({ in: zIn, factors: [2, 2, 2], method: 'mean', pre: [[0, 16, null], [7, 14, null], [0, 10, null]] });
const writeCase = cases.length;
cases.push({ in: zIn, factors: [3, 2, 5], method: 'mean' });
const meanOnly = cases.length;  // chain: coarsen of a coarsen, checked against two downsamples below
cases.push({ in: zSmall, factors: [2, 2, 1], method: 'mean' });
// 2 MiB in one chunk: a region is never smaller than one chunk, so with a tiny budget the
// coarsen is asked for a box whose input exceeds its slab budget (1 MiB at least).
const big = addInput({ dtype: 'uint8', shape: [64, 128, 256], values: 'wide', chunks: [64, 128, 256] });
const slabCases = cases.length;
cases.push({ in: big, factors: [2, 2, 2], method: 'mean' }, { in: big, factors: [3, 2, 4], method: 'mode' });

let dir: string;
let results: Result[];
let bytes: Buffer;
let memory: DynamicArray[];

const select = (a: DynamicArray, r: Range[] | undefined): DynamicArray => (r ? a.get(r.map((x) => slice(...x))) : a);

function expected(k: number): { bytes: Uint8Array; shape: number[]; dtype: DTypeName } {
  const r = results[k];
  if ('error' in r) throw new Error(`TensorStore refused case ${k}: ${r.error}`);
  return { bytes: new Uint8Array(bytes.subarray(r.offset, r.offset + r.nbytes)), shape: r.shape, dtype: r.dtype };
}

beforeAll(async () => {
  dir = makeTempDir('coarsen');
  ({ results } = await runPythonPlan<{ results: Result[] }>('coarsen_ts.py', 'run', path.join(dir, 'plan.json'), { inputs, cases }, [dir]));
  bytes = fs.readFileSync(path.join(dir, 'results.bin'));
  memory = inputs.map((x, k) => {
    const data = typedFromBytes(x.dtype, new Uint8Array(fs.readFileSync(path.join(dir, `in${k}.bin`))));
    return fromArray(data, x.shape, { dtype: x.dtype, ...(x.chunks ? { chunks: x.chunks } : {}) });
  });
}, 240_000);
afterAll(() => removeTempDir(dir));

test('every dtype × method × shape × factors equals tensorstore.downsample, in tiny regions', async () => {
  const failures: string[] = [];
  let compared = 0;
  for (let k = 0; k < matrixCases; k++) {
    const c = cases[k];
    const x = inputs[c.in];
    const label = `#${k} ${x.dtype}[${x.shape}] ${x.values} ${c.method} ${JSON.stringify(c.factors)}`;
    const r = results[k];
    try {
      const lazy = ops.coarsen(memory[c.in], c.factors, c.method);
      if ('error' in r) { failures.push(`${label}: TensorStore refused (${r.error}), we built ${lazy.dtype}[${lazy.shape}]`); continue; }
      expect(lazy.shape).toEqual(r.shape);
      assertNdEqual(await lazy.compute({ regionSizeMb: 0.0002 }), expected(k));
      compared++;
    } catch (err) {
      if ('error' in r && isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT') && /method/.test((err as Error).message)) continue;
      failures.push(`${label}: ${(err as Error).message}`);
    }
  }
  expect(failures.slice(0, 20)).toEqual([]);
  // Only complex median/min/max are refused (3 inputs × 3 factor sets × 3 methods × 2 dtypes, less the wide median).
  expect(results.slice(0, matrixCases).filter((r) => 'error' in r).length).toBe(2 * 3 * (3 + 3 + 2));
  expect(compared).toBeGreaterThan(500);
}, 240_000);

test('Zarr inputs, slices before and after, and the fluent method equal TensorStore', async () => {
  for (const { c, label } of zarrCases) {
    const a = await io.read(path.join(dir, `in${c.in}.zarr`));
    const lazy = select(select(a, c.pre).coarsen(c.factors, c.method), c.post);
    assertNdEqual(await lazy.compute({ regionSizeMb: 0.001 }), expected(cases.indexOf(c)), label);
    assertNdEqual(await lazy.compute(), expected(cases.indexOf(c)), `${label} (default regions)`);
  }
});

test('a coarsen of a slice reads only the chunks under it', async () => {
  const copy = path.join(dir, 'local.zarr');
  fs.cpSync(path.join(dir, `in${zIn}.zarr`), copy, { recursive: true });
  // Chunks [8, 7, 5]: the slice [0:16, 7:14, 0:10] lies in chunk rows 0-1, column 1, depth 0-1.
  let corrupted = 0;
  for (const i of [0, 1, 2]) for (const j of [0, 1, 2]) for (const k of [0, 1, 2]) {
    if (i < 2 && j === 1 && k < 2) continue;
    fs.writeFileSync(path.join(copy, 'c', String(i), String(j), String(k)), 'not zstd');
    corrupted++;
  }
  expect(corrupted).toBe(23);
  const a = await io.read(copy);
  const lazy = a.get('0:16, 7:14, 0:10').coarsen(2);
  assertNdEqual(await lazy.compute({ regionSizeMb: 0.0005 }), expected(localCase), 'coarsen of a slice');
  await expect(a.get('0:17, 7:14, 0:10').coarsen(2).compute()).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
});

test('a coarsen composes with other operations', async () => {
  const a = await io.read(path.join(dir, `in${zSmall}.zarr`));
  // coarsen(coarsen(a, [2, 2, 1]), [1, 1, 13]) reads a once per region and equals two TensorStore downsamples.
  const once = ops.coarsen(a, [2, 2, 1]);
  assertNdEqual(await once.compute({ regionSizeMb: 0.0005 }), expected(meanOnly), 'coarsen [2,2,1]');
  const twice = await ops.coarsen(once, [1, 1, 13], 'max').compute({ regionSizeMb: 0.0005 });
  const first = await once.compute();
  const maxOverLast = (first.data as Int16Array).reduce((acc: number[], v, i) => {
    const row = Math.floor(i / 13);
    acc[row] = Math.max(acc[row] ?? -Infinity, v);
    return acc;
  }, []);
  expect(Array.from(twice.data as Int16Array)).toEqual(maxOverLast);
  // Into strided destinations: the second half of a concatenation along the last axis, a transpose.
  const both = await ops.concatenate([ops.flip(once, 2), once], 2).compute({ regionSizeMb: 0.0005 });
  const [p, q, r] = first.shape;
  const half = new Int16Array(p * q * r);
  for (let i = 0; i < p * q; i++) half.set((both.data as Int16Array).subarray(i * 2 * r + r, (i + 1) * 2 * r), i * r);
  expect(Array.from(half)).toEqual(Array.from(first.data as Int16Array));
  const t = await once.T.compute({ regionSizeMb: 0.0005 });
  const at = (d: ArrayLike<number>, shape: number[], idx: number[]): number => d[(idx[0] * shape[1] + idx[1]) * shape[2] + idx[2]];
  for (const idx of [[0, 0, 0], [p - 1, 3, r - 2], [4, q - 1, r - 1]]) {
    expect(at(t.data as Int16Array, t.shape, [idx[2], idx[1], idx[0]])).toBe(at(first.data as Int16Array, first.shape, idx));
  }
  // Elementwise before and after: (coarsen(a) + 1) equals coarsen(a) + 1 elementwise.
  const plus = await ops.add(once, 1).compute({ regionSizeMb: 0.0005 });
  expect(Array.from(plus.data as Int16Array)).toEqual(Array.from(first.data as Int16Array, (v) => v + 1));
});

test('a box larger than the budget is coarsened in slabs, equal to TensorStore', async () => {
  for (const k of [slabCases, slabCases + 1]) {
    const c = cases[k];
    const lazy = ops.coarsen(memory[big], c.factors, c.method);
    assertNdEqual(await lazy.compute({ regionSizeMb: 0.0002 }), expected(k), `${c.method} in slabs`);
    // Under a reduction over axis 0 (the reduce node asks for the coarsen's whole extent along it).
    const top = await ops.max(lazy, 0).compute({ regionSizeMb: 0.0002 });
    const want = expected(k);
    const [n, ...rest] = want.shape;
    const plane = rest[0] * rest[1];
    const most = new Uint8Array(plane);
    for (let i = 0; i < n * plane; i++) most[i % plane] = Math.max(most[i % plane], want.bytes[i]);
    expect(Array.from(top.data as Uint8Array)).toEqual(Array.from(most));
  }
});

test('io.write of a coarsen, region by region, equals TensorStore', async () => {
  const a = await io.read(path.join(dir, `in${zIn}.zarr`));
  const out = path.join(dir, 'written.zarr');
  await io.write(ops.coarsen(a, [3, 2, 5]), out, { chunks: [4, 5, 3], regionSizeMb: 0.001 });
  const back = await io.read(out);
  assertNdEqual(await back.compute(), expected(writeCase), 'written');
});

test('bad factors, unknown methods and refused dtypes are invalid arguments before any I/O', () => {
  const a = fromArray(new Float32Array(24), [2, 3, 4]);
  const z = fromArray(new Float64Array(8), [4], { dtype: 'complex128' });
  const bad: Array<[string, () => unknown, RegExp]> = [
    ['factor 0', () => ops.coarsen(a, 0), /factors/],
    ['negative factor', () => ops.coarsen(a, [2, -1, 2]), /factors/],
    ['fractional factor', () => ops.coarsen(a, [2, 1.5, 2]), /factors/],
    ['NaN factor', () => ops.coarsen(a, NaN), /factors/],
    ['too few factors', () => ops.coarsen(a, [2, 2]), /factors/],
    ['too many factors', () => a.coarsen([2, 2, 2, 2]), /factors/],
    ['string factors', () => ops.coarsen(a, '2' as never), /factors/],
    ['unknown method', () => ops.coarsen(a, 2, 'stride' as never), /method/],
    ['method not a string', () => ops.coarsen(a, 2, 3 as never), /method/],
    ['complex median', () => ops.coarsen(z, 2, 'median'), /method 'median'.*complex128/],
    ['complex min', () => z.coarsen(2, 'min'), /method 'min'.*complex128/],
    ['not an array', () => ops.coarsen([1, 2] as never, 2), /coarsen\(a\)/],
  ];
  for (const [name, f, message] of bad) {
    let thrown: unknown;
    try { f(); } catch (err) { thrown = err; }
    expect([name, isDynaZarrError(thrown, 'ERR_ZARR_INVALID_ARGUMENT')]).toEqual([name, true]);
    expect((thrown as Error).message).toMatch(message);
  }
  // Complex mean and mode are accepted, as TensorStore; all-1 factors give the array itself.
  expect(ops.coarsen(z, 2, 'mode').shape).toEqual([2]);
  expect(ops.coarsen(a, 1)).toBe(a);
});

test('zero-length axes keep the ceil shape; a 0-d array is returned as it is', async () => {
  const e = fromArray(new Float32Array(0), [0, 5]);
  const c = ops.coarsen(e, 2, 'median');
  expect(c.shape).toEqual([0, 3]);
  expect((await c.compute()).data).toHaveLength(0);
  const s = fromArray(new Float32Array([3.5]), []);
  expect(ops.coarsen(s, 4)).toBe(s);
  expect(ops.coarsen(s, [])).toBe(s);
});

test('the region budget counts the input blocks of a coarsen', () => {
  const a = fromArray(new Uint16Array(4096), [16, 16, 16], { chunks: [8, 8, 8] });
  const c = ops.coarsen(a, [2, 2, 4]);
  // Per output element: 16 input elements of 2 bytes, plus the output's own 2 bytes.
  expect(bytesPerRootElement(c.node)).toBe(16 * 2 + 2);
  expect(c.chunks).toEqual([4, 4, 2]);
  expect(c.shape).toEqual([8, 8, 4]);
});
