/**
 * cluster.submitWrite: io.write with the chunks written by cluster workers.
 * This process prepares the write exactly as io.write does (checks, layout,
 * staging folder beside the target: lib/write/write.ts), enqueues one BullMQ
 * job per partition, follows them (one progress stream for the whole write),
 * then writes the metadata and moves the staging folder into place with
 * io.write's own commit. Any failure (a partition out of attempts, an abort,
 * a lost Redis) withdraws the partitions not yet run, waits for those
 * running, and removes the staging folder: nothing appears at the target.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DynamicArray } from '../dynamic-array';
import { captureCallerStack, DynaZarrError, invalidArgument, publicError } from '../errors';
import type { JobProgress, JobResult } from '../job/job-spec';
import { abortedError } from '../job/run-job';
import { writeWith, type WriteJob, type WriteOptions, type WriteReport } from '../write/write';
import { addressText, DEFAULT_CONNECT_TIMEOUT_MS, openClient, parseConnection, probe, type ClusterConnection, type RedisAddress } from './connection';
import { decodeFailure } from './failure';
import { checkPortable, regionCount, splitRegions, type PartitionJob } from './partition';
import { ioError } from '../write/replace';

export const DEFAULT_QUEUE = 'dyna-zarr';

/** Cluster options of {@link cluster}.submitWrite (the write options are io.write's). */
export interface SubmitOptions {
  /** The Redis every worker uses: redis://HOST:PORT or { host, port }. */
  connection: ClusterConnection;
  /** BullMQ queue name (default 'dyna-zarr'); workers must use the same. */
  queue?: string;
  /** How many partitions (default: one per region, at most 64); never more than the write has regions. */
  partitions?: number;
  /** Tries per partition before the write fails (default 3). */
  attempts?: number;
  /** First retry delay in ms, doubling after each try (default 1000). */
  backoffMs?: number;
  /** Bound on reaching Redis (default 5000 ms); also how long a lost Redis may take to come back. */
  connectTimeoutMs?: number;
}

const KNOWN = ['connection', 'queue', 'partitions', 'attempts', 'backoffMs', 'connectTimeoutMs'];

