/**
 * io.read / io.write values against zarr-python: every fixture written by
 * zarr-python reads back byte-exact (missing chunks as the fill value), and
 * arrays we write are read by zarr-python with the values, chunks, shards,
 * compressor, fill value and attributes we asked for (or inherited).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, fromArray, io } from '../lib/index';
import { runPython, runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Described { error?: string; shape: number[]; dtype: string; chunks: number[]; shards: number[] | null; zarrFormat: number; fill: unknown; codecs: Record<string, unknown>; attributes: Record<string, unknown>; dimensionNames: string[] | null; values: string }

let root: string;
let out: string;
let manifest: Record<string, Described>;

beforeAll(async () => {
  root = makeTempDir('rt-fixtures');
  out = makeTempDir('rt-out');
  manifest = JSON.parse(await runPython('zarr_meta.py', ['fixtures', root])) as Record<string, Described>;
}, 120000);
afterAll(() => { removeTempDir(root); removeTempDir(out); });

const hexOf = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

async function inspect(paths: string[]): Promise<Record<string, Described>> {
  return runPythonPlan<Record<string, Described>>('zarr_meta.py', 'inspect', path.join(out, `plan-${Math.random()}.json`), paths);
}

test('every zarr-python fixture reads back byte-exact', async () => {
  for (const [name, want] of Object.entries(manifest)) {
    const arr = await io.read(path.join(root, name));
    const got = await arr.compute();
    expect({ name, shape: got.shape, dtype: got.dtype, hex: hexOf(got.data) }).toEqual({ name, shape: want.shape, dtype: want.dtype, hex: want.values });
  }
});

test('write v3 sharded + gzip, v2 blosc, v3 crc32c: zarr-python reads our values', async () => {
  const data = new Uint16Array(7 * 9 * 5).map((_, i) => (i * 37) % 65536);
  const src = fromArray(data, [7, 9, 5]);
  const cases = [
    { name: 's.zarr', opts: { chunks: [3, 4, 2], shardCoefficients: [2, 2, 2], compressor: new Codecs({ compressor: 'gzip', clevel: 3 }) }, chunks: [3, 4, 2], shards: [6, 8, 4], codecs: { compressor: 'gzip', clevel: 3 } },
    { name: 'v2.zarr', opts: { zarrFormat: 2 as const, chunks: [4, 4, 4], compressor: new Codecs({ compressor: 'blosc', cname: 'zstd', shuffle: 'bitshuffle' }) }, chunks: [4, 4, 4], shards: null, codecs: { compressor: 'blosc', cname: 'zstd', shuffle: 'bitshuffle' } },
    { name: 'crc.zarr', opts: { chunks: [7, 9, 5], compressor: new Codecs({ compressor: null, checksum: true }), fillValue: 3, attributes: { a: 1 }, dimensionNames: ['z', 'y', 'x'] }, chunks: [7, 9, 5], shards: null, codecs: { compressor: null, checksum: true } },
  ];
  const paths: string[] = [];
  for (const c of cases) {
    const p = path.join(out, c.name);
    const report = await io.write(src, p, c.opts);
    expect(report).toMatchObject({ path: p, shape: [7, 9, 5], dtype: 'uint16', chunks: c.chunks, shards: c.shards, zarrFormat: c.opts.zarrFormat ?? 3 });
    expect(report.regions).toBeGreaterThan(0);
    expect(report.chunksWritten).toBeGreaterThan(0);
    expect(report.bytesWritten).toBeGreaterThan(0);
    paths.push(p);
  }
  const seen = await inspect(paths);
  cases.forEach((c, i) => {
    const d = seen[paths[i]];
    expect({ name: c.name, error: d.error }).toEqual({ name: c.name, error: undefined });
    expect(d.values).toBe(hexOf(data));
    expect(d.chunks).toEqual(c.chunks);
    expect(d.shards).toEqual(c.shards);
    expect(d.codecs).toMatchObject(c.codecs);
  });
  expect(seen[paths[2]].fill).toBe(3);
  expect(seen[paths[2]].attributes).toEqual({ a: 1 });
  expect(seen[paths[2]].dimensionNames).toEqual(['z', 'y', 'x']);
  // Nothing but the targets in the output folder: staging directories are gone.
  expect(fs.readdirSync(out).filter((f) => f.includes('.dz-'))).toEqual([]);
});

test('a write inherits chunks, shards, compression, fill value, attributes and dimension names', async () => {
  const src = await io.read(path.join(root, 'v3_shard_start.zarr'));
  const p = path.join(out, 'inherit.zarr');
  const report = await io.write(src, p);
  expect(report).toMatchObject({ chunks: [2, 3], shards: [4, 6] });
  const [d] = Object.values(await inspect([p]));
  const want = manifest['v3_shard_start.zarr'];
  expect({ ...d, values: d.values }).toMatchObject({ chunks: want.chunks, shards: want.shards, codecs: want.codecs, attributes: want.attributes, dimensionNames: want.dimensionNames, values: want.values });
});

test('dtype cast, v2 output, overwrite replaces atomically', async () => {
  const data = new Float64Array(40).map((_, i) => i * 1.5 - 7);
  const src = fromArray(data, [5, 8]);
  const p = path.join(out, 'cast.zarr');
  await io.write(src, p, { dtype: 'int32', zarrFormat: 2, chunks: [2, 3] });
  await expect(io.write(src, p)).rejects.toMatchObject({ code: 'ERR_ZARR_EXISTS' });
  let [d] = Object.values(await inspect([p]));
  expect(d.dtype).toBe('int32');
  expect(d.values).toBe(hexOf(Int32Array.from(data, (x) => Math.trunc(x))));
  await io.write(src, p, { overwrite: true, chunks: [5, 8] });
  [d] = Object.values(await inspect([p]));
  expect({ dtype: d.dtype, fmt: d.zarrFormat, values: d.values }).toEqual({ dtype: 'float64', fmt: 3, values: hexOf(data) });
  expect(fs.existsSync(path.join(p, '.zarray'))).toBe(false);
  expect(fs.readdirSync(out).filter((f) => f.includes('.dz-'))).toEqual([]);
});

describe('io.write errors', () => {
  const src = (): ReturnType<typeof fromArray> => fromArray(new Uint8Array(24).map((_, i) => i), [4, 6]);
  const code = async (p: Promise<unknown>, c: string, fragment: string): Promise<void> => {
    const err = (await p.then(() => null, (e: unknown) => e)) as { code?: string; message?: string } | null;
    expect({ code: err?.code, has: err?.message?.includes(fragment) }).toEqual({ code: c, has: true });
  };

  test('bad options are rejected before anything is written', async () => {
    const t = path.join(out, 'never.zarr');
    await code(io.write(src(), t, { chunkz: [1, 1] } as never), 'ERR_ZARR_INVALID_ARGUMENT', 'chunkz');
    await code(io.write(src(), t, { zarrFormat: 2, shardCoefficients: [2, 2] }), 'ERR_ZARR_INVALID_ARGUMENT', 'shardCoefficients');
    await code(io.write(src(), t, { dtype: 'float128' as never }), 'ERR_ZARR_INVALID_ARGUMENT', 'float128');
    await code(io.write(src(), t, { chunks: [2] }), 'ERR_ZARR_INVALID_ARGUMENT', 'chunks');
    await code(io.write(src(), t, { shardCoefficients: [2] }), 'ERR_ZARR_INVALID_ARGUMENT', 'shardCoefficients');
    await code(io.write(src(), t, { fillValue: 1.5 }), 'ERR_ZARR_INVALID_ARGUMENT', 'fillValue');
    await code(io.write(src(), t, { dimensionNames: ['x'] }), 'ERR_ZARR_INVALID_ARGUMENT', 'dimensionNames');
    await code(io.write(src(), t, { compressor: 'zstd' as never }), 'ERR_ZARR_INVALID_ARGUMENT', 'compressor');
    await code(io.write(src(), t, { threads: 0 }), 'ERR_ZARR_INVALID_ARGUMENT', 'threads');
    await code(io.write(src(), t, { chunks: [2 ** 20, 2 ** 20] }), 'ERR_ZARR_LIMIT', 'chunks');
    await code(io.write({} as never, t), 'ERR_ZARR_INVALID_ARGUMENT', 'DynamicArray');
    await code(io.write(src(), 'https://example.com/x.zarr'), 'ERR_ZARR_UNSUPPORTED', 'https');
    expect(fs.existsSync(t)).toBe(false);
  });

  test('existing target → ERR_ZARR_EXISTS and untouched; non-Zarr directories are never replaced', async () => {
    const t = path.join(out, 'exists.zarr');
    await io.write(src(), t, { chunks: [2, 2] });
    const before = fs.readFileSync(path.join(t, 'zarr.json'), 'utf8');
    await code(io.write(fromArray(new Uint8Array(4), [2, 2]), t), 'ERR_ZARR_EXISTS', t);
    expect(fs.readFileSync(path.join(t, 'zarr.json'), 'utf8')).toBe(before);
    const plain = path.join(out, 'plain-dir');
    fs.mkdirSync(plain);
    fs.writeFileSync(path.join(plain, 'keep.txt'), 'precious');
    await code(io.write(src(), plain, { overwrite: true }), 'ERR_ZARR_EXISTS', 'refusing');
    expect(fs.readFileSync(path.join(plain, 'keep.txt'), 'utf8')).toBe('precious');
  });

  test('writing into (or over) an input is refused', async () => {
    const a = path.join(out, 'input.zarr');
    await io.write(src(), a, { chunks: [2, 2] });
    const arr = await io.read(a);
    await code(io.write(arr, a, { overwrite: true }), 'ERR_ZARR_INVALID_ARGUMENT', 'overlaps');
    await code(io.write(arr.abs(), path.join(a, 'inner.zarr')), 'ERR_ZARR_INVALID_ARGUMENT', 'overlaps');
    expect((await (await io.read(a)).compute()).data).toEqual(new Uint8Array(24).map((_, i) => i));
  });
});
