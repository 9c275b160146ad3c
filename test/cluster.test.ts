/**
 * cluster.submitWrite and `dyna-zarr worker` with real parts on loopback: a
 * redis-server of its own, three worker processes (the built CLI), a lazy
 * chain (astype, arithmetic, a Gaussian filter, coarsen) checked against
 * NumPy/scipy and byte for byte against a one-machine io.write, a worker
 * killed with SIGKILL in the middle of a partition, a corrupt input chunk,
 * and a Redis that is down or does not answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { getEventListeners } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cluster, fromArray, io, ops, type DynamicArray, type WorkerEvent } from '../lib/index';
import type { JobProgress } from '../lib/job/job-spec';
import { runPython, runPythonPlan } from './helpers/python';
import { freePort, startRedis, type RedisServer } from './helpers/redis-server';
import { listFilesRecursive, makeTempDir, removeTempDir } from './helpers/tmp';
import { Redis } from 'ioredis';

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
const CHAIN = { scale: 0.25, offset: 1, sigma: 2, factors: [2, 2, 2] };
// Output: float32 [32, 128, 256], sharded v3; small regions so the write has many partitions.
const WRITE = { chunks: [8, 32, 64], shardCoefficients: [1, 2, 2], regionSizeMb: 40, threads: 1 };

let dir: string;
let redis: RedisServer;

interface WorkerProc {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}
let workers: WorkerProc[] = [];

function startWorkerProcess(url: string): Promise<WorkerProc> {
  const child = spawn(process.execPath, [BIN, 'worker', '--cluster', url, '--threads', '1', '--lock-ms', '2000', '--stalled-ms', '1000'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: WorkerProc = { child, lines: [], exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  let buffered = '';
  child.stdout!.on('data', (b: Buffer) => {
    buffered += b.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    proc.lines.push(...parts);
    child.emit('lines');
  });
  child.stderr!.on('data', (b: Buffer) => process.stderr.write(`[worker ${child.pid}] ${b.toString('utf8')}`));
  return new Promise((resolve, reject) => {
    const ready = (): void => {
      if (proc.lines.some((l) => l.startsWith('worker: connected'))) resolve(proc);
    };
    child.on('lines', ready);
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before connecting`)));
  });
}

const chainOf = (a: DynamicArray): DynamicArray =>
  ops.coarsen(ops.gaussianFilter(ops.add(ops.multiply(ops.astype(a, 'float32'), CHAIN.scale), CHAIN.offset), CHAIN.sigma), CHAIN.factors, 'mean');

/** Files below `a` and `b` are the same names with the same bytes. */
function expectSameFiles(a: string, b: string): void {
  const names = listFilesRecursive(a);
  expect(names).toEqual(listFilesRecursive(b));
  expect(names.length).toBeGreaterThan(1);
  for (const name of names) expect(fs.readFileSync(path.join(a, name)).equals(fs.readFileSync(path.join(b, name)))).toBe(true);
}

const siblingsOf = (name: string): string[] => fs.readdirSync(dir).filter((f) => f.startsWith(name)).sort();

/** onEvent of an in-process worker, as "<name> <partition> <kind>" lines. */
const log = (name: string, events: string[]) => (e: WorkerEvent): void => {
  events.push(`${name} ${e.partition} ${e.kind}`);
};
/** The partition number of the first "started" line, once there is one. */
const firstStart = (events: string[]): Promise<string> => new Promise((resolve) => {
  const timer = setInterval(() => {
    const hit = events.find((l) => l.endsWith(' started'));
    if (hit) {
      clearInterval(timer);
      resolve(hit.split(' ')[1]);
    }
  }, 5);
});

beforeAll(async () => {
  dir = makeTempDir('cluster');
  redis = await startRedis();
  await runPython('cluster.py', ['make', dir]);
  workers = await Promise.all([0, 1, 2].map(() => startWorkerProcess(redis.url)));
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await redis?.stop();
  removeTempDir(dir);
});

