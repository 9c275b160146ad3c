/**
 * S3 through a real moto server on 127.0.0.1 (test/helpers/servers.ts) with
 * signatures enforced: moto serves INITIAL_NO_AUTH_ACTION_COUNT = 3 unsigned
 * requests (the IAM user, its policy and its access key, made by boto3), then
 * checks every request's SigV4 signature against the IAM users it knows. So
 * every read and write below is signed by libcurl with that key, and a wrong
 * key is refused. Values are compared with zarr-python reading the same
 * fixtures locally, or reading what we wrote after boto3 downloads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fromArray, io, slice } from '../lib';
import { addonPath, runNodeJson, transpileLibrary } from './helpers/child-lib';
import { runPythonPlan } from './helpers/python';
import { startMoto, type Moto } from './helpers/servers';
import { makeTempDir, removeTempDir } from './helpers/tmp';
import { failure } from './helpers/failure';

interface Creds { accessKeyId: string; secretAccessKey: string }
interface Fetched { keys: string[]; values?: string; dtype?: string; shape?: number[] }

let dir: string;
let moto: Moto;
let creds: Creds;
let fixtures: { sharded: { values: string }; v2: { values: string } };
let storageOptions: Record<string, unknown>;

const fetched = (prefix: string, read = true): Promise<Fetched> => runPythonPlan<Fetched>('remote_fixtures.py', 's3-fetch', path.join(dir, 'fetch.json'),
  { endpoint: moto.endpoint, creds, bucket: 'bkt', prefix, read, dir: path.join(dir, 'fetched') });

beforeAll(async () => {
  dir = makeTempDir('remote-s3');
  fixtures = await runPythonPlan('remote_fixtures.py', 'make', path.join(dir, 'plan.json'), { dir: path.join(dir, 'fx') });
  moto = await startMoto(3);
  ({ creds } = await runPythonPlan<{ creds: Creds }>('remote_fixtures.py', 's3-setup', path.join(dir, 'setup.json'), {
    endpoint: moto.endpoint, iam: true, buckets: ['bkt'],
    uploads: [{ dir: path.join(dir, 'fx', 'sharded.zarr'), bucket: 'bkt', prefix: 'in/sharded.zarr' },
      { dir: path.join(dir, 'fx', 'v2'), bucket: 'bkt', prefix: 'in/v2' }],
  }));
  storageOptions = { endpoint: moto.endpoint, region: 'us-east-1', ...creds };
}, 90000);

afterAll(async () => {
  await moto?.close();
  removeTempDir(dir);
});

test('s3:// reads (sharded v3, v2 with a missing chunk) equal zarr-python, signed with storageOptions credentials', async () => {
  const a = await io.read('s3://bkt/in/sharded.zarr', { storageOptions });
  const got = await a.compute();
  expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength).toString('base64')).toBe(fixtures.sharded.values);
  const b = await (await io.read('s3://bkt/in/v2/', { storageOptions })).compute();
  expect(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength).toString('base64')).toBe(fixtures.v2.values);
});

test('without storageOptions the AWS_* environment variables are used (a child process: jest\'s process.env is not the real environment)', async () => {
  const lib = transpileLibrary(path.join(dir, 'child'));
  const script = path.join(dir, 'child', 'env-read.js');
  fs.writeFileSync(script, `
const { io } = require(${JSON.stringify(lib)});
io.read('s3://bkt/in/v2').then((a) => a.compute()).then((v) => {
  console.log(JSON.stringify({ values: Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('base64') }));
}, (e) => { console.log(JSON.stringify({ code: e.code, message: e.message })); });
`);
  const env = { DYNA_ZARR_ADDON: addonPath(), AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_ENDPOINT_URL: moto.endpoint, AWS_DEFAULT_REGION: 'us-east-1' };
  expect(await runNodeJson(script, env)).toEqual({ values: fixtures.v2.values });
  // The same process environment with a wrong secret: refused, so the variables really are what signs.
  const wrong = await runNodeJson<{ code: string; message: string }>(script, { ...env, AWS_SECRET_ACCESS_KEY: 'wrong' });
  expect(wrong.code).toBe('ERR_ZARR_IO');
  expect(wrong.message).toMatch(/refused the credentials/);
});

test('io.write to s3:// writes one object per shard and the metadata; zarr-python reads it back equal', async () => {
  const values = Int32Array.from({ length: 40 * 30 }, (_, i) => (i * 37) % 1001 - 500);
  values.fill(0, 0, 30 * 20);  // rows 0..19 all fill: shard c/0/0 is not written
  const src = fromArray(values, [40, 30]);
  const report = await io.write(src, 's3://bkt/out/a.zarr', { storageOptions, chunks: [10, 10], shardCoefficients: [2, 3] });
  expect(report.shards).toEqual([20, 30]);
  const back = await fetched('out/a.zarr');
  expect(back.keys).toEqual(['c/1/0', 'zarr.json']);
  expect(back.shape).toEqual([40, 30]);
  expect(back.values).toBe(Buffer.from(values.buffer).toString('base64'));
  // And our own reader over S3 agrees.
  const again = await (await io.read('s3://bkt/out/a.zarr', { storageOptions })).compute();
  expect(Array.from(again.data as Int32Array)).toEqual(Array.from(values));
});

test('overwrite: refused without it; with it, old objects outside the new array are deleted and the new one reads equal', async () => {
  const first = fromArray(Float64Array.from({ length: 24 }, (_, i) => i + 0.5), [4, 6]);
  await io.write(first, 's3://bkt/ow/x.zarr', { storageOptions, zarrFormat: 2, chunks: [2, 2] });
  expect((await fetched('ow/x.zarr', false)).keys).toEqual(['.zarray', '0.0', '0.1', '0.2', '1.0', '1.1', '1.2']);
  const exists = await failure(io.write(first, 's3://bkt/ow/x.zarr', { storageOptions }));
  expect(exists.code).toBe('ERR_ZARR_EXISTS');
  expect(exists.message).toContain('s3://bkt/ow/x.zarr');
  const second = fromArray(Uint8Array.from({ length: 24 }, (_, i) => 200 - i), [4, 6]);
  await io.write(second, 's3://bkt/ow/x.zarr', { storageOptions, zarrFormat: 3, chunks: [4, 3], overwrite: true });
  const back = await fetched('ow/x.zarr');
  expect(back.keys).toEqual(['c/0/0', 'c/0/1', 'zarr.json']);
  expect(back.dtype).toBe('uint8');
  expect(back.values).toBe(Buffer.from(Uint8Array.from({ length: 24 }, (_, i) => 200 - i)).toString('base64'));
});

test('an aborted write leaves nothing under the prefix (no metadata: nothing readable)', async () => {
  const controller = new AbortController();
  const big = fromArray(Float32Array.from({ length: 256 * 256 }, (_, i) => i), [256, 256]);
  const p = io.write(big, 's3://bkt/aborted.zarr', { storageOptions, chunks: [16, 16], signal: controller.signal, threads: 1 });
  setTimeout(() => controller.abort(), 30);
  const err = await failure(p);
  expect(err.code).toBe('ERR_ZARR_ABORTED');
  expect((await fetched('aborted.zarr', false)).keys).toEqual([]);
  expect((await failure(io.read('s3://bkt/aborted.zarr', { storageOptions }))).code).toBe('ERR_ZARR_NOT_FOUND');
});

test('wrong keys are ERR_ZARR_IO saying the credentials were refused, naming the URL', async () => {
  const err = await failure(io.read('s3://bkt/in/v2', { storageOptions: { ...storageOptions, secretAccessKey: 'wrong' } }));
  expect(err.code).toBe('ERR_ZARR_IO');
  expect(err.message).toContain('s3://bkt/in/v2/');
  expect(err.message).toMatch(/refused the credentials \(HTTP 403/);
  const unknown = await failure(io.read('s3://bkt/in/v2', { storageOptions: { ...storageOptions, accessKeyId: 'AKIANOBODY0000000000' } }));
  expect(unknown.code).toBe('ERR_ZARR_IO');
  expect(unknown.message).toMatch(/refused the credentials/);
  expect(unknown.message).toContain('s3://bkt/in/v2/');
});

test('a missing bucket is ERR_ZARR_IO naming it, never a missing array', async () => {
  const err = await failure(io.read('s3://no-such-bucket/a.zarr', { storageOptions }));
  expect(err.code).toBe('ERR_ZARR_IO');
  expect(err.message).toContain('s3://no-such-bucket/a.zarr/');
  expect(err.message).toContain("bucket 'no-such-bucket' does not exist");
  const w = await failure(io.write(fromArray(new Uint8Array(4), [4]), 's3://no-such-bucket/b.zarr', { storageOptions }));
  expect(w.code).toBe('ERR_ZARR_IO');
  expect(w.message).toContain('s3://no-such-bucket/b.zarr');
  expect(w.message).toContain('does not exist');
});

test('io.createSink to s3:// PUTs each chunk once complete and the metadata at close; abort leaves nothing', async () => {
  const sink = await io.createSink('s3://bkt/sink.zarr', { shape: [8, 6], dtype: 'uint16', chunks: [4, 3], storageOptions });
  const top = Uint16Array.from({ length: 4 * 6 }, (_, i) => i + 1);
  await sink.write([slice(0, 4), slice(0, 6)], { data: top, shape: [4, 6], dtype: 'uint16' } as never);
  // Rows 0..3 completed chunks c/0/0 and c/0/1: already PUT, no metadata yet (nothing readable).
  expect((await fetched('sink.zarr', false)).keys).toEqual(['c/0/0', 'c/0/1']);
  await sink.close();
  const back = await fetched('sink.zarr');
  expect(back.keys).toEqual(['c/0/0', 'c/0/1', 'zarr.json']);  // the untouched bottom half is fill: not written
  const expected = new Uint16Array(8 * 6);
  expected.set(top);
  expect(back.values).toBe(Buffer.from(expected.buffer).toString('base64'));

  const aborted = await io.createSink('s3://bkt/sink2.zarr', { shape: [8, 6], dtype: 'uint16', chunks: [4, 3], storageOptions });
  await aborted.write([slice(0, 4), slice(0, 6)], { data: top, shape: [4, 6], dtype: 'uint16' } as never);
  await aborted.abort();
  expect((await fetched('sink2.zarr', false)).keys).toEqual([]);
});

test('the CLI converts between URLs with --storage-options and reads s3:// with info', async () => {
  const bin = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
  const run = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> => new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
  const so = JSON.stringify(storageOptions);
  const converted = await run('convert', 's3://bkt/in/v2', 's3://bkt/cli.zarr', '--zarr-format', '3', '--quiet', '--storage-options', so);
  expect(converted.stderr).toBe('');
  expect(converted.status).toBe(0);
  const back = await fetched('cli.zarr');
  expect(back.values).toBe(fixtures.v2.values);
  const info = await run('info', 's3://bkt/cli.zarr', '--json', '--storage-options', so);
  expect(info.status).toBe(0);
  expect(JSON.parse(info.stdout).shape).toEqual([30, 20]);
  const bad = await run('info', 's3://bkt/cli.zarr', '--storage-options', '{not json');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--storage-options');
});
