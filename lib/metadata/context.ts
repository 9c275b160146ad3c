/** Errors raised while reading metadata always name the file and the key at fault. */
import { DynaZarrError } from '../errors';

export class MetadataContext {
  constructor(readonly file: string) {}

  invalid(key: string, problem: string): never {
    throw new DynaZarrError('ERR_ZARR_INVALID_METADATA', `${this.file}: "${key}" ${problem}`);
  }

  unsupported(key: string, problem: string): never {
    throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${this.file}: "${key}" ${problem}`);
  }

  /** A size past one of the limits of lib/metadata/limits.ts. */
  limit(key: string, problem: string): never {
    throw new DynaZarrError('ERR_ZARR_LIMIT', `${this.file}: "${key}" ${problem}`);
  }

  unknownCodec(key: string, name: string): never {
    throw new DynaZarrError('ERR_ZARR_UNKNOWN_CODEC', `${this.file}: "${key}" names the unknown codec ${JSON.stringify(name)}`);
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list of non-negative (min 0) or positive (min 1) integers, or a metadata error. */
export function intList(ctx: MetadataContext, key: string, v: unknown, min: number, length?: number): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= min)) {
    return ctx.invalid(key, `must be a list of integers >= ${min}, got ${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}`);
  }
  if (length !== undefined && v.length !== length) ctx.invalid(key, `must have ${length} entries (one per dimension), got ${v.length}`);
  return v as number[];
}