test('a lazy chain written by 3 workers, one of them killed with SIGKILL mid-partition: NumPy values, the same bytes as io.write, nothing left over', async () => {
  const input = await io.read(path.join(dir, 'in.zarr'));
  const local = await io.write(chainOf(input), path.join(dir, 'local.zarr'), WRITE);

  const events: JobProgress[] = [];
  const victim = workers[0];
  // SIGKILL the first worker as soon as it has taken a partition.
  let killed: string | null = null;
  victim.child.on('lines', () => {
    const line = victim.lines.find((l) => l.endsWith(': started'));
    if (line && !killed) {
      killed = line.replace(/ of .*/, '');
      victim.child.kill('SIGKILL');
    }
  });
  const signal = new AbortController().signal; // a caller's signal outlives the write: nothing may stay on it
  const report = await cluster.submitWrite(chainOf(input), path.join(dir, 'out.zarr'), { ...WRITE, signal, onProgress: (p) => events.push(p) },
    { connection: redis.url, partitions: 8 });
  expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  expect(await victim.exited).toBe(null); // killed by a signal

  // The partition the victim had taken was run again, by another worker.
  expect(killed).not.toBeNull();
  expect(victim.lines.some((l) => l.startsWith(killed!) && l.endsWith(': completed'))).toBe(false);
  const rerun = workers.slice(1).some((w) => w.lines.some((l) => l.startsWith(killed!) && l.endsWith(': completed')));
  expect(rerun).toBe(true);

  expect(report.regions).toBe(local.regions);
  expect(report.regions).toBeGreaterThanOrEqual(8);
  expect(report.shape).toEqual([32, 128, 256]);
  expect(report.shards).toEqual([8, 64, 128]);
  // One progress stream for the whole write: never backwards, ends at every region.
  expect(events.length).toBeGreaterThan(0);
  for (let i = 1; i < events.length; i++) expect(events[i].done).toBeGreaterThanOrEqual(events[i - 1].done);
  expect(events[events.length - 1]).toMatchObject({ done: local.regions, total: local.regions });

  expectSameFiles(path.join(dir, 'out.zarr'), path.join(dir, 'local.zarr'));
  expect(listFilesRecursive(path.join(dir, 'out.zarr')).filter((f) => f.includes('.dz-tmp'))).toEqual([]);
  expect(siblingsOf('out.zarr')).toEqual(['out.zarr']);
  const [checked] = await runPythonPlan<Array<{ shape: number[]; dtype: string; maxRelErr: number }>>('cluster.py', 'check', path.join(dir, 'plan.json'),
    { input: path.join(dir, 'in.zarr'), outputs: [path.join(dir, 'out.zarr')], ...CHAIN });
  expect(checked.shape).toEqual([32, 128, 256]);
  expect(checked.dtype).toBe('float32');
  expect(checked.maxRelErr).toBeLessThan(1e-5);
}, 300_000);

test('a corrupt input chunk fails the write with ERR_ZARR_CODEC after the bounded attempts, and leaves nothing at the target', async () => {
  const input = await io.read(path.join(dir, 'bad.zarr'));
  const failed = cluster.submitWrite(chainOf(input), path.join(dir, 'bad-out.zarr'), WRITE,
    { connection: redis.url, partitions: 4, attempts: 2, backoffMs: 100 });
  await expect(failed).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC', message: expect.stringMatching(/bad-out\.zarr: partition \d of 4: .*bad\.zarr/) });
  expect(siblingsOf('bad-out.zarr')).toEqual([]);
  // The failing partition was tried twice (attempts: 2), by whichever workers took it.
  const tries = workers.flatMap((w) => w.lines).filter((l) => l.includes('bad-out.zarr') && l.includes(': failed: ERR_ZARR_CODEC'));
  expect(tries.length).toBeGreaterThanOrEqual(2);
}, 120_000);

test('`dyna-zarr convert --cluster` writes the same array as a local convert, with exit code 0', async () => {
  const run = (...args: string[]): Promise<{ code: number | null; stderr: string }> => new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
  const common = ['--chunks', '16,64,128', '--shards', '2,2,2', '--codec', 'zstd:1', '--dtype', 'float32', '--region-size-mb', '4', '--quiet'];
  const viaCluster = await run('convert', path.join(dir, 'in.zarr'), path.join(dir, 'cli-cluster.zarr'), ...common, '--cluster', redis.url, '--partitions', '3');
  expect(viaCluster).toEqual({ code: 0, stderr: '' });
  expect(await run('convert', path.join(dir, 'in.zarr'), path.join(dir, 'cli-local.zarr'), ...common)).toEqual({ code: 0, stderr: '' });
  expectSameFiles(path.join(dir, 'cli-cluster.zarr'), path.join(dir, 'cli-local.zarr'));
  const bad = await run('convert', path.join(dir, 'in.zarr'), path.join(dir, 'never.zarr'), '--quiet', '--cluster', `redis://127.0.0.1:${await freePort()}`);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^dyna-zarr: ERR_ZARR_IO: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
}, 120_000);

