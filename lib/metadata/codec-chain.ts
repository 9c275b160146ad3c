/**
 * Codec chains in the one normalised form the engine reads (job-spec
 * CodecSpec). Both v2 and v3 metadata end up here, so binding/core parses a
 * single shape. Every entry has a `configuration` object:
 *
 *   transpose         { order: number[] }            (a permutation; array→array)
 *   bytes             { endian: 'little' | 'big' }   (array→bytes)
 *   sharding_indexed  { chunk_shape: number[], codecs: CodecSpec[], index_codecs: CodecSpec[],
 *                       index_location: 'start' | 'end' }   (array→bytes)
 *   blosc             { typesize, cname, clevel, shuffle: 'noshuffle'|'shuffle'|'bitshuffle', blocksize }
 *   zstd              { level, checksum: boolean }
 *   gzip | zlib | bz2 { level }                      (gzip = gzip container, zlib = zlib container)
 *   lz4               { acceleration }               (numcodecs LZ4: 4-byte LE size header + LZ4 block)
 *   crc32c            { location: 'end' | 'start' }  (4-byte LE CRC-32C)
 *   numcodecs filters and checksums: see ./filters.ts (typed filters are array→array
 *                     codecs with explicit dtypes; shuffle and checksums are bytes→bytes)
 *
 * A chain is: transpose*, filter*, exactly one array→bytes, bytes→bytes*.
 * `numcodecs.<name>` (what zarr-python 3 writes for codecs outside the v3
 * core) is accepted for every codec above and renamed here.
 */
import { bloscShuffleName } from '../codecs/codecs';
import { itemSize, type DType } from '../dtype';
import type { CodecSpec } from '../job/job-spec';
import { intList, isObject, type MetadataContext } from './context';
import { BLOSC_CNAMES_READ, BLOSC_SHUFFLES, ENGINE_CODECS, NUMCODECS_PREFIX } from '../codecs/names';
import { isArrayFilter, isFilterName, normaliseArrayFilter, normaliseByteFilter, v2Filters } from './filters';

const BYTES_TO_BYTES: readonly string[] = ENGINE_CODECS.bytesToBytes;
const CNAMES = BLOSC_CNAMES_READ;

