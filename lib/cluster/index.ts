/**
 * Scale-out (DESIGN.md, "Public contract, second part"): io.write with its
 * partitions run by workers on other machines, on BullMQ and Redis. BullMQ
 * is loaded on first use, so programs that never use the cluster do not pay for it.
 */
import { submitWrite } from './submit';
import { startWorker } from './worker';

export type { SubmitOptions } from './submit';
export type { ClusterWorker, WorkerEvent, WorkerOptions } from './worker';
export type { ClusterConnection } from './connection';

export const cluster = { submitWrite, startWorker };
