/** io.write options: validation (every unknown or malformed option is an error) and defaults. */
import { Codecs } from '../codecs/codecs';
import { isDType, itemSize, type DType } from '../dtype';
import { DynaZarrError, invalidArgument } from '../errors';
import type { JobProgress } from '../job/job-spec';
import { checkStorageOptions, type StorageOptions } from '../store/remote';

/**
 * Options of io.write (and of writeLevels, writeOmeZarr, persist). Every unknown or malformed option is
 * ERR_ZARR_INVALID_ARGUMENT; options left out follow the source array where it has them.
 * @example
 * ```ts
 * await io.write(a, 'out.zarr', { zarrFormat: 3, chunks: [64, 256, 256], shardCoefficients: [4, 4, 4],
 *   compressor: new Codecs({ compressor: 'zstd', clevel: 3 }), overwrite: true });
 * ```
 */
export interface WriteOptions {
  /** 2 or 3 (default: the source's, else 3). */
  zarrFormat?: 2 | 3;
  /** Chunk shape (default: the source's when it fits, else about 1–4 MiB per chunk). */
  chunks?: number[];
  /** Zarr v3 only: chunks per shard along each axis (a shard is `chunks × shardCoefficients`). */
  shardCoefficients?: number[];
  /** Stored dtype: values are cast as NumPy's astype (default: the array's). */
  dtype?: DType;
  /** The codecs (default: the source's, else blosc lz4 level 5 with shuffle); null stores chunks uncompressed. */
  compressor?: Codecs | null;
  /** Size of the regions the engine works on at a time, in MiB. */
  regionSizeMb?: number;
  /** Engine threads (default: the number of cores). */
  threads?: number;
  /** Replace an existing target (atomically); default false: ERR_ZARR_EXISTS. */
  overwrite?: boolean;
  /** The fill value in the metadata (default: the source's when the dtype is unchanged). */
  fillValue?: number | bigint | boolean | [number, number] | null;
  /** One name (or null) per axis. */
  dimensionNames?: Array<string | null>;
  /** User attributes stored with the array. */
  attributes?: Record<string, unknown>;
  /** Progress, at most ten times a second and once at the end. */
  onProgress?: (p: JobProgress) => void;
  /** Aborts the write (ERR_ZARR_ABORTED). */
  signal?: AbortSignal;
  /** Zarr v2 only: 'F' stores each chunk in Fortran order. */
  order?: 'C' | 'F';
  /** Byte order of the stored chunks (v2 dtype '>' / v3 bytes codec endian). */
  endian?: 'little' | 'big';
  /** Choose chunks of about this many MiB, aligned to the source's chunks (exclusive with chunks). */
  chunkSizeMb?: number;
  /** Hard cap on the memory the write's regions hold; threads and region size shrink to fit. */
  memoryBudgetMb?: number;
  /** s3:// targets: endpoint, region, credentials (lib/store/remote.ts). */
  storageOptions?: StorageOptions;
}

const KNOWN = [
  'zarrFormat', 'chunks', 'shardCoefficients', 'dtype', 'compressor', 'regionSizeMb', 'threads',
  'overwrite', 'fillValue', 'dimensionNames', 'attributes', 'onProgress', 'signal', 'order', 'endian',
  'chunkSizeMb', 'memoryBudgetMb', 'storageOptions',
];

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Largest chunk or shard we accept (bytes): the engine holds whole chunks and shards in memory. */
const MAX_BLOCK_BYTES = 2 ** 31;

const isIntList = (v: unknown, min: number): v is number[] =>
  Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= min);