/** An integer field in [min, max], or `def` when absent (null: required). */
function level(ctx: MetadataContext, key: string, cfg: Record<string, unknown>, name: string, def: number | null, min: number, max: number): number {
  const v = cfg[name] ?? def;
  if (typeof v !== 'number' || !Number.isInteger(v)) return ctx.invalid(`${key}.${name}`, `must be an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) ctx.invalid(`${key}.${name}`, `must be in [${min}, ${max}], got ${v}`);
  return v;
}

/**
 * One bytes→bytes codec (v3 name or numcodecs id) with its configuration,
 * normalised. `numcodecsStyle` means blosc shuffle is numeric (v2 and numcodecs.blosc).
 */
export function normaliseBytesCodec(ctx: MetadataContext, key: string, name: string, cfg: Record<string, unknown>, dtype: DType, numcodecsStyle: boolean): CodecSpec {
  switch (name) {
    case 'blosc': {
      const cname = cfg.cname ?? 'lz4';
      if (typeof cname !== 'string' || !CNAMES.includes(cname)) ctx.invalid(`${key}.cname`, `is not a blosc compressor: ${JSON.stringify(cname)}`);
      let shuffle: unknown = cfg.shuffle ?? (numcodecsStyle ? 1 : 'shuffle');
      if (typeof shuffle === 'number') {
        if (![-1, 0, 1, 2].includes(shuffle)) ctx.invalid(`${key}.shuffle`, `must be -1, 0, 1 or 2, got ${shuffle}`);
        shuffle = bloscShuffleName(shuffle, itemSize(dtype));
      } else if (!(BLOSC_SHUFFLES as readonly string[]).includes(shuffle as string)) {
        ctx.invalid(`${key}.shuffle`, `must be "noshuffle", "shuffle" or "bitshuffle", got ${JSON.stringify(shuffle)}`);
      }
      const clevel = level(ctx, key, cfg, 'clevel', 5, 0, 9);
      const blocksize = level(ctx, key, cfg, 'blocksize', 0, 0, 2 ** 31 - 1);
      const typesize = cfg.typesize === undefined || cfg.typesize === null ? itemSize(dtype) : level(ctx, key, cfg, 'typesize', null, 1, 255);
      return { name: 'blosc', configuration: { typesize, cname, clevel, shuffle, blocksize } };
    }
    case 'zstd':
      return { name: 'zstd', configuration: { level: level(ctx, key, cfg, 'level', 0, -131072, 22), checksum: cfg.checksum === true } };
    case 'gzip': case 'zlib':
      return { name, configuration: { level: level(ctx, key, cfg, 'level', 1, -1, 9) } };
    case 'bz2':  // numcodecs BZ2 defaults to level 1
      return { name, configuration: { level: level(ctx, key, cfg, 'level', 1, 1, 9) } };
    case 'lz4':  // LZ4 treats an acceleration below 1 as 1
      return { name: 'lz4', configuration: { acceleration: Math.max(1, level(ctx, key, cfg, 'acceleration', 1, -(2 ** 31), 2 ** 31 - 1)) } };
    case 'crc32c': case 'shuffle': case 'adler32': case 'crc32': case 'fletcher32':
      return normaliseByteFilter(ctx, key, name, cfg, dtype, !numcodecsStyle);
    default:
      return ctx.unknownCodec(key, name);
  }
}

/**
 * The v2 chain: [transpose if order F] → typed filters → bytes(endian) →
 * byte-level filters → [compressor]. numcodecs filters see the chunk flattened
 * in its storage order, which is the C order of the transposed chunk.
 */
export function v2Chain(ctx: MetadataContext, meta: Record<string, unknown>, dtype: DType, endian: 'little' | 'big', rank: number): CodecSpec[] {
  const { arrayFilters, byteFilters, bytesDType } = v2Filters(ctx, meta.filters, dtype, endian);
  const order = meta.order ?? 'C';
  if (order !== 'C' && order !== 'F') ctx.invalid('order', `must be "C" or "F", got ${JSON.stringify(order)}`);
  const chain: CodecSpec[] = [];
  if (order === 'F' && rank > 1) chain.push({ name: 'transpose', configuration: { order: Array.from({ length: rank }, (_, i) => rank - 1 - i) } });
  chain.push(...arrayFilters, { name: 'bytes', configuration: { endian } }, ...byteFilters);
  const compressor = meta.compressor ?? null;
  if (compressor !== null) {
    if (!isObject(compressor) || typeof compressor.id !== 'string') return ctx.invalid('compressor', 'must be null or an object with an "id"');
    const { id, ...cfg } = compressor;
    chain.push(normaliseBytesCodec(ctx, 'compressor', id, cfg, bytesDType, true));
  }
  return chain;
}

/** v3 codec entry → { name, configuration } (a bare string is a codec without configuration). */
function entry(ctx: MetadataContext, key: string, raw: unknown): { name: string; cfg: Record<string, unknown> } {
  if (typeof raw === 'string') return { name: raw, cfg: {} };
  if (!isObject(raw) || typeof raw.name !== 'string') return ctx.invalid(key, 'must be an object with a "name"');
  const cfg = raw.configuration ?? {};
  if (!isObject(cfg)) return ctx.invalid(`${key}.configuration`, 'must be an object');
  return { name: raw.name, cfg };
}

/** Validates and normalises a v3 chain for arrays of `chunkShape` (the shape each chain encodes). */
export function v3Chain(ctx: MetadataContext, key: string, raw: unknown, dtype: DType, chunkShape: number[]): CodecSpec[] {
  if (!Array.isArray(raw) || raw.length === 0) return ctx.invalid(key, 'must be a non-empty list of codecs');
  const rank = chunkShape.length;
  const out: CodecSpec[] = [];
  let stage = 'array' as 'array' | 'bytes';
  let cur = dtype;  // the dtype the next codec sees (filters may change it)
  let filtered = false;
  let transposed = false;
  raw.forEach((item, i) => {
    const k = `${key}[${i}]`;
    const { name: rawName, cfg } = entry(ctx, k, item);
    let name = rawName;
    if (name.startsWith(NUMCODECS_PREFIX) && (BYTES_TO_BYTES.includes(name.slice(NUMCODECS_PREFIX.length)) || isFilterName(name.slice(NUMCODECS_PREFIX.length)))) name = name.slice(NUMCODECS_PREFIX.length);
    if (isArrayFilter(name) || (isFilterName(name) && !BYTES_TO_BYTES.includes(name))) {
      if (stage !== 'array') ctx.invalid(k, `${name} must come before the array→bytes codec`);
      // zarr-python flattens a transposed chunk in memory order, not C order: refuse rather than misread.
      if (transposed) ctx.unsupported(k, `${name} after transpose is not supported`);
      const { spec, out: next } = normaliseArrayFilter(ctx, k, name, cfg, cur, 'little');
      out.push(spec);
      cur = next;
      filtered = true;
    } else if (name === 'transpose') {
      if (stage !== 'array') ctx.invalid(k, 'transpose must come before the array→bytes codec');
      if (filtered) ctx.unsupported(k, 'transpose after a numcodecs filter is not supported');
      transposed = true;
      let order = cfg.order;
      if (order === 'C') order = Array.from({ length: rank }, (_, j) => j);
      if (order === 'F') order = Array.from({ length: rank }, (_, j) => rank - 1 - j);
      const perm = intList(ctx, `${k}.order`, order, 0, rank);
      if (new Set(perm).size !== rank || perm.some((p) => p >= rank)) ctx.invalid(`${k}.order`, `must be a permutation of 0..${rank - 1}`);
      out.push({ name: 'transpose', configuration: { order: perm } });
    } else if (name === 'bytes' || name === 'sharding_indexed') {
      if (stage !== 'array') ctx.invalid(k, 'a chain has exactly one array→bytes codec (bytes or sharding_indexed)');
      stage = 'bytes';
      if (name === 'bytes') {
        const endian = cfg.endian ?? 'little';
        if (endian !== 'little' && endian !== 'big') ctx.invalid(`${k}.endian`, `must be "little" or "big", got ${JSON.stringify(endian)}`);
        if (cfg.endian === undefined && itemSize(cur) > 1) ctx.invalid(`${k}.endian`, `is required for ${cur}`);
        out.push({ name: 'bytes', configuration: { endian } });
      } else {
        if (filtered) ctx.unsupported(k, 'numcodecs filters before sharding_indexed are not supported (put them in the inner codecs)');
        out.push(shardingCodec(ctx, k, cfg, dtype, chunkShape));
      }
    } else if (BYTES_TO_BYTES.includes(name)) {
      if (stage !== 'bytes') ctx.invalid(k, `${name} must come after the array→bytes codec`);
      out.push(normaliseBytesCodec(ctx, k, name, cfg, cur, rawName.startsWith(NUMCODECS_PREFIX) && name === 'blosc'));
    } else {
      ctx.unknownCodec(k, name);
    }
  });
  if (stage !== 'bytes') ctx.invalid(key, 'has no array→bytes codec (bytes or sharding_indexed)');
  return out;
}

function shardingCodec(ctx: MetadataContext, key: string, cfg: Record<string, unknown>, dtype: DType, shardShape: number[]): CodecSpec {
  const inner = intList(ctx, `${key}.configuration.chunk_shape`, cfg.chunk_shape, 1, shardShape.length);
  inner.forEach((c, i) => {
    if (shardShape[i] % c !== 0) ctx.invalid(`${key}.configuration.chunk_shape`, `${JSON.stringify(inner)} must divide the shard shape ${JSON.stringify(shardShape)}`);
  });
  const codecs = v3Chain(ctx, `${key}.configuration.codecs`, cfg.codecs, dtype, inner);
  // The index is a (chunks…, 2) uint64 array; its chain must be fixed-size (bytes + optional crc32c).
  const indexShape = [...shardShape.map((s, i) => s / inner[i]), 2];
  const indexCodecs = v3Chain(ctx, `${key}.configuration.index_codecs`, cfg.index_codecs ?? [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'crc32c' }], 'uint64', indexShape);
  if (indexCodecs.some((c) => !['bytes', 'crc32c', 'transpose'].includes(c.name))) {
    ctx.unsupported(`${key}.configuration.index_codecs`, 'may only hold bytes, transpose and crc32c (the index must have a fixed size)');
  }
  const location = cfg.index_location ?? 'end';
  if (location !== 'start' && location !== 'end') ctx.invalid(`${key}.configuration.index_location`, `must be "start" or "end", got ${JSON.stringify(location)}`);
  return { name: 'sharding_indexed', configuration: { chunk_shape: inner, codecs, index_codecs: indexCodecs, index_location: location } };
}
