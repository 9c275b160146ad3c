/**
 * io.write defaults that follow the source — a Zarr input's format, chunks,
 * shards and codecs are kept unless an option overrides them — and the
 * chunkSizeMb option; zarr-python 3 reads every output (oracle/write_follow.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, fromArray, io } from '../lib';
import { isDynaZarrError } from '../lib/errors';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Out { zarrFormat: number; chunks: number[]; shards: number[] | null; equal: boolean; compressor?: { id: string; level?: number } | null; filters?: Array<{ id: string }>; codecs?: string[] }

let dir: string;
const inputs = () => [
  { path: path.join(dir, 'v2.zarr'), format: 2, shape: [30, 40], chunks: [7, 9], dtype: 'int16' },
  { path: path.join(dir, 'sharded.zarr'), format: 3, shape: [30, 40], chunks: [5, 10], shards: [10, 20], dtype: 'float32' },
  { path: path.join(dir, 'grid.zarr'), format: 3, shape: [32, 256, 512], chunks: [4, 64, 64], dtype: 'float32' },
];

beforeAll(async () => {
  dir = makeTempDir('follow');
  await runPythonPlan('write_follow.py', 'make', path.join(dir, 'make.json'), { inputs: inputs() });
});
afterAll(() => removeTempDir(dir));

test('format, chunks, shards and codecs of a Zarr input are kept by default and overridden by options (zarr-python reads)', async () => {
  const [v2, sharded, grid] = await Promise.all(inputs().map((i) => io.read(i.path)));
  const out = (name: string) => path.join(dir, `${name}.out.zarr`);
  const jobs: Array<[string, string, Promise<unknown>]> = [
    ['v2-default', inputs()[0].path, io.write(v2, out('v2-default'))],
    ['v2-to-v3', inputs()[0].path, io.write(v2, out('v2-to-v3'), { zarrFormat: 3 })],
    ['v2-chunks', inputs()[0].path, io.write(v2, out('v2-chunks'), { chunks: [10, 10] })],
    ['v2-compressor', inputs()[0].path, io.write(v2, out('v2-compressor'), { compressor: new Codecs({ compressor: 'zlib', clevel: 4 }) })],
    ['v2-shards', inputs()[0].path, io.write(v2, out('v2-shards'), { shardCoefficients: [2, 2] })],
    ['sharded-default', inputs()[1].path, io.write(sharded, out('sharded-default'))],
    ['sharded-to-v2', inputs()[1].path, io.write(sharded, out('sharded-to-v2'), { zarrFormat: 2 })],
    ['size-1mb', inputs()[2].path, io.write(grid, out('size-1mb'), { chunkSizeMb: 1 })],
    ['size-small', inputs()[2].path, io.write(grid, out('size-small'), { chunkSizeMb: 0.01 })],
  ];
  await Promise.all(jobs.map((j) => j[2]));
  const res = await runPythonPlan<Record<string, Out>>('write_follow.py', 'check', path.join(dir, 'check.json'),
    { checks: jobs.map(([name, input]) => ({ name, input, output: out(name) })) });
  for (const [name] of jobs) expect([name, res[name].equal]).toEqual([name, true]);

  // A v2 input writes v2, with its chunks, compressor and filters.
  expect(res['v2-default']).toMatchObject({ zarrFormat: 2, chunks: [7, 9], compressor: { id: 'zstd', level: 3 }, filters: [{ id: 'delta' }] });
  expect(res['v2-to-v3']).toMatchObject({ zarrFormat: 3, chunks: [7, 9], shards: null });
  expect(res['v2-to-v3'].codecs).toEqual(expect.arrayContaining(['numcodecs.delta', 'zstd']));
  expect(res['v2-chunks']).toMatchObject({ zarrFormat: 2, chunks: [10, 10], compressor: { id: 'zstd' } });
  expect(res['v2-compressor']).toMatchObject({ zarrFormat: 2, chunks: [7, 9], compressor: { id: 'zlib', level: 4 } });
  // Sharding implies v3.
  expect(res['v2-shards']).toMatchObject({ zarrFormat: 3, chunks: [7, 9], shards: [14, 18] });
  expect(res['sharded-default']).toMatchObject({ zarrFormat: 3, chunks: [5, 10], shards: [10, 20] });
  expect(res['sharded-default'].codecs).toEqual(['sharding_indexed']);
  expect(res['sharded-to-v2']).toMatchObject({ zarrFormat: 2, chunks: [5, 10], shards: null, compressor: { id: 'zstd' } });
  // chunkSizeMb 1 over [4, 64, 64] float32 chunks: whole rows of the last axis, then
  // two source chunks down axis 1: [4, 128, 512] = 1 MiB, a multiple of the source grid.
  expect(res['size-1mb'].chunks).toEqual([4, 128, 512]);
  // Below one source chunk (64 KiB): the leading axes split first.
  expect(res['size-small'].chunks).toEqual([1, 32, 64]);
});

test('chunkSizeMb without a source grid fills the last axes first', async () => {
  const a = fromArray({ data: new Uint8Array(10 * 300 * 300).fill(5), shape: [10, 300, 300], dtype: 'uint8' });
  const report = await io.write(a, path.join(dir, 'nogrid.zarr'), { chunkSizeMb: 0.1 });
  // 300 × 300 bytes = 87.9 KiB fits 0.1 MiB; two planes would not.
  expect(report.chunks).toEqual([1, 300, 300]);
});

test('chunkSizeMb with chunks, non-positive sizes and unknown options are ERR_ZARR_INVALID_ARGUMENT; nothing is written', async () => {
  const a = fromArray(new Float32Array(16), [4, 4]);
  const target = path.join(dir, 'refused.zarr');
  for (const options of [{ chunkSizeMb: 1, chunks: [2, 2] }, { chunkSizeMb: 0 }, { memoryBudgetMb: -1 }, { chunkSizeMB: 1 }]) {
    const err = await io.write(a, target, options as never).then(() => null, (e: unknown) => e);
    expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
  }
  expect(fs.existsSync(target)).toBe(false);
});
