/**
 * io.read(path, { cacheMb }): decoded chunks kept in memory and shared by
 * every read of that array, derived arrays and concurrent computes included
 * (binding/core/zarr/chunk_cache.h). A hit costs no I/O and no decode: the
 * engine's counters (storeOpens, chunksRead, chunksDecoded) do not move.
 * Values: zarr-python's reading of the same boxes (oracle/read_caches.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io } from '../lib';
import { native, type NativeCounters } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
let sharded: string;
let plain: string;
beforeAll(async () => {
  dir = makeTempDir('chunk-cache');
  sharded = path.join(dir, 'sharded.zarr');
  plain = path.join(dir, 'plain.zarr');
  await runPythonPlan('read_caches.py', 'make', path.join(dir, 'make.json'), {
    arrays: [
      { path: sharded, shape: [3, 256, 256], chunks: [1, 64, 64], shards: [1, 128, 128], seed: 11 },
      { path: plain, shape: [3, 256, 256], chunks: [1, 64, 64], shards: null, seed: 12 },
    ],
  });
  // One shard of the sharded array is not stored: it reads as the fill value (0).
  fs.rmSync(path.join(sharded, 'c', '2', '1', '1'));
}, 60000);
afterAll(() => removeTempDir(dir));

type Box = Array<[number, number]>;
const selection = (box: Box): string => box.map(([lo, hi]) => `${lo}:${hi}`).join(', ');
const bytesOf = (a: { data: ArrayBufferView }): Buffer => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
const delta = (a: NativeCounters, b: NativeCounters) => ({
  storeOpens: b.storeOpens - a.storeOpens, chunksRead: b.chunksRead - a.chunksRead,
  chunksDecoded: b.chunksDecoded - a.chunksDecoded, chunkCacheHits: b.chunkCacheHits - a.chunkCacheHits,
});

let readCount = 0;
async function oracle(p: string, boxes: Box[]): Promise<Buffer[]> {
  const reads = boxes.map((box) => ({ path: p, box, out: path.join(dir, `o${readCount++}.bin`) }));
  await runPythonPlan('read_caches.py', 'read', path.join(dir, 'read.json'), { reads });
  return reads.map((r) => fs.readFileSync(r.out));
}

// Tiles (one inner chunk each), a box across four inner chunks of two shards, and the missing shard.
const BOXES: Box[] = [
  [[0, 1], [0, 64], [0, 64]],
  [[1, 2], [64, 128], [192, 256]],
  [[1, 2], [100, 164], [30, 94]],
  [[2, 3], [128, 256], [128, 256]],
];
const INNER_CHUNKS = 1 + 1 + 4 + 4;
// In the sharded array the missing shard's four are known missing from the shard-index cache, not the chunk cache.
const CACHED_SHARDED = 1 + 1 + 4;

describe.each([['sharded', () => sharded], ['not sharded', () => plain]])('%s array', (_name, where) => {
  test('a second read of the same boxes, through derived arrays and concurrently, opens and decodes nothing', async () => {
    const a = await io.read(where(), { cacheMb: 4 });
    const c0 = native().counters();
    const first = await Promise.all(BOXES.map((b) => a.get(selection(b)).compute()));
    const c1 = native().counters();
    const again = await Promise.all(BOXES.map((b) => a.add(0).astype('uint16').get(selection(b)).compute({ threads: 2 })));
    const c2 = native().counters();
    expect(delta(c0, c1).chunksDecoded).toBeGreaterThan(0);
    expect(delta(c1, c2)).toEqual({ storeOpens: 0, chunksRead: 0, chunksDecoded: 0, chunkCacheHits: where() === sharded ? CACHED_SHARDED : INNER_CHUNKS });
    const expected = await oracle(where(), BOXES);
    BOXES.forEach((_, i) => {
      expect(bytesOf(first[i]).equals(expected[i])).toBe(true);
      expect(bytesOf(again[i]).equals(expected[i])).toBe(true);
    });
  });

  test('without cacheMb (or with 0) every read decodes again', async () => {
    for (const options of [undefined, { cacheMb: 0 }]) {
      const a = await io.read(where(), options);
      await a.get(selection(BOXES[1])).compute();
      const c0 = native().counters();
      await a.get(selection(BOXES[1])).compute();
      expect(delta(c0, native().counters())).toMatchObject({ chunksDecoded: 1, chunkCacheHits: 0 });
    }
  });
});

test('a rewrite of the array by this process is never served from the cache', async () => {
  const p = path.join(dir, 'rewritten.zarr');
  const values = (k: number): Uint16Array => Uint16Array.from({ length: 2 * 128 * 128 }, (_, i) => (i * k) % 65521);
  const write = (k: number): Promise<unknown> => io.write(fromArray({ data: values(k), shape: [2, 128, 128], dtype: 'uint16' }), p,
    { chunks: [1, 64, 64], shardCoefficients: [1, 2, 2], overwrite: true });
  await write(3);
  const a = await io.read(p, { cacheMb: 1 });
  const box: Box = [[0, 2], [32, 96], [32, 96]];
  const before = await a.get(selection(box)).compute();
  await write(7);
  const c0 = native().counters();
  const after = await a.get(selection(box)).compute();
  expect(delta(c0, native().counters()).chunkCacheHits).toBe(0);
  const [expected] = await oracle(p, [box]);
  expect(bytesOf(after).equals(expected)).toBe(true);
  expect(bytesOf(after).equals(bytesOf(before))).toBe(false);
});

test('a cache smaller than the boxes read keeps only what fits (least recently used out)', async () => {
  // 8 KiB inner chunks; 20 KiB holds two of them.
  const a = await io.read(plain, { cacheMb: 20 / 1024 });
  const tiles: Box[] = [0, 1, 2].map((t) => [[0, 1], [0, 64], [t * 64, t * 64 + 64]]);
  for (const t of tiles) await a.get(selection(t)).compute();
  const c0 = native().counters();
  await a.get(selection(tiles[2])).compute(); // still cached
  await a.get(selection(tiles[0])).compute(); // evicted by the third
  expect(delta(c0, native().counters())).toMatchObject({ chunkCacheHits: 1, chunksDecoded: 1 });
});

test.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['8'], [null], [{}]])('cacheMb %p is ERR_ZARR_INVALID_ARGUMENT naming cacheMb', async (bad) => {
  await expect(io.read(plain, { cacheMb: bad as unknown as number })).rejects.toMatchObject({
    code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringContaining('cacheMb'),
  });
});

test('cacheMb on a TIFF file is ERR_ZARR_UNSUPPORTED naming cacheMb (the cache holds Zarr chunks)', async () => {
  const tif = path.join(dir, 'small.tif');
  await runPythonPlan('read_caches.py', 'tiff', path.join(dir, 'tiff.json'), { path: tif });
  await expect(io.read(tif, { cacheMb: 8 })).rejects.toMatchObject({ code: 'ERR_ZARR_UNSUPPORTED', message: expect.stringContaining('cacheMb') });
  // Without it the file reads as usual.
  const a = await io.read(tif);
  expect(Array.from((await a.get('1, 0:3').compute()).data as Uint16Array)).toEqual([64, 65, 66]);
});
