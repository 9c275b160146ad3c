/**
 * Sizes the library accepts from metadata, checked at io.read so that no
 * product of shape, chunk, shard and item size can overflow and size a
 * buffer. The engine checks the same limits again (binding/core/size_limits.h).
 */
import { itemSize, type DType } from '../dtype';
import type { MetadataContext } from './context';

/**
 * Decoded bytes of one chunk (or one inner chunk of a shard): a chunk is
 * decoded whole into one buffer, and the codecs (blosc, lz4) count in int32.
 */
export const MAX_CHUNK_BYTES = 2 ** 31 - 1;
/** Entries (inner chunks) of one shard index: the index is read whole, 16 bytes an entry (256 MiB). */
export const MAX_SHARD_INDEX_ENTRIES = 2 ** 24;
/** Bytes of a whole array: counted exactly in a JavaScript number. */
export const MAX_ARRAY_BYTES = Number.MAX_SAFE_INTEGER;

/** Exact product of the extents (bigint: no rounding, no overflow). */
function exactProduct(extents: number[]): bigint {
  return extents.reduce((p, s) => p * BigInt(s), 1n);
}

const shapeText = (s: number[]): string => `[${s.join(', ')}]`;

export function checkArrayBytes(ctx: MetadataContext, key: string, shape: number[], dtype: DType): void {
  const bytes = exactProduct(shape) * BigInt(itemSize(dtype));
  if (bytes > BigInt(MAX_ARRAY_BYTES)) {
    ctx.limit(key, `${shapeText(shape)} of ${dtype} is ${bytes} bytes, more than the ${MAX_ARRAY_BYTES} (2^53-1) an array may hold`);
  }
}

export function checkChunkBytes(ctx: MetadataContext, key: string, chunk: number[], dtype: DType): void {
  const bytes = exactProduct(chunk) * BigInt(itemSize(dtype));
  if (bytes > BigInt(MAX_CHUNK_BYTES)) {
    ctx.limit(key, `${shapeText(chunk)} of ${dtype} is ${bytes} bytes a chunk, more than the ${MAX_CHUNK_BYTES} (2^31-1) a chunk may hold`);
  }
}

export function checkShardIndex(ctx: MetadataContext, key: string, shard: number[], inner: number[]): void {
  const entries = exactProduct(shard.map((s, i) => s / inner[i]));
  if (entries > BigInt(MAX_SHARD_INDEX_ENTRIES)) {
    ctx.limit(key, `gives ${entries} inner chunks a shard (shard ${shapeText(shard)} / chunks ${shapeText(inner)}), more than the ${MAX_SHARD_INDEX_ENTRIES} entries a shard index may hold`);
  }
}