test('Redis down, or a server that never answers, is ERR_ZARR_IO within seconds and creates nothing', async () => {
  const input = await io.read(path.join(dir, 'in.zarr'));
  const downPort = await freePort();
  const t0 = Date.now();
  await expect(cluster.submitWrite(input, path.join(dir, 'down.zarr'), {}, { connection: `redis://127.0.0.1:${downPort}` }))
    .rejects.toMatchObject({ code: 'ERR_ZARR_IO', message: expect.stringContaining(`redis://127.0.0.1:${downPort}`) });
  expect(Date.now() - t0).toBeLessThan(5000);

  const silent = net.createServer(() => undefined); // accepts, never replies
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const { port } = silent.address() as net.AddressInfo;
  const t1 = Date.now();
  try {
    await expect(cluster.submitWrite(input, path.join(dir, 'silent.zarr'), {}, { connection: { host: '127.0.0.1', port }, connectTimeoutMs: 1000 }))
      .rejects.toMatchObject({ code: 'ERR_ZARR_IO', message: expect.stringContaining('no answer') });
  } finally {
    silent.close();
  }
  expect(Date.now() - t1).toBeLessThan(5000);
  expect(siblingsOf('down.zarr')).toEqual([]);
  expect(siblingsOf('silent.zarr')).toEqual([]);
});

test('mapBlocks and in-memory arrays cannot travel: ERR_ZARR_INVALID_ARGUMENT naming them, before Redis is contacted', async () => {
  const input = await io.read(path.join(dir, 'in.zarr'));
  const mapped = ops.mapBlocks(input, (b) => b);
  const nowhere = { connection: `redis://127.0.0.1:${await freePort()}` };
  await expect(cluster.submitWrite(mapped, path.join(dir, 'map.zarr'), {}, nowhere))
    .rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringContaining('mapBlocks') });
  await expect(cluster.submitWrite(fromArray(new Float32Array(8), [8]), path.join(dir, 'mem.zarr'), {}, nowhere))
    .rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT', message: expect.stringContaining('fromArray') });
  expect(siblingsOf('map.zarr')).toEqual([]);
});

test('SIGTERM stops an idle worker cleanly: exit 0', async () => {
  const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  expect(live.length).toBe(2);
  for (const w of live) w.child.kill('SIGTERM');
  expect(await Promise.all(live.map((w) => w.exited))).toEqual([0, 0]);
});

test('startWorker: close() finishes the partition in hand; close({ force }) abandons it and another worker runs it again', async () => {
  const input = await io.read(path.join(dir, 'in.zarr'));
  const quick = { connection: redis.url, threads: 1, lockDurationMs: 2000, stalledIntervalMs: 1000 };

  const aEvents: string[] = [];
  const a = cluster.startWorker({ ...quick, onEvent: log('a', aEvents) });
  await a.ready;
  const written = cluster.submitWrite(chainOf(input), path.join(dir, 'closing.zarr'), WRITE, { connection: redis.url, partitions: 4 });
  const aPartition = await firstStart(aEvents);
  await a.close();
  // The partition in hand was finished before close() resolved, and nothing else was taken.
  expect(aEvents).toEqual([`a ${aPartition} started`, `a ${aPartition} completed`]);

  const bEvents: string[] = [];
  const b = cluster.startWorker({ ...quick, onEvent: log('b', bEvents) });
  const bPartition = await firstStart(bEvents);
  await b.close({ force: true });
  expect(bEvents).toEqual([`b ${bPartition} started`]);

  const cEvents: string[] = [];
  const c = cluster.startWorker({ ...quick, onEvent: log('c', cEvents) });
  try {
    await written;
  } finally {
    await c.close();
  }
  expect(cEvents).toContain(`c ${bPartition} completed`);
  expectSameFiles(path.join(dir, 'closing.zarr'), path.join(dir, 'local.zarr'));
  expect(siblingsOf('closing.zarr')).toEqual(['closing.zarr']);
}, 120_000);

test('an aborted submitWrite withdraws the partitions not taken, lets the running one end, leaves nothing; Redis keeps no job of any write', async () => {
  const input = await io.read(path.join(dir, 'in.zarr'));
  const events: string[] = [];
  const w = cluster.startWorker({ connection: redis.url, threads: 1, onEvent: log('w', events) });
  await w.ready;
  const controller = new AbortController();
  const written = cluster.submitWrite(chainOf(input), path.join(dir, 'aborted.zarr'), { ...WRITE, signal: controller.signal }, { connection: redis.url, partitions: 8 });
  await firstStart(events);
  controller.abort();
  await expect(written).rejects.toMatchObject({ code: 'ERR_ZARR_ABORTED' });
  await w.close();
  expect(siblingsOf('aborted.zarr')).toEqual([]);
  expect(events.filter((l) => l.endsWith(' started')).length).toBeLessThan(8);

  // Every write of this file removed its jobs (ids are <write uuid>-<partition>) from Redis.
  const client = new Redis({ host: '127.0.0.1', port: redis.port });
  try {
    const keys = await client.keys('bull:dyna-zarr:*');
    expect(keys.filter((k) => /:[0-9a-f]{8}-[0-9a-f-]{27}-\d+(:|$)/.test(k))).toEqual([]);
    expect(keys.length).toBeGreaterThan(0); // the queue itself is there: the pattern is not vacuous
  } finally {
    await client.quit();
  }
}, 120_000);