function checkSubmitOptions(options: unknown): Required<Omit<SubmitOptions, 'partitions'>> & { partitions?: number } {
  const what = 'cluster.submitWrite';
  if (!options || typeof options !== 'object') throw invalidArgument(`${what}: cluster options with a connection are required`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KNOWN.includes(key)) throw invalidArgument(`${what}: unknown cluster option "${key}" (known: ${KNOWN.join(', ')})`);
  const positiveInt = (k: string): number | undefined => {
    if (o[k] === undefined) return undefined;
    if (!Number.isSafeInteger(o[k]) || (o[k] as number) < 1) throw invalidArgument(`${what}: ${k} must be a positive integer, got ${String(o[k])}`);
    return o[k] as number;
  };
  if (o.queue !== undefined && (typeof o.queue !== 'string' || o.queue === '' || o.queue.includes(':'))) {
    throw invalidArgument(`${what}: queue must be a non-empty name without ":", got ${JSON.stringify(o.queue)}`);
  }
  return {
    connection: o.connection as ClusterConnection,
    queue: (o.queue as string | undefined) ?? DEFAULT_QUEUE,
    partitions: positiveInt('partitions'),
    attempts: positiveInt('attempts') ?? 3,
    backoffMs: positiveInt('backoffMs') ?? 1000,
    connectTimeoutMs: positiveInt('connectTimeoutMs') ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
}

export async function submitWrite(array: DynamicArray, target: string | URL, writeOptions: WriteOptions | undefined, clusterOptions: SubmitOptions): Promise<WriteReport> {
  const callerStack = captureCallerStack();
  const what = 'cluster.submitWrite';
  let c: ReturnType<typeof checkSubmitOptions>;
  let address: RedisAddress;
  try {
    c = checkSubmitOptions(clusterOptions);
    address = parseConnection(c.connection, what);
    if (array?.node) checkPortable(array.node, what);
    await probe(address, c.connectTimeoutMs);
  } catch (err) {
    throw publicError(err, callerStack);
  }
  return writeWith(array, target, writeOptions, (job, o, dest) => runOnCluster(job, o, dest, c, address), what);
}

/** The WriteRunner of a cluster write: the job as partitions, run by the workers; what they did, summed. */
async function runOnCluster(job: WriteJob, o: WriteOptions, dest: string, c: ReturnType<typeof checkSubmitOptions>, address: RedisAddress): Promise<JobResult> {
  const { spec } = job;
  const threadCap = o.threads !== undefined || o.memoryBudgetMb !== undefined ? spec.threads : null;
  const total = regionCount(spec);
  const ranges = splitRegions(total, c.partitions ?? 64);
  const writeId = randomUUID();
  const partitions: PartitionJob[] = ranges.map((range, index) => ({
    version: 1, writeId, index, count: ranges.length, spec: { ...spec, threads: 1, regionRange: range }, threadCap,
  }));
  const done = partitions.length === 0 ? { regions: 0, chunksWritten: 0, bytesWritten: 0 } : await runPartitions(o, dest, partitions, total, c, address);
  // A worker killed mid-partition leaves its unfinished temporary chunk files in the staging folder (S3 PUTs leave nothing).
  const sinkPath = spec.sink.kind === 'write' ? spec.sink.path : '';
  if (!sinkPath.includes('://')) await removeTemporaryFiles(sinkPath);
  return done;
}

interface Totals {
  regions: number;
  chunksWritten: number;
  bytesWritten: number;
}

async function runPartitions(
  o: WriteOptions, dest: string, partitions: PartitionJob[], total: number, c: ReturnType<typeof checkSubmitOptions>, address: RedisAddress,
): Promise<Totals> {
  const { Queue, QueueEvents } = await import('bullmq');
  const client = await openClient(address, c.connectTimeoutMs, c.connectTimeoutMs);
  const queue = new Queue(c.queue, { connection: client });
  const events = new QueueEvents(c.queue, { connection: client });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  let jobs: Job[] = [];
  let stop: ReturnType<typeof stopped> | undefined;
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const ids = new Map(partitions.map((j) => [`${j.writeId}-${j.index}`, j]));
    const progress = new Map<string, JobProgress>();
    const report = (): void => {
      if (!o.onProgress) return;
      let done = 0;
      let bytesWritten = 0;
      for (const q of progress.values()) {
        done += q.done;
        bytesWritten += q.bytesWritten;
      }
      o.onProgress({ done, total, bytesWritten });
    };
    events.on('progress', ({ jobId, data }) => {
      if (!ids.has(jobId) || typeof data !== 'object' || data === null) return;
      // A partition run again (its worker died) restarts from 0: count what it had reached, so the stream never goes back.
      const seen = progress.get(jobId);
      const now = data as unknown as JobProgress;
      if (!seen || now.done > seen.done) progress.set(jobId, now);
      report();
    });
    const finished = (jobId: string, result: Totals): void => {
      progress.set(jobId, { done: result.regions, total: result.regions, bytesWritten: result.bytesWritten });
      report();
    };

    jobs = await queue.addBulk([...ids].map(([jobId, data]) => ({
      name: 'partition',
      data,
      opts: { jobId, attempts: c.attempts, backoff: { type: 'exponential', delay: c.backoffMs }, removeOnComplete: false, removeOnFail: false },
    })));
    const outcome = Promise.all(jobs.map(async (job) => {
      try {
        const result = (await job.waitUntilFinished(events)) as Totals;
        finished(job.id as string, result);
        return result;
      } catch (err) {
        const partition = ids.get(job.id as string) as PartitionJob;
        throw decodeFailure((err as Error).message, `${dest}: partition ${partition.index + 1} of ${partition.count}`);
      }
    }));
    stop = stopped(o, dest, client, address);
    const results = await Promise.race([outcome, stop.promise]);
    return results.reduce((t, r) => ({
      regions: t.regions + r.regions, chunksWritten: t.chunksWritten + r.chunksWritten, bytesWritten: t.bytesWritten + r.bytesWritten,
    }), { regions: 0, chunksWritten: 0, bytesWritten: 0 });
  } catch (err) {
    if (client.status !== 'end') await withdraw(jobs);
    throw err;
  } finally {
    stop?.dispose();
    if (client.status !== 'end') await Promise.all(jobs.map((j) => j.remove().catch(() => undefined)));
    await Promise.allSettled([events.close(), queue.close()]);
    await client.quit().catch(() => undefined);
  }
}

/**
 * A promise that rejects when the write is aborted or Redis is gone for good;
 * dispose() takes its abort listener off the caller's signal (which may serve many writes).
 */
function stopped(o: WriteOptions, dest: string, client: Redis, address: RedisAddress): { promise: Promise<never>; dispose(): void } {
  const signal = o.signal;
  let onAbort = (): void => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(signal!));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('end', () => reject(new DynaZarrError('ERR_ZARR_IO', `lost the connection to Redis at ${addressText(address)} while waiting for ${dest}`)));
  });
  return { promise, dispose: () => signal?.removeEventListener('abort', onAbort) };
}

/**
 * Removes the partitions not yet taken and waits (a bounded time) for those
 * being run, so no worker writes into the staging folder once it is removed.
 */
async function withdraw(jobs: Job[]): Promise<void> {
  let left = jobs;
  for (let round = 0; round < 600 && left.length > 0; round++) {
    const still: Job[] = [];
    for (const job of left) {
      const state = await job.getState().catch(() => 'unknown');
      if (state === 'completed' || state === 'failed' || state === 'unknown') continue;
      if (state === 'active' || !(await job.remove().then(() => true, () => false))) still.push(job);
    }
    left = still;
    if (left.length > 0) await new Promise((r) => setTimeout(r, 200));
  }
}

/** Deletes the engine's temporary chunk files (".dz-tmp.*", lib's FileStore) under `dir`. */
async function removeTemporaryFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir, { recursive: true });
  } catch (err) {
    throw ioError('list', dir, err);
  }
  for (const name of names) {
    if (path.basename(name).startsWith('.dz-tmp.')) await fs.rm(path.join(dir, name), { force: true });
  }
}
