/**
 * Conversion jobs writing to s3:// (moto on 127.0.0.1): io.writeOmeZarr,
 * io.writeLevels and a.persist. What they leave in the bucket is downloaded
 * with boto3 and checked there by zarr-python (values), tensorstore.downsample
 * (each level against the source) and ome-zarr-models (the image group);
 * io.read of the s3:// image with { level } equals zarr-python's read.
 */
import path from 'node:path';
import { fromArray, io, isDynaZarrError, type DynamicArray } from '../lib';
import { runPythonPlan } from './helpers/python';
import { startMoto, type Moto } from './helpers/servers';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Check { cases: Array<{ levels: Array<{ equal: boolean; shape: number[]; first_diff: string | null }> }>; ome: Array<{ valid: boolean; error: string | null; datasets: string[] }> }

let dir: string;
let moto: Moto;
let storageOptions: Record<string, unknown>;
let src: DynamicArray;
const srcPath = (): string => path.join(dir, 'src.zarr');
const values = Uint16Array.from({ length: 70 * 90 }, (_, i) => (i * 2654435761) % 4099);

const download = (prefix: string, arrays: string[] = []): Promise<{ keys: string[]; values: Record<string, string> }> =>
  runPythonPlan('remote_fixtures.py', 's3-download', path.join(dir, 'dl.json'),
    { endpoint: moto.endpoint, bucket: 'lvl', prefix, arrays, dir: path.join(dir, 'dl', prefix) });
const check = (plan: unknown): Promise<Check> => runPythonPlan('write_levels.py', 'check', path.join(dir, 'check.json'), plan);
const b64 = (a: { data: ArrayBufferView }): string => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).toString('base64');

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (!isDynaZarrError(err)) throw err;
    return { code: err.code, message: err.message };
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  dir = makeTempDir('remote-levels');
  moto = await startMoto();
  await runPythonPlan('remote_fixtures.py', 's3-setup', path.join(dir, 'setup.json'), { endpoint: moto.endpoint, buckets: ['lvl'] });
  storageOptions = { endpoint: moto.endpoint, region: 'us-east-1', accessKeyId: 'testing', secretAccessKey: 'testing' };
  // The source, stored locally so the oracle reads the very same values with zarr-python.
  await io.write(fromArray(values, [70, 90]), srcPath(), { chunks: [16, 16] });
  src = await io.read(srcPath());
}, 60000);

afterAll(async () => {
  await moto?.close();
  removeTempDir(dir);
});

test('io.writeOmeZarr to s3:// (NGFF 0.5): valid for ome-zarr-models, every level equals tensorstore.downsample; io.read { level } over S3 equals zarr-python', async () => {
  const report = await io.writeOmeZarr(src, 's3://lvl/img.zarr', { storageOptions, chunks: [16, 16], levels: 3 });
  expect(report.levels.map((l) => l.path)).toEqual(['s3://lvl/img.zarr/0', 's3://lvl/img.zarr/1', 's3://lvl/img.zarr/2']);
  expect(report.levels.map((l) => l.shape)).toEqual([[70, 90], [35, 45], [18, 23]]);
  const got = await download('img.zarr', ['1', '2']);
  expect(got.keys.filter((k) => k.endsWith('zarr.json'))).toEqual(['0/zarr.json', '1/zarr.json', '2/zarr.json', 'zarr.json']);
  expect(report.chunksWritten).toBe(got.keys.length - 4);
  const local = path.join(dir, 'dl', 'img.zarr');
  const result = await check({
    cases: [{ source: srcPath(), method: 'mean', levels: [0, 1, 2].map((k) => ({ path: path.join(local, String(k)), factors: [2 ** k, 2 ** k] })) }],
    ome: [{ path: local, version: '0.5' }],
  });
  expect(result.cases[0].levels.map((l) => l.first_diff)).toEqual([null, null, null]);
  expect(result.ome[0]).toEqual({ valid: true, error: null, datasets: ['0', '1', '2'] });
  for (const level of [1, 2]) {
    const a = await io.read('s3://lvl/img.zarr', { level, storageOptions });
    expect(b64(await a.compute())).toBe(got.values[String(level)]);
  }
}, 60000);

