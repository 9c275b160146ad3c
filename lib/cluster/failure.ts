/**
 * A partition's error on its way from a worker to the submitter. BullMQ
 * keeps only a failed job's message, so the worker puts the contract code
 * in front ("ERR_ZARR_CODEC: ...") and the submitter takes it back out.
 */
import { DynaZarrError, toDynaZarrError, type ErrorCode } from '../errors';

export function encodeFailure(err: unknown): string {
  const e = toDynaZarrError(err);
  return `${e.code}: ${e.message}`;
}

export function decodeFailure(message: string, where: string): DynaZarrError {
  const m = /^(ERR_[A-Z_]+): ([\s\S]*)$/.exec(message);
  const known = m && toDynaZarrError({ code: m[1], message: m[2] }).code === m[1];
  const code: ErrorCode = known ? (m[1] as ErrorCode) : 'ERR_ZARR_IO';
  // Not ours: BullMQ's own reasons, e.g. a partition whose workers kept dying ("job stalled more than allowable limit").
  return new DynaZarrError(code, `${where}: ${known ? m[2] : message}`);
}
