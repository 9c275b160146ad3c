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
 *   crc32c            {}                             (4-byte LE CRC-32C appended)
 *
 * A chain is: array→array*, exactly one array→bytes, bytes→bytes*.
 * `numcodecs.<name>` (what zarr-python 3 writes for codecs outside the v3
 * core) is accepted for every bytes→bytes codec above and renamed here.
 */
import { bloscShuffleName } from '../codecs';
import { itemSize, type DType } from '../dtype';
import type { CodecSpec } from '../job-spec';
import { intList, isObject, type MetadataContext } from './context';

const BYTES_TO_BYTES = ['blosc', 'zstd', 'gzip', 'zlib', 'lz4', 'bz2', 'crc32c'];
const CNAMES = ['lz4', 'lz4hc', 'blosclz', 'zstd', 'zlib', 'snappy'];

function level(ctx: MetadataContext, key: string, cfg: Record<string, unknown>, name: string, def: number | null): number {
  const v = cfg[name] ?? def;
  if (typeof v !== 'number' || !Number.isInteger(v)) return ctx.invalid(`${key}.${name}`, `must be an integer, got ${JSON.stringify(v)}`);
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
      } else if (!['noshuffle', 'shuffle', 'bitshuffle'].includes(shuffle as string)) {
        ctx.invalid(`${key}.shuffle`, `must be "noshuffle", "shuffle" or "bitshuffle", got ${JSON.stringify(shuffle)}`);
      }
      const clevel = level(ctx, key, cfg, 'clevel', 5);
      const blocksize = level(ctx, key, cfg, 'blocksize', 0);
      const typesize = cfg.typesize === undefined || cfg.typesize === null ? itemSize(dtype) : level(ctx, key, cfg, 'typesize', null);
      return { name: 'blosc', configuration: { typesize, cname, clevel, shuffle, blocksize } };
    }
    case 'zstd':
      return { name: 'zstd', configuration: { level: level(ctx, key, cfg, 'level', 0), checksum: cfg.checksum === true } };
    case 'gzip': case 'zlib': case 'bz2':
      return { name, configuration: { level: level(ctx, key, cfg, 'level', name === 'bz2' ? 9 : 1) } };
    case 'lz4':
      return { name: 'lz4', configuration: { acceleration: level(ctx, key, cfg, 'acceleration', 1) } };
    case 'crc32c':
      if (cfg.location !== undefined && cfg.location !== 'end') ctx.unsupported(`${key}.location`, `crc32c at ${JSON.stringify(cfg.location)} is not supported (only "end")`);
      return { name: 'crc32c', configuration: {} };
    default:
      return ctx.unknownCodec(key, name);
  }
}

/** The v2 chain: [transpose if order F] → bytes(endian) → [compressor]. Filters other than none are refused. */
export function v2Chain(ctx: MetadataContext, meta: Record<string, unknown>, dtype: DType, endian: 'little' | 'big', rank: number): CodecSpec[] {
  const filters = meta.filters;
  if (filters !== null && filters !== undefined) {
    if (!Array.isArray(filters)) ctx.invalid('filters', 'must be null or a list');
    if (filters.length > 0) {
      const ids = filters.map((f) => (isObject(f) ? String(f.id) : JSON.stringify(f)));
      ctx.unsupported('filters', `lists the filter(s) ${ids.join(', ')}; v2 filters are not supported`);
    }
  }
  const order = meta.order ?? 'C';
  if (order !== 'C' && order !== 'F') ctx.invalid('order', `must be "C" or "F", got ${JSON.stringify(order)}`);
  const chain: CodecSpec[] = [];
  if (order === 'F' && rank > 1) chain.push({ name: 'transpose', configuration: { order: Array.from({ length: rank }, (_, i) => rank - 1 - i) } });
  chain.push({ name: 'bytes', configuration: { endian } });
  const compressor = meta.compressor ?? null;
  if (compressor !== null) {
    if (!isObject(compressor) || typeof compressor.id !== 'string') return ctx.invalid('compressor', 'must be null or an object with an "id"');
    const { id, ...cfg } = compressor;
    chain.push(normaliseBytesCodec(ctx, 'compressor', id, cfg, dtype, true));
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
  raw.forEach((item, i) => {
    const k = `${key}[${i}]`;
    const { name: rawName, cfg } = entry(ctx, k, item);
    let name = rawName;
    if (name.startsWith('numcodecs.') && BYTES_TO_BYTES.includes(name.slice(10))) name = name.slice(10);
    if (name === 'transpose') {
      if (stage !== 'array') ctx.invalid(k, 'transpose must come before the array→bytes codec');
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
        if (cfg.endian === undefined && itemSize(dtype) > 1) ctx.invalid(`${k}.endian`, `is required for ${dtype}`);
        out.push({ name: 'bytes', configuration: { endian } });
      } else {
        out.push(shardingCodec(ctx, k, cfg, dtype, chunkShape));
      }
    } else if (BYTES_TO_BYTES.includes(name)) {
      if (stage !== 'bytes') ctx.invalid(k, `${name} must come after the array→bytes codec`);
      out.push(normaliseBytesCodec(ctx, k, name, cfg, dtype, rawName.startsWith('numcodecs.')));
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