test('overwrite with an NGFF 0.4 (Zarr v2) image leaves none of the old objects; without overwrite it is ERR_ZARR_EXISTS and nothing changes', async () => {
  const before = (await download('img.zarr')).keys;
  const exists = await failure(io.writeOmeZarr(src, 's3://lvl/img.zarr', { storageOptions, zarrFormat: 2 }));
  expect(exists.code).toBe('ERR_ZARR_EXISTS');
  expect(exists.message).toContain('s3://lvl/img.zarr');
  expect((await download('img.zarr')).keys).toEqual(before);
  await io.writeOmeZarr(src, 's3://lvl/img.zarr', { storageOptions, zarrFormat: 2, chunks: [32, 32], levels: 2, method: 'simple', overwrite: true });
  const got = await download('img.zarr', ['0', '1']);
  expect(got.keys.filter((k) => k.endsWith('zarr.json'))).toEqual([]);
  expect(got.keys.filter((k) => /(^|\/)\.z/.test(k))).toEqual(['.zattrs', '.zgroup', '0/.zarray', '0/.zattrs', '1/.zarray', '1/.zattrs']);
  const local = path.join(dir, 'dl', 'img.zarr');
  const result = await check({
    cases: [{ source: srcPath(), method: 'simple', levels: [0, 1].map((k) => ({ path: path.join(local, String(k)), factors: [2 ** k, 2 ** k] })) }],
    ome: [{ path: local, version: '0.4' }],
  });
  expect(result.cases[0].levels.map((l) => l.first_diff)).toEqual([null, null]);
  expect(result.ome[0].valid).toBe(true);
  expect(got.values['0']).toBe(Buffer.from(values.buffer).toString('base64'));
}, 60000);

test('io.writeLevels to two s3:// outputs: each equals tensorstore.downsample of the source (max)', async () => {
  const report = await io.writeLevels(src, [
    { path: 's3://lvl/lv/a.zarr', factors: [1, 1] },
    { path: 's3://lvl/lv/b.zarr', factors: [2, 3], chunks: [8, 8] },
  ], { storageOptions, chunks: [16, 16], method: 'max' });
  expect(report.levels.map((l) => l.shape)).toEqual([[70, 90], [35, 30]]);
  const a = await download('lv/a.zarr');
  const b = await download('lv/b.zarr');
  expect(report.levels.map((l) => l.chunksWritten)).toEqual([a.keys.length - 1, b.keys.length - 1]);
  const result = await check({
    cases: [{ source: srcPath(), method: 'max', levels: [
      { path: path.join(dir, 'dl', 'lv/a.zarr'), factors: [1, 1] }, { path: path.join(dir, 'dl', 'lv/b.zarr'), factors: [2, 3] }] }],
  });
  expect(result.cases[0].levels.map((l) => l.first_diff)).toEqual([null, null]);
  // Mixed local and s3:// outputs are refused before anything is written.
  const mixed = await failure(io.writeLevels(src, [{ path: 's3://lvl/lv/c.zarr', factors: [1, 1] }, { path: path.join(dir, 'c.zarr'), factors: [2, 2] }], { storageOptions }));
  expect(mixed.code).toBe('ERR_ZARR_INVALID_ARGUMENT');
  expect((await download('lv/c.zarr')).keys).toEqual([]);
}, 60000);

test('a.persist(s3://…) writes there and returns an array reading it: both equal zarr-python', async () => {
  const doubled = src.multiply(2);
  const back = await doubled.persist('s3://lvl/p.zarr', { storageOptions });
  const got = await download('p.zarr', ['']);
  const expected = Buffer.from(Uint16Array.from(values, (v) => v * 2).buffer).toString('base64');
  expect(got.values['']).toBe(expected);
  expect(b64(await back.compute())).toBe(expected);
}, 60000);

test('an aborted io.writeOmeZarr to s3:// leaves nothing under the prefix', async () => {
  const controller = new AbortController();
  const big = fromArray(Float32Array.from({ length: 512 * 512 }, (_, i) => i), [512, 512]);
  const p = io.writeOmeZarr(big, 's3://lvl/aborted.zarr', { storageOptions, chunks: [16, 16], signal: controller.signal, threads: 1 });
  setTimeout(() => controller.abort(), 50);
  expect((await failure(p)).code).toBe('ERR_ZARR_ABORTED');
  expect((await download('aborted.zarr')).keys).toEqual([]);
}, 60000);

test('io.writeLevels to s3:// in two passes (the deepest levels from the stored level above, read back over S3) equals tensorstore.downsample', async () => {
  const big = Uint16Array.from({ length: 64 * 96 * 80 }, (_, i) => (i * 40503) % 65521);
  const bigPath = path.join(dir, 'big.zarr');
  await io.write(fromArray(big, [64, 96, 80]), bigPath, { chunks: [16, 16, 16] });
  const factors = [[1, 1, 1], [2, 2, 2], [8, 8, 8], [16, 16, 16]];
  const r = await io.writeLevels(await io.read(bigPath), factors.map((f, k) => ({ path: `s3://lvl/deep/${k}`, factors: f })), { storageOptions, method: 'max', regionSizeMb: 1 });
  expect(r.passes).toBeGreaterThan(1);
  for (let k = 0; k < factors.length; k++) await download(`deep/${k}`);
  const result = await check({
    cases: [{ source: bigPath, method: 'max', levels: factors.map((f, k) => ({ path: path.join(dir, 'dl', `deep/${k}`), factors: f })) }],
  });
  expect(result.cases[0].levels.map((l) => l.first_diff)).toEqual([null, null, null, null]);
}, 120000);
