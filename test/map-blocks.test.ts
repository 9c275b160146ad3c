/**
 * mapBlocks / mapOverlap against NumPy and scipy.ndimage (test/oracle/map_blocks.py):
 * the same per-block functions written in Python; mapOverlap's halo checked by a
 * correlation written as a JS loop against scipy.ndimage.correlate over the whole
 * array with the same mode (exact: small integers in float64), at every block edge,
 * composed with other operations, computed and written region by region with tiny
 * regions (written stores read back by zarr-python). Then errors, aborts and the
 * bound on blocks in flight.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, ops, fromArray, isDynaZarrError, type DynamicArray, type NdArray } from '../lib/index';
import { allocate, DTYPES, itemSize } from '../lib/dtype';
import { assertNdEqual, type DTypeName } from './helpers/compare';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

jest.setTimeout(120_000);

const INPUTS = [
  { shape: [17, 23], dtype: 'int32', seed: 1, chunks: [5, 7] },
  { shape: [6, 7, 5], dtype: 'int32', seed: 2, chunks: [4, 3, 2] },
  { shape: [3, 4], dtype: 'int32', seed: 3, chunks: [2, 3] },
];

type Post = { add?: number; sel?: Array<[number, number, number]> };
const BLOCK_CASES: Array<{ name: string; in: number; fn: string; blocks: number[]; post?: Post }> = [
  { name: 'scale', in: 0, fn: 'scale_start', blocks: [5, 7] },
  { name: 'scale_chunks', in: 0, fn: 'scale_start', blocks: [4, 9] },
  { name: 'scale_post', in: 0, fn: 'scale_start', blocks: [5, 7], post: { add: 1, sel: [[0, 17, 2], [1, 23, 3]] } },
  { name: 'halfmax', in: 0, fn: 'half_plus_max', blocks: [5, 7], post: { add: 1 } },
  { name: 'window', in: 0, fn: 'scale_start', blocks: [5, 7], post: { sel: [[6, 9, 1], [8, 10, 1]] } },
  { name: 'strided_window', in: 0, fn: 'scale_start', blocks: [5, 7], post: { sel: [[4, 6, 1], [0, 23, 10]] } },
];

const MODES = ['reflect', 'nearest', 'mirror', 'wrap', 'constant'] as const;
type Mode = (typeof MODES)[number];
type Overlap = {
  name: string; in: number; mode: Mode; cval?: number; depth: number[]; chunks?: number[]; filter?: 'uniform'; size?: number[];
  sel?: Array<[number, number, number]>;
};
const OVERLAP_CASES: Overlap[] = [
  ...MODES.map((mode): Overlap => ({ name: `corr2_${mode}`, in: 0, mode, depth: [1, 2], cval: mode === 'constant' ? 7 : undefined })),
  ...MODES.map((mode): Overlap => ({ name: `corr3_${mode}`, in: 1, mode, depth: [1, 2, 1] })),
  // A halo deeper than the array: the boundary repeats (periodically) as scipy's extension does.
  ...MODES.map((mode): Overlap => ({ name: `deep_${mode}`, in: 2, mode, depth: [4, 5], cval: mode === 'constant' ? -3 : undefined })),
  { name: 'uniform_reflect', in: 0, mode: 'reflect', depth: [1, 1], filter: 'uniform', size: [3, 3] },
  // A window at the array's corner: its halo wraps around to blocks the window does not meet.
  { name: 'window_wrap', in: 0, mode: 'wrap', depth: [2, 3], sel: [[0, 2, 1], [0, 3, 1]] },
];

let dir: string;
let shapes: Record<string, [number[], DTypeName]>;
let inputs: DynamicArray[];

beforeAll(async () => {
  dir = makeTempDir('map-blocks');
  const report = await runPythonPlan<{ shapes: typeof shapes }>('map_blocks.py', 'prepare', path.join(dir, 'plan.json'),
    { inputs: INPUTS, blocks: BLOCK_CASES, overlaps: OVERLAP_CASES }, [dir]);
  shapes = report.shapes;
  inputs = await Promise.all(INPUTS.map((_, k) => io.read(path.join(dir, `in${k}.zarr`))));
});

afterAll(() => removeTempDir(dir));

const expected = (name: string): { bytes: Uint8Array; shape: number[]; dtype: DTypeName } => ({
  bytes: new Uint8Array(fs.readFileSync(path.join(dir, `${name}.bin`))), shape: shapes[name][0], dtype: shapes[name][1],
});

// The per-block functions of the oracle, in JavaScript.
const FNS: Record<string, (b: NdArray, info: { start: number[] }) => NdArray> = {
  scale_start: (b, { start }) => ({ data: (b.data as Int32Array).map((v) => v * 3 + start[0] * 7 + start[1]), shape: b.shape, dtype: b.dtype }),
  half_plus_max: (b) => {
    const data = b.data as Int32Array;
    const max = data.reduce((m, v) => Math.max(m, v), -Infinity);
    return { data: Float64Array.from(data, (v) => v / 2 + max), shape: b.shape, dtype: 'float64' };
  },
};

function applyPost(a: DynamicArray, post?: Post): DynamicArray {
  let r = a;
  if (post?.add !== undefined) r = r.add(post.add);
  if (post?.sel) r = r.get(post.sel.map(([s, e, st]) => `${s}:${e}:${st}`).join(','));
  return r;
}

function blockCase(c: (typeof BLOCK_CASES)[number]): DynamicArray {
  const a = inputs[c.in];
  const sameGrid = c.blocks.every((b, k) => b === (a.chunks as number[])[k]);
  const dtype = c.fn === 'half_plus_max' ? 'float64' : undefined;
  // The array's own chunk grid by default; options.chunks otherwise.
  const mapped = sameGrid && !dtype ? a.mapBlocks(FNS[c.fn]) : ops.mapBlocks(a, FNS[c.fn], { chunks: sameGrid ? undefined : c.blocks, dtype });
  return applyPost(mapped, c.post);
}

/** Correlation with weights 1, 2, 3, … of shape 2*depth+1, on the interior of a halo block (a JS loop). */
function correlateFn(depth: number[]): (b: NdArray) => NdArray {
  const wshape = depth.map((d) => 2 * d + 1);
  const wsize = wshape.reduce((p, s) => p * s, 1);
  return (b) => {
    const nd = b.shape.length;
    const strides = b.shape.map((_, k) => b.shape.slice(k + 1).reduce((p, s) => p * s, 1));
    const data = b.data as Float64Array;
    const out = new Float64Array(data.length);
    const idx = new Array<number>(nd).fill(0);
    for (let flat = 0; flat < data.length; flat++) {
      let rest = flat;
      for (let k = 0; k < nd; k++) { idx[k] = Math.floor(rest / strides[k]); rest -= idx[k] * strides[k]; }
      if (idx.some((i, k) => i < depth[k] || i >= b.shape[k] - depth[k])) continue;
      let sum = 0;
      for (let w = 0; w < wsize; w++) {
        let r = w;
        let off = 0;
        for (let k = nd - 1; k >= 0; k--) {
          const wk = r % wshape[k];
          r = (r - wk) / wshape[k];
          off += (idx[k] + wk - depth[k]) * strides[k];
        }
        sum += (w + 1) * data[off];
      }
      out[flat] = sum;
    }
    return { data: out, shape: b.shape, dtype: 'float64' };
  };
}

