/** io.read(path, options?) → a lazy DynamicArray. Nothing but metadata is read here. */
import { captureCallerStack, toDynaZarrError } from '../errors';
import { DynamicArray } from '../dynamic-array';
import { DynaZarrError } from '../errors';
import { native } from '../job/native';
import type { SourceInfo } from '../source-info';
import { openSource, type ReadOptions } from './open-source';

export type { ReadOptions } from './open-source';

export async function read(input: string | URL, options?: ReadOptions): Promise<DynamicArray> {
  const callerStack = captureCallerStack();
  try {
    const info = await openSource(input, options);
    return DynamicArray.fromSource(withChunkCache(info, options?.cacheMb ?? 0, String(input)));
  } catch (err) {
    throw toDynaZarrError(err, callerStack);
  }
}

/** info reading through a new decoded-chunk cache of cacheMb MiB (none for 0). */
function withChunkCache(info: SourceInfo, cacheMb: number, what: string): SourceInfo {
  const bytes = Math.floor(cacheMb * 1024 * 1024);
  if (bytes < 1) return info;
  if (info.spec.kind !== 'zarr') {
    throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `io.read: options.cacheMb applies to Zarr arrays; ${what} is not one`);
  }
  const chunkCache = native().chunkCache(bytes);
  return { ...info, spec: { ...info.spec, chunkCache: chunkCache.id }, chunkCache };
}
