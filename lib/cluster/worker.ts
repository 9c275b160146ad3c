/**
 * cluster.startWorker: takes partitions off the BullMQ queue and runs each
 * as one native job (the same engine and thread budget as io.write). Each
 * chunk file is written under a temporary name and renamed, so a partition
 * run again after a worker died rewrites the same files atomically.
 * BullMQ's lock on a partition is renewed from this event loop while the
 * engine works on its own threads; when a worker dies, the lock lapses
 * (lockDurationMs) and a live worker's stalled check (stalledIntervalMs)
 * puts the partition back in the queue.
 */
import fsSync from 'node:fs';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { invalidArgument } from '../errors';
import { native } from '../job/native';
import { runJob } from '../job/run-job';
import { addressText, DEFAULT_CONNECT_TIMEOUT_MS, openClient, parseConnection, probe, type ClusterConnection } from './connection';
import { encodeFailure } from './failure';
import type { PartitionJob } from './partition';
import { DEFAULT_QUEUE } from './submit';

/** Options of {@link cluster}.startWorker. */
export interface WorkerOptions {
  /** The Redis the submitter uses. */
  connection: ClusterConnection;
  /** BullMQ queue name (default 'dyna-zarr'); the submitter must use the same. */
  queue?: string;
  /** Partitions run at once (default 1). */
  concurrency?: number;
  /** Engine threads per partition (default: this machine's cores / concurrency). */
  threads?: number;
  /** BullMQ's lock on a running partition (default 30000 ms): a dead worker's partition is retried after about this long. */
  lockDurationMs?: number;
  /** How often to look for partitions of dead workers (default 30000 ms). */
  stalledIntervalMs?: number;
  /** How many times a partition may lose its worker before it fails the write (default 2). */
  maxStalledCount?: number;
  /** Bound on reaching Redis (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Hears each partition start, finish or fail (the CLI logs them). */
  onEvent?: (e: WorkerEvent) => void;
}

/** What a worker reports for each partition it runs. */
export interface WorkerEvent {
  /** The partition started, completed or failed. */
  kind: 'started' | 'completed' | 'failed';
  /** The identity of the write the partition belongs to. */
  writeId: string;
  /** 1-based partition number of `count`. */
  partition: number;
  /** How many partitions the write has. */
  count: number;
  /** The staging folder written. */
  path: string;
  /** Why it failed (kind 'failed'). */
  error?: string;
}

/** A running worker, from {@link cluster}.startWorker. */
export interface ClusterWorker {
  /** Resolves once connected to Redis; ERR_ZARR_IO when it cannot be reached. */
  ready: Promise<void>;
  /** Stops taking partitions, finishes those in hand (or, with force, abandons them to other workers) and disconnects. */
  close(options?: { force?: boolean }): Promise<void>;
}

const KNOWN = ['connection', 'queue', 'concurrency', 'threads', 'lockDurationMs', 'stalledIntervalMs', 'maxStalledCount', 'connectTimeoutMs', 'onEvent'];

export function startWorker(options: WorkerOptions): ClusterWorker {
  const what = 'cluster.startWorker';
  if (!options || typeof options !== 'object') throw invalidArgument(`${what}: options with a connection are required`);
  for (const key of Object.keys(options)) if (!KNOWN.includes(key)) throw invalidArgument(`${what}: unknown option "${key}" (known: ${KNOWN.join(', ')})`);
  const int = (k: keyof WorkerOptions, fallback: number): number => {
    const v = options[k];
    if (v === undefined) return fallback;
    if (!Number.isSafeInteger(v) || (v as number) < 1) throw invalidArgument(`${what}: ${k} must be a positive integer, got ${String(v)}`);
    return v as number;
  };
  const address = parseConnection(options.connection, what);
  const concurrency = int('concurrency', 1);
  const threads = int('threads', Math.max(1, Math.floor(native().defaultThreads() / concurrency)));
  const connectTimeoutMs = int('connectTimeoutMs', DEFAULT_CONNECT_TIMEOUT_MS);
  const lockDuration = int('lockDurationMs', 30000);
  const stalledInterval = int('stalledIntervalMs', 30000);
  const maxStalledCount = int('maxStalledCount', 2);
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const onEvent = options.onEvent ?? (() => undefined);
  const running = new Set<AbortController>();
  let worker: Worker | null = null;
  let closing: Promise<void> | null = null;
  let forced = false;
  let client: Redis | null = null;

  const ready = (async () => {
    await probe(address, connectTimeoutMs);
    const { Worker, UnrecoverableError } = await import('bullmq');
    if (closing) return;
    client = await openClient(address, connectTimeoutMs, Number.POSITIVE_INFINITY);
    const run = async (job: Job): Promise<unknown> => {
      const data = job.data as PartitionJob;
      const event = { writeId: data.writeId, partition: data.index + 1, count: data.count, path: data.spec?.sink && 'path' in data.spec.sink ? data.spec.sink.path : '' };
      if (data.version !== 1 || data.spec?.sink?.kind !== 'write') throw new UnrecoverableError('ERR_ZARR_INVALID_ARGUMENT: not a dyna_zarr partition (another version of the library?)');
      // A local write that failed or was aborted has removed its staging folder: writing would bring it back.
      if (!event.path.includes('://') && !fsSync.existsSync(event.path)) throw new UnrecoverableError(`ERR_ZARR_ABORTED: the write to ${event.path} is no longer in progress`);
      const controller = new AbortController();
      running.add(controller);
      onEvent({ kind: 'started', ...event });
      try {
        const spec = { ...data.spec, threads: data.threadCap ? Math.min(data.threadCap, threads) : threads };
        const result = await runJob(spec, [], null, {
          signal: controller.signal,
          onProgress: (p) => {
            job.updateProgress({ ...p }).catch(() => undefined);
          },
        });
        onEvent({ kind: 'completed', ...event });
        return { regions: result.regions, chunksWritten: result.chunksWritten, bytesWritten: result.bytesWritten };
      } catch (err) {
        // Abandoned by close({ force }): never settle, so BullMQ records no failed attempt;
        // the lock lapses and another worker runs the partition again.
        if (forced) return new Promise<never>(() => undefined);
        const message = encodeFailure(err);
        onEvent({ kind: 'failed', ...event, error: message });
        // BullMQ keeps the message only: the code travels in it (failure.ts).
        throw new Error(message, { cause: err });
      } finally {
        running.delete(controller);
      }
    };
    if (closing) {
      client.disconnect();
      return;
    }
    worker = new Worker(queueName, run, {
      connection: client, concurrency, lockDuration, stalledInterval, maxStalledCount, autorun: true,
    });
    worker.on('error', () => undefined); // connection trouble: BullMQ retries; close() ends it
    await worker.waitUntilReady();
  })();
  ready.catch(() => undefined);

  return {
    ready,
    close(opts?: { force?: boolean }): Promise<void> {
      closing ??= (async () => {
        await ready.catch(() => undefined);
        forced = opts?.force === true;
        if (forced) for (const c of running) c.abort(new Error(`worker closed (force) for ${addressText(address)}`));
        await worker?.close(opts?.force === true);
        await client?.quit().catch(() => undefined);
      })();
      return closing;
    },
  };
}