/** 3×3 (any size) mean as a JS loop: sum / count over the window. */
function meanFn(size: number[]): (b: NdArray) => NdArray {
  const depth = size.map((s) => (s - 1) / 2);
  return (b) => {
    const [h, w] = b.shape;
    const data = b.data as Float64Array;
    const out = new Float64Array(data.length);
    for (let i = depth[0]; i < h - depth[0]; i++) {
      for (let j = depth[1]; j < w - depth[1]; j++) {
        let s = 0;
        for (let di = -depth[0]; di <= depth[0]; di++) for (let dj = -depth[1]; dj <= depth[1]; dj++) s += data[(i + di) * w + j + dj];
        out[i * w + j] = s / (size[0] * size[1]);
      }
    }
    return { data: out, shape: b.shape, dtype: 'float64' };
  };
}

function overlapCase(c: Overlap): DynamicArray {
  const a = inputs[c.in].astype('float64');
  const fn = c.filter === 'uniform' ? meanFn(c.size as number[]) : correlateFn(c.depth);
  const options = { boundary: c.mode, ...(c.cval !== undefined ? { cval: c.cval } : {}), ...(c.chunks ? { chunks: c.chunks } : {}) };
  const r = ops.mapOverlap(a, fn, c.depth, options);
  return c.sel ? r.get(c.sel.map(([s, e, st]) => `${s}:${e}:${st}`).join(',')) : r;
}