/** Checks option names and types; rank-dependent checks happen in checkShapes. */
export function checkWriteOptions(options: unknown): WriteOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalidArgument('io.write: options must be an object');
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) throw invalidArgument(`io.write: unknown option "${key}" (known: ${KNOWN.join(', ')})`);
  }
  const has = (k: string): boolean => o[k] !== undefined;
  checkStorageOptions(o.storageOptions, 'io.write');
  if (has('zarrFormat') && o.zarrFormat !== 2 && o.zarrFormat !== 3) throw invalidArgument(`io.write: zarrFormat must be 2 or 3, got ${String(o.zarrFormat)}`);
  if (has('chunks') && !isIntList(o.chunks, 1)) throw invalidArgument(`io.write: chunks must be a list of positive integers, got ${JSON.stringify(o.chunks)}`);
  if (has('shardCoefficients')) {
    if ((o.zarrFormat ?? 3) === 2) throw invalidArgument('io.write: shardCoefficients needs zarrFormat 3 (Zarr v2 has no sharding)');
    if (!isIntList(o.shardCoefficients, 1)) throw invalidArgument(`io.write: shardCoefficients must be a list of positive integers, got ${JSON.stringify(o.shardCoefficients)}`);
  }
  if (has('dtype') && !isDType(o.dtype)) throw invalidArgument(`io.write: dtype ${JSON.stringify(o.dtype)} is not one of the supported data types`);
  if (has('compressor') && o.compressor !== null && !(o.compressor instanceof Codecs)) {
    throw invalidArgument('io.write: compressor must be a Codecs instance or null');
  }
  if (has('order')) {
    if (o.order !== 'C' && o.order !== 'F') throw invalidArgument(`io.write: order must be "C" or "F", got ${JSON.stringify(o.order)}`);
    // Without zarrFormat the format follows the input: lib/write/write.ts checks order 'F' against it.
    if (o.order === 'F' && o.zarrFormat === 3) throw invalidArgument('io.write: order "F" needs zarrFormat 2 (Zarr v3 has no order; use a transpose codec)');
  }
  if (has('endian') && o.endian !== 'little' && o.endian !== 'big') throw invalidArgument(`io.write: endian must be "little" or "big", got ${JSON.stringify(o.endian)}`);
  if (has('regionSizeMb') && !(typeof o.regionSizeMb === 'number' && Number.isFinite(o.regionSizeMb) && o.regionSizeMb > 0)) {
    throw invalidArgument(`io.write: regionSizeMb must be a positive number, got ${String(o.regionSizeMb)}`);
  }
  if (has('threads') && !(Number.isSafeInteger(o.threads) && (o.threads as number) >= 1 && (o.threads as number) <= 1024)) {
    throw invalidArgument(`io.write: threads must be an integer in [1, 1024], got ${String(o.threads)}`);
  }
  if (has('overwrite') && typeof o.overwrite !== 'boolean') throw invalidArgument('io.write: overwrite must be a boolean');
  if (has('dimensionNames') && !(Array.isArray(o.dimensionNames) && o.dimensionNames.every((d) => typeof d === 'string' || d === null))) {
    throw invalidArgument('io.write: dimensionNames must be a list of strings (or nulls)');
  }
  if (has('attributes')) {
    if (typeof o.attributes !== 'object' || o.attributes === null || Array.isArray(o.attributes)) throw invalidArgument('io.write: attributes must be a plain object');
    try {
      JSON.stringify(o.attributes, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    } catch (err) {
      throw invalidArgument(`io.write: attributes must be JSON-serialisable: ${(err as Error).message}`);
    }
  }
  for (const k of ['chunkSizeMb', 'memoryBudgetMb']) {
    if (has(k) && !isPositive(o[k])) throw invalidArgument(`io.write: ${k} must be a positive number, got ${String(o[k])}`);
  }
  if (has('chunkSizeMb') && has('chunks')) throw invalidArgument('io.write: chunkSizeMb and chunks cannot both be given (chunkSizeMb chooses the chunks)');
  if (has('onProgress') && typeof o.onProgress !== 'function') throw invalidArgument('io.write: onProgress must be a function');
  if (has('signal') && !(o.signal instanceof AbortSignal)) throw invalidArgument('io.write: signal must be an AbortSignal');
  return o as WriteOptions;
}

const bytesOf = (shape: number[], dtype: DType): number => shape.reduce((p, s) => p * s, itemSize(dtype));

/**
 * An automatic chunk shape of about 1–4 MiB: start from the whole array and
 * halve the longest axis (the first on ties) until a chunk is at most 4 MiB.
 */
function autoChunks(shape: number[], dtype: DType): number[] {
  const chunks = shape.map((s) => Math.max(1, s));
  while (bytesOf(chunks, dtype) > 4 * 2 ** 20) {
    let axis = 0;
    chunks.forEach((c, i) => { if (c > chunks[axis]) axis = i; });
    if (chunks[axis] === 1) break;
    chunks[axis] = Math.ceil(chunks[axis] / 2);
  }
  return chunks;
}

/**
 * Default chunks: the input's (clamped to the shape) when the rank matches
 * and a chunk stays within 16 MiB; otherwise an automatic choice.
 */
export function defaultChunks(shape: number[], dtype: DType, inputChunks: number[] | null): number[] {
  if (inputChunks && inputChunks.length === shape.length && inputChunks.every((c) => Number.isSafeInteger(c) && c >= 1)) {
    const clamped = inputChunks.map((c, i) => Math.max(1, Math.min(c, shape[i])));
    if (bytesOf(clamped, dtype) <= 16 * 2 ** 20) return clamped;
  }
  return autoChunks(shape, dtype);
}

/** Rank and size checks once the shape is known. */
export function checkBlock(what: string, block: number[], rank: number, dtype: DType): void {
  if (block.length !== rank) throw invalidArgument(`io.write: ${what} must have ${rank} entries (one per dimension), got ${JSON.stringify(block)}`);
  if (bytesOf(block, dtype) > MAX_BLOCK_BYTES) {
    throw new DynaZarrError('ERR_ZARR_LIMIT', `io.write: ${what} ${JSON.stringify(block)} of ${dtype} exceeds ${MAX_BLOCK_BYTES} bytes per chunk/shard`);
  }
}
