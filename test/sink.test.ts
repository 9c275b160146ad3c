/**
 * io.createSink: blocks pushed in random order, not aligned with the chunks,
 * into v2, v3 and sharded arrays; zarr-python 3 reads the result and NumPy
 * assembles the same blocks (oracle/sink.py). Each chunk is encoded once,
 * abort leaves nothing, bad blocks and budget overruns are refused before
 * anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, io, slice, type NdArray } from '../lib';
import { isDynaZarrError } from '../lib/errors';
import type { DType } from '../lib/dtype';
import { native } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { listFilesRecursive, makeTempDir, removeTempDir } from './helpers/tmp';

type Box = [number[], number[]];

/** base[i] = (3 i) % 1000 of the C-order linear index, over the box. */
function blockData(shape: number[], [lo, hi]: Box, dtype: DType): NdArray {
  const dims = lo.map((l, i) => hi[i] - l);
  const n = dims.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  const idx = lo.slice();
  for (let k = 0; k < n; k++) {
    values.push((3 * idx.reduce((acc, v, i) => acc * shape[i] + v, 0)) % 1000);
    for (let i = idx.length - 1; i >= 0; i--) { if (++idx[i] < hi[i]) break; idx[i] = lo[i]; }
  }
  const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'uint16' ? Uint16Array.from(values) : Int32Array.from(values);
  return { data, shape: dims, dtype };
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tiling of `shape` by cuts at random (unaligned) positions, shuffled. */
function randomTiling(shape: number[], seed: number): Box[] {
  const r = rng(seed);
  const cuts = shape.map((n) => {
    const c = new Set([0, n]);
    for (let k = 0; k < 3; k++) c.add(1 + Math.floor(r() * (n - 1)));
    return [...c].sort((a, b) => a - b);
  });
  let boxes: Box[] = [[[], []]];
  cuts.forEach((c) => {
    const next: Box[] = [];
    for (const [lo, hi] of boxes) for (let k = 0; k + 1 < c.length; k++) next.push([[...lo, c[k]], [...hi, c[k + 1]]]);
    boxes = next;
  });
  for (let i = boxes.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [boxes[i], boxes[j]] = [boxes[j], boxes[i]];
  }
  return boxes;
}

const sel = ([lo, hi]: Box) => lo.map((l, i) => slice(l, hi[i]));

interface Report { equal: boolean; zarrFormat: number; chunks: number[]; shards: number[] | null; fill: number; mismatches: number }

describe('io.createSink', () => {
  let dir: string;
  beforeAll(() => { dir = makeTempDir('sink'); });
  afterAll(() => removeTempDir(dir));

  test('random-order unaligned blocks into v2, v3 and sharded arrays equal NumPy assembling them (zarr-python reads)', async () => {
    const cases = [
      { name: 'v2', shape: [23, 17], dtype: 'int32' as DType, options: { zarrFormat: 2 as const, chunks: [8, 5] }, drop: 0, fill: 0 },
      { name: 'v3', shape: [9, 13, 11], dtype: 'float32' as DType, options: { chunks: [4, 5, 3], compressor: new Codecs({ compressor: 'zstd' }) }, drop: 0, fill: 0 },
      { name: 'sharded', shape: [30, 21], dtype: 'uint16' as DType, options: { chunks: [4, 5], shardCoefficients: [2, 2] }, drop: 0, fill: 0 },
      // Blocks left out: their elements read as the fill value.
      { name: 'holes', shape: [20, 20], dtype: 'int32' as DType, options: { chunks: [6, 7], fillValue: 7 }, drop: 3, fill: 7 },
    ];
    const plan = [];
    const written: Record<string, { chunks: number; files: string[] }> = {};
    for (const c of cases) {
      const target = path.join(dir, c.name);
      const boxes = randomTiling(c.shape, c.shape.length * 31 + c.shape[0]).slice(c.drop);
      const before = native().counters().chunksWritten;
      const sink = await io.createSink(target, { shape: c.shape, dtype: c.dtype, ...c.options });
      // Concurrent writes: every block pushed at once.
      await Promise.all(boxes.map((b) => sink.write(sel(b), blockData(c.shape, b, c.dtype))));
      expect(fs.existsSync(target)).toBe(false);
      await sink.close();
      written[c.name] = { chunks: native().counters().chunksWritten - before, files: listFilesRecursive(target) };
      plan.push({ path: target, shape: c.shape, dtype: c.dtype, fill: c.fill, blocks: boxes });
    }
    const reports = await runPythonPlan<Report[]>('sink.py', 'check', path.join(dir, 'plan.json'), plan);
    expect(reports.map((r) => [r.equal, r.mismatches])).toEqual(cases.map(() => [true, 0]));
    expect(reports.map((r) => r.zarrFormat)).toEqual([2, 3, 3, 3]);
    expect(reports[0].chunks).toEqual([8, 5]);
    expect(reports[2].chunks).toEqual([4, 5]);
    expect(reports[2].shards).toEqual([8, 10]);
    expect(reports[3].fill).toBe(7);
    // Each chunk encoded once: as many chunks written as chunk files (v2: 3 × 4 grid).
    expect(written.v2.files.filter((f) => f !== '.zarray')).toHaveLength(3 * 4);
    expect(written.v2.chunks).toBe(3 * 4);
    expect(written.v3.chunks).toBe(3 * 3 * 4);
    // Sharded: 4 × 3 shard files, each written whole once.
    expect(written.sharded.files.filter((f) => f !== 'zarr.json')).toHaveLength(4 * 3);
    expect(written.sharded.chunks).toBe(4 * 3);
    // No scratch folders left behind.
    expect(Object.values(written).flatMap((w) => w.files).filter((f) => f.includes('.sink-'))).toEqual([]);
  });

  test('a chunk is written as soon as it is complete, not at close', async () => {
    const target = path.join(dir, 'early');
    const sink = await io.createSink(target, { shape: [8, 8], dtype: 'int32', chunks: [4, 4] });
    const before = native().counters().chunksWritten;
    await sink.write([slice(0, 4), slice(0, 2)], blockData([8, 8], [[0, 0], [4, 2]], 'int32'));
    expect(native().counters().chunksWritten - before).toBe(0);
    expect(sink.heldBytes).toBe(4 * 4 * 4);
    await sink.write([slice(0, 4), slice(2, 4)], blockData([8, 8], [[0, 2], [4, 4]], 'int32'));
    expect(native().counters().chunksWritten - before).toBe(1);
    expect(sink.heldBytes).toBe(0);
    await sink.close();
    expect(native().counters().chunksWritten - before).toBe(1);
    expect(listFilesRecursive(target)).toEqual(['c/0/0', 'zarr.json']);
  });

  test('abort leaves nothing, neither the target nor a staging folder', async () => {
    const parent = path.join(dir, 'abort');
    fs.mkdirSync(parent);
    const sink = await io.createSink(path.join(parent, 'a.zarr'), { shape: [10, 10], dtype: 'int32', chunks: [5, 5] });
    await sink.write([slice(0, 5), slice(0, 5)], blockData([10, 10], [[0, 0], [5, 5]], 'int32'));
    await sink.write([slice(5, 7), slice(0, 5)], blockData([10, 10], [[5, 0], [7, 5]], 'int32'));
    await sink.abort();
    expect(fs.readdirSync(parent)).toEqual([]);
    await expect(sink.write([0, 0], { data: new Int32Array(1), shape: [], dtype: 'int32' })).rejects.toThrow(/aborted/);
  });

  test('bad blocks are refused with ERR_ZARR_INVALID_ARGUMENT before anything is written', async () => {
    const target = path.join(dir, 'bad');
    const sink = await io.createSink(target, { shape: [6, 6], dtype: 'int32', chunks: [3, 3] });
    const good = blockData([6, 6], [[0, 0], [3, 3]], 'int32');
    const attempts: Array<[unknown, unknown]> = [
      [[slice(4, 7), slice(0, 3)], good], // outside the shape
      [[slice(0, 3), slice(0, 3)], { ...good, dtype: 'float32', data: new Float32Array(9) }], // wrong dtype
      [[slice(0, 3), slice(0, 2)], good], // wrong shape
      [[slice(0, 3, 2), slice(0, 3)], good], // step ≠ 1
      [[9, slice(0, 3)], good], // index outside
    ];
    for (const [s, d] of attempts) {
      const err = await sink.write(s as never, d as NdArray).then(() => null, (e: unknown) => e);
      expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
    }
    expect(sink.heldBytes).toBe(0);
    await sink.write([slice(0, 3), slice(0, 3)], good);
    // Writing over a chunk already written is refused too.
    const again = await sink.write([slice(1, 2), slice(1, 2)], blockData([6, 6], [[1, 1], [2, 2]], 'int32')).then(() => null, (e: unknown) => e);
    expect(isDynaZarrError(again, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
    await sink.abort();
  });

  test('a block that needs more buffer than memoryBudgetMb is refused with ERR_ZARR_LIMIT; aligned blocks pass', async () => {
    const target = path.join(dir, 'budget');
    // One 64×64 float64 chunk = 32 KiB; the budget holds 3 of them.
    const sink = await io.createSink(target, { shape: [256, 256], dtype: 'float64', chunks: [64, 64], memoryBudgetMb: (3 * 32) / 1024 });
    const rows = (r0: number, r1: number): NdArray => ({ data: new Float64Array((r1 - r0) * 256).fill(1), shape: [r1 - r0, 256], dtype: 'float64' });
    // A row band spanning 4 chunks but completing none: 4 buffers > 3.
    const err = await sink.write([slice(0, 10)], rows(0, 10)).then(() => null, (e: unknown) => e);
    expect(isDynaZarrError(err, 'ERR_ZARR_LIMIT')).toBe(true);
    expect((err as Error).message).toMatch(/memoryBudgetMb/);
    expect(sink.heldBytes).toBe(0);
    // Whole chunk rows complete at once and never stay held.
    await sink.write([slice(0, 64)], rows(0, 64));
    expect(sink.heldBytes).toBe(0);
    await sink.close();
    expect(listFilesRecursive(target)).toHaveLength(4 + 1);
  });

  test('options: unknown keys, remote paths and storageOptions', async () => {
    const p = path.join(dir, 'opts');
    const code = (f: () => Promise<unknown>) => f().then(() => null, (e: unknown) => (e as { code?: string }).code);
    expect(await code(() => io.createSink(p, { shape: [4], dtype: 'int32', bogus: 1 } as never))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(await code(() => io.createSink(p, { shape: [4], dtype: 'int33' } as never))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    expect(await code(() => io.createSink(p, { shape: [4], dtype: 'int32', storageOptions: 5 } as never))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    // HTTP is read-only (s3:// sinks: test/remote-s3.test.ts); refused before any request.
    expect(await code(() => io.createSink('http://127.0.0.1:9/a.zarr', { shape: [4], dtype: 'int32' }))).toBe('ERR_ZARR_UNSUPPORTED');
    expect(await code(() => io.createSink('s3://bucket/a.zarr', { shape: [4], dtype: 'int32', storageOptions: { bogus: 1 } }))).toBe('ERR_ZARR_INVALID_ARGUMENT');
    fs.mkdirSync(p);
    fs.writeFileSync(path.join(p, 'keep.txt'), 'x');
    expect(await code(() => io.createSink(p, { shape: [4], dtype: 'int32' }))).toBe('ERR_ZARR_EXISTS');
  });
});