function closeTo(actual: NdArray, exp: { bytes: Uint8Array; shape: number[] }, rtol: number): void {
  const want = new Float64Array(exp.bytes.buffer, exp.bytes.byteOffset, exp.bytes.byteLength / 8);
  expect(actual.shape).toEqual(exp.shape);
  const got = actual.data as Float64Array;
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= rtol * Math.max(1, Math.abs(want[i])))) throw new Error(`element ${i}: ${got[i]} != ${want[i]}`);
  }
}

describe('mapBlocks', () => {
  test.each(BLOCK_CASES.map((c) => [c.name, c] as const))('%s equals the per-block NumPy function, computed in tiny regions', async (_name, c) => {
    const r = blockCase(c);
    assertNdEqual(await r.compute({ regionSizeMb: 0.0005, threads: 2 }), expected(c.name), c.name);
  });

  test('a window computes only the blocks it meets', async () => {
    const calls: string[] = [];
    const r = inputs[0].mapBlocks((b, { start }) => { calls.push(start.join(',')); return b; });
    await r.get('6:9, 8:10').compute();
    expect(calls).toEqual(['5,7']);
    calls.length = 0;
    await r.get('4:6, ::10').add(1).compute(); // rows in blocks 0-1, columns 0, 10, 20 in blocks 0-2
    expect(calls.sort()).toEqual(['0,0', '0,14', '0,7', '5,0', '5,14', '5,7']);
    calls.length = 0;
    await ops.concatenate([r.get('0:3'), r.get('15:17')]).compute();
    expect(calls.sort()).toEqual(['0,0', '0,14', '0,21', '0,7', '15,0', '15,14', '15,21', '15,7']);
    calls.length = 0;
    await r.sum(1, {}); // a reduction needs every block
    expect(calls.length).toBe(4 * 4);
  });

  test('the result has the input shape, the block grid as chunks, options.dtype as dtype', () => {
    const a = inputs[0];
    expect(a.mapBlocks(FNS.scale_start).chunks).toEqual([5, 7]);
    const r = ops.mapBlocks(a, FNS.half_plus_max, { dtype: 'float64', chunks: [4, 100] });
    expect([r.shape, r.dtype, r.chunks]).toEqual([[17, 23], 'float64', [4, 23]]);
  });

  test('io.write region by region with tiny regions: zarr-python reads the NumPy values', async () => {
    const stores = [];
    for (const c of BLOCK_CASES) {
      const out = path.join(dir, `out-${c.name}.zarr`);
      await io.write(blockCase(c), out, { regionSizeMb: 0.0005, chunks: c.post?.sel ? [3, 2] : [4, 6], threads: 2 });
      stores.push({ path: out, expected: path.join(dir, `${c.name}.bin`), shape: shapes[c.name][0], dtype: shapes[c.name][1] });
    }
    const check = await runPythonPlan<{ results: Array<string | null> }>('map_blocks.py', 'check', path.join(dir, 'check.json'), { stores });
    expect(check.results).toEqual(stores.map(() => null));
  });

  test('a whole-array reduction of a mapBlocks result equals NumPy', async () => {
    const exp = expected('scale');
    const want = Array.from(new Int32Array(exp.bytes.buffer, exp.bytes.byteOffset, exp.bytes.byteLength / 4)).reduce((s, v) => s + v, 0);
    expect(await blockCase(BLOCK_CASES[0]).sum()).toBe(BigInt(want));
  });

  test('mapBlocks of a mapBlocks (nested user functions) and shared sub-graphs', async () => {
    const a = inputs[0];
    const inner = a.mapBlocks((b) => b); // identity per block
    const outer = ops.mapBlocks(inner, FNS.scale_start);
    const twice = ops.subtract(outer, outer.add(0)); // the same map node twice: all zeros
    assertNdEqual(await outer.compute({ regionSizeMb: 0.001 }), expected('scale'), 'nested');
    const z = await twice.compute();
    expect(Array.from(z.data as Int32Array).every((v) => v === 0)).toBe(true);
  });

  test('every dtype keeps its bytes through the block store (identity function, edge blocks)', async () => {
    for (const dtype of DTYPES) {
      const shape = [5, 7];
      const bytes = new Uint8Array(35 * itemSize(dtype));
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 0xff;
      if (dtype === 'bool') bytes.forEach((v, i) => { bytes[i] = v & 1; });
      const data = allocate(dtype, 35);
      new Uint8Array(data.buffer).set(bytes);
      const r = await fromArray(data, shape, { dtype, chunks: [2, 3] }).mapBlocks((b) => b).compute({ regionSizeMb: 0.0001 });
      expect([dtype, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).equals(Buffer.from(bytes))]).toEqual([dtype, true]);
    }
  });

  test('a 0-d array and an array with an empty axis', async () => {
    const scalar = fromArray(new Float64Array([2.5]), []);
    const r = await scalar.mapBlocks((b, info) => ({ data: Float64Array.from([Number(b.data[0]) * 2 + info.start.length]), shape: [], dtype: 'float64' })).compute();
    expect(Array.from(r.data as Float64Array)).toEqual([5]);
    let calls = 0;
    const empty = fromArray(new Float32Array(0), [3, 0]).mapBlocks((b) => { calls++; return b; });
    expect((await empty.compute()).shape).toEqual([3, 0]);
    expect(calls).toBe(0);
  });
});

