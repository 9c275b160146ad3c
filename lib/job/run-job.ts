/**
 * The single door to the engine: one job, one native call. The spec travels
 * as JSON; cancellation is a shared Int32 flag the native tasks poll between
 * chunks, so an AbortSignal stops the work without any per-chunk JavaScript.
 */
import { DynaZarrError, toDynaZarrError } from '../errors';
import type { JobProgress, JobResult, JobSpec } from './job-spec';
import { native } from './native';

export interface RunJobOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Stack captured at the public entry point, restored on asynchronous errors. */
  callerStack?: string;
}

export function abortedError(signal: AbortSignal): DynaZarrError {
  const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
  return new DynaZarrError('ERR_ZARR_ABORTED', `the operation was aborted${reason}`, { cause: signal.reason });
}

export async function runJob(
  spec: JobSpec | string,
  buffers: ArrayBufferView[],
  output: ArrayBufferView | null,
  opts: RunJobOptions = {},
): Promise<JobResult> {
  const { signal, onProgress, callerStack } = opts;
  if (signal?.aborted) throw toDynaZarrError(abortedError(signal), callerStack);
  // Shared memory: the native tasks read the flag from worker threads.
  // Only a job that can be aborted needs the flag (a tile server runs thousands of jobs a second without one).
  const cancel = signal ? new Int32Array(new SharedArrayBuffer(4)) : null;
  const onAbort = (): void => {
    if (cancel) Atomics.store(cancel, 0, 1);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const text = typeof spec === 'string' ? spec : JSON.stringify(spec);
    return await native().run(text, buffers, output, cancel, onProgress ?? null);
  } catch (err) {
    throw toDynaZarrError(err, callerStack);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
