/**
 * The process-wide shard-index cache (binding/core/zarr/shard_index_cache.h):
 * a shard's index is fetched once, however many reads and concurrent reads
 * want it, and a rewrite of the array by this process makes it fetched
 * again. Values: zarr-python's reading of the same boxes (oracle/read_caches.py).
 * The engine's counters count index fetches (shardIndexLoads) and byte-range
 * reads (chunksRead).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io } from '../lib';
import { native } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

// 4 shards of 1×256×256, each 4×4 inner chunks of 1×64×64.
const SHAPE = [4, 256, 256];
const CHUNKS = [1, 64, 64];
const SHARDS = [1, 256, 256];

let dir: string;
let warm: string;
let cold: string;
beforeAll(async () => {
  dir = makeTempDir('shard-index');
  warm = path.join(dir, 'warm.zarr');
  cold = path.join(dir, 'cold.zarr');
  await runPythonPlan('read_caches.py', 'make', path.join(dir, 'make.json'), {
    arrays: [
      { path: warm, shape: SHAPE, chunks: CHUNKS, shards: SHARDS, seed: 1 },
      { path: cold, shape: SHAPE, chunks: CHUNKS, shards: SHARDS, seed: 2 },
    ],
  });
}, 60000);
afterAll(() => removeTempDir(dir));

type Box = Array<[number, number]>;
const tile = (z: number, ty: number, tx: number): Box => [[z, z + 1], [ty * 64, ty * 64 + 64], [tx * 64, tx * 64 + 64]];
const selection = (box: Box): string => box.map(([lo, hi]) => `${lo}:${hi}`).join(', ');

/** zarr-python's bytes of each box of the array at p. */
async function oracle(p: string, boxes: Box[]): Promise<Buffer[]> {
  const reads = boxes.map((box, i) => ({ path: p, box, out: path.join(dir, `o${Date.now()}-${i}.bin`) }));
  await runPythonPlan('read_caches.py', 'read', path.join(dir, 'read.json'), { reads });
  return reads.map((r) => fs.readFileSync(r.out));
}

const bytesOf = (a: { data: ArrayBufferView }): Buffer => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);

test('a second read of a shard reuses its index: only the inner chunk is fetched', async () => {
  const a = await io.read(warm);
  const boxes = [tile(1, 1, 2), tile(1, 3, 0), tile(1, 3, 0)];
  const c0 = native().counters();
  const first = await a.get(selection(boxes[0])).compute();
  const c1 = native().counters();
  const second = await a.get(selection(boxes[1])).compute();
  // Another io.read of the same array: the cache is process-wide.
  const third = await (await io.read(warm)).get(selection(boxes[2])).compute();
  const c2 = native().counters();
  expect(c1.shardIndexLoads - c0.shardIndexLoads).toBe(1);
  expect(c1.chunksRead - c0.chunksRead).toBe(2); // index + one inner chunk
  expect(c2.shardIndexLoads - c1.shardIndexLoads).toBe(0);
  expect(c2.chunksRead - c1.chunksRead).toBe(2); // one inner chunk each
  const expected = await oracle(warm, boxes);
  expect(bytesOf(first).equals(expected[0])).toBe(true);
  expect(bytesOf(second).equals(expected[1])).toBe(true);
  expect(bytesOf(third).equals(expected[2])).toBe(true);
});

test('sixteen concurrent reads of one shard fetch its index once', async () => {
  const a = await io.read(cold);
  const boxes: Box[] = [];
  for (let ty = 0; ty < 4; ty++) for (let tx = 0; tx < 4; tx++) boxes.push(tile(2, ty, tx));
  const c0 = native().counters();
  const got = await Promise.all(boxes.map((b) => a.get(selection(b)).compute({ threads: 4 })));
  const c1 = native().counters();
  expect(c1.shardIndexLoads - c0.shardIndexLoads).toBe(1);
  expect(c1.chunksRead - c0.chunksRead).toBe(1 + 16);
  const expected = await oracle(cold, boxes);
  got.forEach((g, i) => expect(bytesOf(g).equals(expected[i])).toBe(true));
});

test('after this process rewrites the array, its shard indexes are fetched again and the new values read', async () => {
  // Uncompressed shards: the rewrite has the same shard sizes, so only the
  // invalidation (not the size in the cache key) can tell the old index from the new.
  const p = path.join(dir, 'rewritten.zarr');
  const values = (k: number): Uint16Array => Uint16Array.from({ length: 256 * 256 }, (_, i) => (i * k) % 65521);
  const write = (k: number): Promise<unknown> => io.write(fromArray({ data: values(k), shape: [1, 256, 256], dtype: 'uint16' }), p,
    { chunks: [1, 64, 64], shardCoefficients: [1, 4, 4], compressor: null, overwrite: true });
  await write(3);
  const box = tile(0, 2, 1);
  const before = await (await io.read(p)).get(selection(box)).compute();
  const shard = fs.statSync(path.join(p, 'c', '0', '0', '0')).size;
  await write(7);
  expect(fs.statSync(path.join(p, 'c', '0', '0', '0')).size).toBe(shard);
  const c0 = native().counters();
  const after = await (await io.read(p)).get(selection(box)).compute();
  const c1 = native().counters();
  expect(c1.shardIndexLoads - c0.shardIndexLoads).toBe(1);
  const [expected] = await oracle(p, [box]);
  expect(bytesOf(after).equals(expected)).toBe(true);
  expect(bytesOf(after).equals(bytesOf(before))).toBe(false);
});