describe('mapOverlap', () => {
  test.each(OVERLAP_CASES.map((c) => [c.name, c] as const))('%s equals scipy.ndimage over the whole array, at every block edge', async (_name, c) => {
    const r = overlapCase(c);
    const got = await r.compute({ regionSizeMb: 0.0005, threads: 2 });
    if (c.filter === 'uniform') closeTo(got, expected(c.name), 1e-12);
    else assertNdEqual(got, expected(c.name), c.name);
  });

  test('composed (slice of a halo result, written region by region) equals scipy', async () => {
    const c = OVERLAP_CASES[0];
    const out = path.join(dir, 'out-overlap.zarr');
    await io.write(overlapCase(c).mapBlocks((b) => b), out, { regionSizeMb: 0.0005, chunks: [3, 4] });
    const check = await runPythonPlan<{ results: Array<string | null> }>('map_blocks.py', 'check', path.join(dir, 'check2.json'),
      { stores: [{ path: out, expected: path.join(dir, `${c.name}.bin`), shape: shapes[c.name][0], dtype: 'float64' }] });
    expect(check.results).toEqual([null]);
  });

  test('a window of a nested map (halo over a mapBlocks) computes the inner blocks its halo reads, and equals scipy', async () => {
    const c = OVERLAP_CASES.find((o) => o.name === 'window_wrap') as Overlap;
    const inner: string[] = [];
    const outer: string[] = [];
    const a = inputs[c.in].astype('float64').mapBlocks((b, { start }) => { inner.push(start.join(',')); return b; });
    const corr = correlateFn(c.depth);
    const r = a.mapOverlap((b, { start }) => { outer.push(start.join(',')); return corr(b); }, c.depth, { boundary: 'wrap' });
    assertNdEqual(await r.get('0:2, 0:3').compute(), expected(c.name), c.name);
    expect(outer).toEqual(['0,0']);
    // Rows 15-16 and 0-4 (blocks 0 and 3, with the bounding box of blocks 0-3), columns 20-22 and 0-5 likewise.
    expect(inner.length).toBe(16);
  });

  test('options.dtype: an int32 input, float64 results, equal to scipy', async () => {
    const r = ops.mapOverlap(inputs[0], correlateFn([1, 2]), [1, 2], { dtype: 'float64' });
    expect(r.dtype).toBe('float64');
    assertNdEqual(await r.compute({ regionSizeMb: 0.001 }), expected('corr2_reflect'), 'dtype');
  });

  test('the function gets the block with its halo and info.start of the block itself', async () => {
    const seen: Array<{ start: number[]; shape: number[] }> = [];
    const a = fromArray(new Float32Array(10).map((_, i) => i), [10], { chunks: [4] });
    await a.mapOverlap((b, info) => { seen.push({ start: info.start, shape: b.shape }); return b; }, 2, { boundary: 'nearest' }).compute();
    seen.sort((x, y) => x.start[0] - y.start[0]);
    expect(seen).toEqual([{ start: [0], shape: [8] }, { start: [4], shape: [8] }, { start: [8], shape: [6] }]);
  });
});

