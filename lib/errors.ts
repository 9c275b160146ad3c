/** The one error type of the library, with the stable codes of the contract. */

const ERROR_CODES = [
  'ERR_ZARR_NOT_FOUND',
  'ERR_ZARR_EXISTS',
  'ERR_ZARR_INVALID_METADATA',
  'ERR_ZARR_UNKNOWN_CODEC',
  'ERR_ZARR_CODEC',
  'ERR_ZARR_CHECKSUM',
  'ERR_ZARR_INVALID_ARGUMENT',
  'ERR_ZARR_INVALID_SELECTION',
  'ERR_ZARR_UNSUPPORTED',
  'ERR_ZARR_IO',
  'ERR_ZARR_ABORTED',
  'ERR_ZARR_LIMIT',
  'ERR_TIFF_INVALID',
  'ERR_ZARR_INTERNAL',
] as const;

/**
 * The stable error codes of the contract, one per kind of failure: ERR_ZARR_NOT_FOUND, ERR_ZARR_EXISTS,
 * ERR_ZARR_INVALID_METADATA, ERR_ZARR_UNKNOWN_CODEC, ERR_ZARR_CODEC, ERR_ZARR_CHECKSUM, ERR_ZARR_INVALID_ARGUMENT,
 * ERR_ZARR_INVALID_SELECTION, ERR_ZARR_UNSUPPORTED, ERR_ZARR_IO, ERR_ZARR_ABORTED, ERR_ZARR_LIMIT, ERR_TIFF_INVALID and
 * ERR_ZARR_INTERNAL (a bug of ours).
 */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one error the library throws or rejects with: a contract `code` and a message naming the file, key or
 * argument at fault. Async errors keep the caller's stack.
 * @example
 * ```ts
 * try {
 *   await io.read('missing.zarr');
 * } catch (err) {
 *   if (isDynaZarrError(err, 'ERR_ZARR_NOT_FOUND')) console.error(err.message);
 * }
 * ```
 */
export class DynaZarrError extends Error {
  /** What went wrong, as one of the contract's codes. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DynaZarrError';
    this.code = code;
  }
}

/** Whether `err` is a DynaZarrError (with `code`, when given); a type guard. */
export function isDynaZarrError(err: unknown, code?: ErrorCode): err is DynaZarrError {
  return err instanceof DynaZarrError && (code === undefined || err.code === code);
}

/**
 * Turns anything thrown by the addon, fs or our own code into a
 * DynaZarrError. `callerStack` (captured before the first await) replaces
 * the stack of asynchronous failures so it points at the user's call.
 */
export function toDynaZarrError(err: unknown, callerStack?: string): DynaZarrError {
  let out: DynaZarrError;
  if (err instanceof DynaZarrError) {
    out = err;
  } else {
    const e = err as { code?: unknown; message?: unknown } | undefined;
    const code = typeof e?.code === 'string' && (ERROR_CODES as readonly string[]).includes(e.code)
      ? (e.code as ErrorCode)
      : 'ERR_ZARR_INTERNAL';
    out = new DynaZarrError(code, typeof e?.message === 'string' ? e.message : String(err), { cause: err });
  }
  if (callerStack) {
    const lines = callerStack.split('\n').slice(1);
    out.stack = `${out.name} [${out.code}]: ${out.message}\n${lines.join('\n')}`;
  }
  return out;
}

/** Captures the caller's stack at the public entry point of an async API. */
export function captureCallerStack(): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, captureCallerStack);
  return holder.stack ?? '';
}

/**
 * As captureCallerStack, but formatted only when read: V8 formats a captured
 * stack lazily, and formatting it was a twentieth of a tile server's
 * event-loop time per compute(). For hot entry points; read it on failure only.
 */
export function captureCallerStackLazily(): () => string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, captureCallerStackLazily);
  return () => holder.stack ?? '';
}

export function invalidArgument(message: string): DynaZarrError {
  return new DynaZarrError('ERR_ZARR_INVALID_ARGUMENT', message);
}

/**
 * An error thrown (or a rejection) by a user function (mapBlocks,
 * mapOverlap), carried unchanged through our code; publicError hands the
 * caller that very value.
 */
export class UserFunctionError {
  constructor(readonly error: unknown) {}
}

/** What a public async entry point rejects with: the user function's own error, else a DynaZarrError. */
export function publicError(err: unknown, callerStack?: string): unknown {
  return err instanceof UserFunctionError ? err.error : toDynaZarrError(err, callerStack);
}
