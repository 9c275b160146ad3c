/**
 * A cluster write whose workers share nothing but Redis and S3 (a moto
 * server on loopback): the target is s3://, the input a local copy each
 * worker can read. Needs s3:// support (the remote-storage work); on a build
 * without it the test is skipped, and says so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { cluster, io, ops, type DynamicArray } from '../lib/index';
import { PYTHON, runPython } from './helpers/python';
import { freePort, startRedis, type RedisServer } from './helpers/redis-server';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'dyna-zarr.js');

/** Whether the built library takes s3:// URLs: asks it (synchronously, so the test can be skipped) with an endpoint nothing listens on. */
function s3Supported(): boolean {
  const probe = `require(${JSON.stringify(path.join(ROOT, 'dist/cjs/index.js'))}).io.read('s3://dz-probe/a.zarr', { storageOptions: { endpoint: 'http://127.0.0.1:9' } })
    .then(() => console.log('ok'), (e) => console.log(e.code))`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 60_000 });
  const code = r.stdout.trim();
  return code !== 'ERR_ZARR_UNSUPPORTED' && code !== 'ERR_ZARR_INVALID_ARGUMENT';
}

const S3 = s3Supported();
if (!S3) console.log('cluster-s3.test.ts: skipped — this build does not support s3:// URLs (the remote-storage work brings them)');

let dir: string;
let redis: RedisServer | undefined;
let moto: ChildProcess | undefined;
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  if (moto?.pid && moto.exitCode === null) process.kill(moto.pid, 'SIGTERM');
  await redis?.stop();
  removeTempDir(dir);
});

(S3 ? test : test.skip)('an s3:// target written by 2 workers equals a one-machine write', async () => {
  dir = makeTempDir('cluster-s3');
  redis = await startRedis();
  const port = await freePort();
  moto = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
  Object.assign(process.env, credentials);
  await runPython('cluster.py', ['make', dir]);
  await runPython('cluster.py', ['bucket', endpoint, 'dz-cluster']);
  for (let i = 0; i < 2; i++) {
    workers.push(spawn(process.execPath, [BIN, 'worker', '--cluster', redis.url, '--threads', '1', '--quiet'],
      { stdio: 'ignore', env: { ...process.env, ...credentials } }));
  }
  const chain = (a: DynamicArray): DynamicArray => ops.coarsen(ops.add(ops.astype(a, 'float32'), 1), [2, 2, 2], 'mean');
  const input = await io.read(path.join(dir, 'in.zarr'));
  const storageOptions = { endpoint, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' };
  const options = { chunks: [8, 32, 64], shardCoefficients: [1, 2, 2], regionSizeMb: 8 };
  await cluster.submitWrite(chain(input), 's3://dz-cluster/out.zarr', { ...options, storageOptions } as never, { connection: redis.url, partitions: 4 });
  await io.write(chain(input), path.join(dir, 'local.zarr'), options);
  const remote = await (await io.read('s3://dz-cluster/out.zarr', { storageOptions } as never)).compute();
  const local = await (await io.read(path.join(dir, 'local.zarr'))).compute();
  expect(remote.shape).toEqual(local.shape);
  expect(Buffer.from(remote.data.buffer).equals(Buffer.from(local.data.buffer))).toBe(true);
}, 300_000);