describe('errors', () => {
  const a = (): DynamicArray => inputs[0];

  test('bad arguments are ERR_ZARR_INVALID_ARGUMENT at once, before fn runs', () => {
    const fn = jest.fn((b: NdArray) => b);
    const bad: Array<[() => unknown, RegExp]> = [
      [() => ops.mapBlocks(a(), 42 as never), /mapBlocks: fn must be a function/],
      [() => a().mapBlocks(fn, { dtyp: 'int8' } as never), /mapBlocks: unknown option "dtyp"/],
      [() => a().mapBlocks(fn, { dtype: 'int128' as never }), /mapBlocks: options.dtype/],
      [() => a().mapBlocks(fn, { chunks: [0, 3] }), /mapBlocks: options.chunks/],
      [() => a().mapBlocks(fn, { boundary: 'wrap' } as never), /mapBlocks: unknown option "boundary"/],
      [() => a().mapOverlap(fn, -1), /mapOverlap: depth must be a non-negative integer/],
      [() => a().mapOverlap(fn, [1]), /mapOverlap: depth/],
      [() => a().mapOverlap(fn, 1.5), /mapOverlap: depth/],
      [() => a().mapOverlap(fn, 1, { boundary: 'symmetric' as never }), /mapOverlap: options.boundary must be one of/],
      [() => a().mapOverlap(fn, 1, { cval: '3' as never }), /mapOverlap: options.cval/],
      [() => ops.mapOverlap({} as never, fn, 1), /mapOverlap\(a\) must be a DynamicArray/],
    ];
    for (const [call, message] of bad) {
      let err: unknown;
      try { call(); } catch (e) { err = e; }
      expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    expect(fn).not.toHaveBeenCalled();
  });

  test('a block of the wrong shape or dtype names mapBlocks and the block start', async () => {
    const wrongShape = a().mapBlocks((b, { start }) => (start[1] === 7 ? { ...b, shape: [b.shape[0] * b.shape[1]] } : b));
    await expect(wrongShape.compute()).rejects.toMatchObject({
      code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/^mapBlocks: .*block at start \[\d+, 7\] has shape \[35\], expected \[5, 7\]/),
    });
    const wrongDtype = a().mapBlocks((b) => ({ data: Float64Array.from(b.data as Int32Array), shape: b.shape, dtype: 'float64' }));
    await expect(wrongDtype.compute()).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/block at start \[0, 0\] has dtype float64, expected int32/) });
    const lying = a().mapBlocks((b) => ({ data: new Int32Array(3), shape: b.shape, dtype: b.dtype }));
    await expect(lying.compute()).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/data must be a int32 typed array of 35/) });
    const overlap = a().mapOverlap((b) => ({ data: b.data, shape: b.shape.map((s) => s - 2), dtype: b.dtype }), 1);
    await expect(overlap.compute()).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/^mapOverlap: .*block at start/) });
    const notNd = a().mapBlocks(() => 5 as never);
    await expect(notNd.compute()).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringMatching(/must be an NdArray/) });
  });

  const tempStores = (): string[] => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('dyna-zarr-blocks-'));

  test("the function's own error (thrown or rejected) rejects compute and io.write as the same object; nothing is left written", async () => {
    const before = tempStores();
    const boom = new RangeError('user boom');
    const thrower = a().mapBlocks((b, { start }) => { if (start[0] === 10) throw boom; return b; });
    await expect(thrower.add(1).compute()).rejects.toBe(boom);
    const rejecter = a().mapOverlap(async (b, { start }) => { if (start[1] === 14) throw boom; return b; }, 1);
    await expect(rejecter.compute()).rejects.toBe(boom);
    await expect(rejecter.sum()).rejects.toBe(boom);
    const out = path.join(dir, 'failed-write.zarr');
    const entriesBefore = fs.readdirSync(dir);
    await expect(io.write(thrower, out, { regionSizeMb: 0.001 })).rejects.toBe(boom);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(entriesBefore); // no staging folder
    expect(tempStores()).toEqual(before);
    // A thrown non-Error value is passed on unchanged too.
    await expect(a().mapBlocks(() => { throw 'plain string'; }).compute()).rejects.toBe('plain string');
  });

  test('an abort stops calling fn and rejects with ERR_ZARR_ABORTED (compute and io.write)', async () => {
    const before = tempStores();
    for (const kind of ['compute', 'write'] as const) {
      const controller = new AbortController();
      let calls = 0;
      let callsAtAbort = -1;
      const r = a().mapBlocks(async (b) => {
        calls++;
        if (calls === 3) { controller.abort(); callsAtAbort = calls; }
        await new Promise((res) => setTimeout(res, 5));
        return b;
      }, { chunks: [2, 2] }); // 108 blocks
      const p = kind === 'compute'
        ? r.compute({ signal: controller.signal, threads: 2 })
        : io.write(r, path.join(dir, 'aborted.zarr'), { signal: controller.signal, threads: 2 });
      await expect(p).rejects.toMatchObject({ code: 'ERR_ZARR_ABORTED' });
      await new Promise((res) => setTimeout(res, 50));
      // The block already in flight (threads = 2) finishes its input, but fn is not called again.
      expect(calls - callsAtAbort).toBe(0);
    }
    expect(fs.existsSync(path.join(dir, 'aborted.zarr'))).toBe(false);
    expect(tempStores()).toEqual(before);
  });

  test('at most `threads` blocks are in flight', async () => {
    for (const threads of [1, 3]) {
      let inFlight = 0;
      let most = 0;
      let calls = 0;
      const r = a().mapBlocks(async (b) => {
        calls++;
        most = Math.max(most, ++inFlight);
        await new Promise((res) => setTimeout(res, 2));
        inFlight--;
        return b;
      }, { chunks: [3, 3] });
      await r.compute({ threads });
      expect(calls).toBe(6 * 8);
      expect(most).toBeLessThanOrEqual(threads);
      if (threads > 1) expect(most).toBeGreaterThan(1);
    }
  });
});
