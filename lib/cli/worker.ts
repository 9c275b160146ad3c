/**
 * `dyna-zarr worker --cluster redis://HOST:PORT`: runs partitions of cluster
 * writes until stopped, one line on stdout per partition started, done or
 * failed. SIGTERM or SIGINT stops it cleanly: no new partition is taken, the
 * ones in hand are finished, it disconnects and exits 0. A second signal
 * abandons the partitions in hand (another worker takes them over once their
 * lock lapses) and exits 143 (SIGTERM) or 130 (SIGINT).
 */
import { cluster } from '../cluster/index';
import type { WorkerEvent } from '../cluster/worker';

export interface WorkerCliOptions {
  cluster: string;
  concurrency?: number;
  threads?: number;
  queue?: string;
  lockMs?: number;
  stalledMs?: number;
  quiet?: boolean;
}

const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

export async function runWorker(options: WorkerCliOptions): Promise<number> {
  const log = (e: WorkerEvent): void => {
    if (options.quiet) return;
    const tail = e.kind === 'failed' ? `: ${e.error}` : '';
    process.stdout.write(`partition ${e.partition}/${e.count} of ${e.path}: ${e.kind}${tail}\n`);
  };
  const worker = cluster.startWorker({
    connection: options.cluster,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.queue !== undefined ? { queue: options.queue } : {}),
    ...(options.lockMs !== undefined ? { lockDurationMs: options.lockMs } : {}),
    ...(options.stalledMs !== undefined ? { stalledIntervalMs: options.stalledMs } : {}),
    onEvent: log,
  });
  let status = 0;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let signals = 0;
  const onSignal = (signal: keyof typeof EXIT_ON_SIGNAL): void => {
    signals += 1;
    if (signals === 1) {
      if (!options.quiet) process.stdout.write(`worker: ${signal}: finishing the partitions in hand, then exiting\n`);
      void worker.close().then(stop, stop);
    } else {
      status = EXIT_ON_SIGNAL[signal];
      void worker.close({ force: true }).then(stop, stop);
    }
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    await worker.ready;
    if (!options.quiet) process.stdout.write(`worker: connected to ${options.cluster}, waiting for partitions\n`);
    await stopped;
    return status;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
