/**
 * A cluster write whose workers share nothing but Redis and S3 (moto's
 * server on loopback): the input is read from s3:// and the target is
 * s3://; two worker processes run the partitions. The result equals a
 * one-machine io.write of the same chain from a local copy of the input,
 * and that equals NumPy's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { cluster, io, ops, type DynamicArray } from '../lib/index';
import { runPython, runPythonPlan } from './helpers/python';
import { startRedis, type RedisServer } from './helpers/redis-server';
import { startMoto, type Moto } from './helpers/servers';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');

let dir: string;
let redis: RedisServer;
let moto: Moto;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  dir = makeTempDir('cluster-s3');
  [redis, moto] = await Promise.all([startRedis(), startMoto()]);
  await runPython('cluster.py', ['make', dir]);
  await runPython('cluster.py', ['upload', moto.endpoint, 'dz-cluster', path.join(dir, 'in.zarr'), 'in.zarr']);
  for (let i = 0; i < 2; i++) {
    workers.push(spawn(process.execPath, [BIN, 'worker', '--cluster', redis.url, '--threads', '1', '--quiet'], { stdio: 'ignore' }));
  }
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await moto?.close();
  await redis?.stop();
  removeTempDir(dir);
});

test('s3:// in and out, written by 2 workers: the same values as a one-machine write', async () => {
  const storageOptions = { endpoint: moto.endpoint, region: 'us-east-1', accessKeyId: 'testing', secretAccessKey: 'testing' };
  const chain = (a: DynamicArray): DynamicArray => ops.coarsen(ops.add(ops.astype(a, 'float32'), 1), [2, 2, 2], 'mean');
  const options = { chunks: [8, 32, 64], shardCoefficients: [1, 2, 2], regionSizeMb: 8 };
  const remoteInput = await io.read('s3://dz-cluster/in.zarr', { storageOptions });
  const report = await cluster.submitWrite(chain(remoteInput), 's3://dz-cluster/out.zarr', { ...options, storageOptions }, { connection: redis.url, partitions: 4 });
  expect(report.shards).toEqual([8, 64, 128]);
  await io.write(chain(await io.read(path.join(dir, 'in.zarr'))), path.join(dir, 'local.zarr'), options);
  const remote = await (await io.read('s3://dz-cluster/out.zarr', { storageOptions })).compute();
  const local = await (await io.read(path.join(dir, 'local.zarr'))).compute();
  expect(remote.shape).toEqual([32, 128, 256]);
  expect(Buffer.from(remote.data.buffer).equals(Buffer.from(local.data.buffer))).toBe(true);
  // And both equal NumPy's: astype, + 1, block mean (a zero sigma is no filter).
  const [checked] = await runPythonPlan<Array<{ shape: number[]; dtype: string; maxRelErr: number }>>('cluster.py', 'check', path.join(dir, 'plan.json'),
    { input: path.join(dir, 'in.zarr'), outputs: [path.join(dir, 'local.zarr')], scale: 1, offset: 1, sigma: 0, factors: [2, 2, 2] });
  expect(checked).toMatchObject({ shape: [32, 128, 256], dtype: 'float32' });
  expect(checked.maxRelErr).toBeLessThan(1e-6);
}, 300_000);
