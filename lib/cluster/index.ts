/**
 * Scale-out (DESIGN.md, "Public contract, second part"): io.write with its
 * partitions run by workers on other machines, on BullMQ and Redis. BullMQ
 * is loaded on first use, so programs that never use the cluster do not pay for it.
 */
import { submitWrite } from './submit';
import { startWorker } from './worker';

export type { SubmitOptions } from './submit';
export type { ClusterWorker, WorkerEvent, WorkerOptions } from './worker';
export type { ClusterConnection, RedisAddress } from './connection';

/**
 * Writes split into partitions that workers on any machine run (BullMQ on Redis).
 * Sources and target must be reachable by every worker (S3, HTTP or a shared filesystem).
 *
 * @example
 * ```ts
 * import { cluster, io } from 'dyna_zarr';
 * // on each worker machine:
 * const worker = cluster.startWorker({ connection: 'redis://10.0.0.5:6379', concurrency: 1 });
 * // on the submitting machine:
 * const a = await io.read('s3://bucket/in.zarr');
 * const report = await cluster.submitWrite(a.astype('float32'), 's3://bucket/out.zarr', {}, { connection: 'redis://10.0.0.5:6379', partitions: 32 });
 * await worker.close();
 * ```
 */
export const cluster = {
  /** Splits the write of `array` to `path` into shard-aligned partitions, enqueues them, follows their progress and, when all are done, writes the metadata and moves the result into place. */
  submitWrite,
  /** Runs partitions of submitted writes through the native engine until closed. */
  startWorker,
};
