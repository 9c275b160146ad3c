/**
 * The public compression configuration. One object describes "how chunks are
 * compressed" independently of the format; it maps to the numcodecs
 * compressor JSON of Zarr v2 and to the codec chain of Zarr v3, and it can be
 * rebuilt from either so that io.write can inherit an input's compression.
 */
import { DynaZarrError, invalidArgument } from '../errors';
import { itemSize, type DType } from '../dtype';
import type { CodecSpec } from '../job/job-spec';
import { checkChecksum, checkFilters, filtersFromChain, v2FilterList, v3ChecksumCodec, v3FilterCodecs, type ChecksumName, type FilterConfig } from './filters';

export type { ChecksumName, FilterConfig } from './filters';

import { BLOSC_CNAMES, BLOSC_SHUFFLES, COMPRESSORS, V3_COMPRESSOR_NAME } from './names';

export type CompressorName = (typeof COMPRESSORS)[number];
export type BloscCname = (typeof BLOSC_CNAMES)[number];
export type BloscShuffle = (typeof BLOSC_SHUFFLES)[number];

/** Options of `new Codecs()`: one compressor with its settings, an optional checksum and filters. */
export interface CodecsOptions {
  /** 'blosc', 'zstd', 'gzip', 'zlib', 'lz4', 'bz2', or null for none. */
  compressor: CompressorName | null;
  /** Level: blosc 0–9, zstd -131072–22, gzip/zlib 0–9, bz2 1–9; for lz4 the acceleration (≥ 1). */
  clevel?: number;
  /** Blosc only. */
  cname?: BloscCname;
  /** Blosc only. */
  shuffle?: BloscShuffle;
  /** Blosc only (0 = automatic). */
  blocksize?: number;
  /** A checksum of every chunk: true = crc32c, or 'adler32' | 'fletcher32' (numcodecs). */
  checksum?: boolean | ChecksumName;
  /** numcodecs filters applied before the compressor, e.g. [{ id: 'delta' }, { id: 'shuffle' }]. */
  filters?: FilterConfig[];
}

const CNAMES: readonly string[] = BLOSC_CNAMES;
const SHUFFLES: readonly BloscShuffle[] = BLOSC_SHUFFLES;
const OPTION_KEYS = ['compressor', 'clevel', 'cname', 'shuffle', 'blocksize', 'checksum', 'filters'];

/** Default level, and allowed range, per compressor (lz4: acceleration). */
const LEVELS: Record<CompressorName, { def: number; min: number; max: number }> = {
  blosc: { def: 5, min: 0, max: 9 },
  zstd: { def: 5, min: -131072, max: 22 },
  gzip: { def: 5, min: 0, max: 9 },
  zlib: { def: 5, min: 0, max: 9 },
  bz2: { def: 5, min: 1, max: 9 },
  lz4: { def: 1, min: 1, max: 65537 },
};

const V3_NAME = V3_COMPRESSOR_NAME;

/**
 * How chunks are encoded: a compressor, its settings, a checksum and numcodecs filters. Immutable; the same
 * object works for Zarr v2 and v3.
 * @example
 * ```ts
 * const codecs = new Codecs({ compressor: 'blosc', cname: 'zstd', clevel: 5, shuffle: 'bitshuffle' });
 * await io.write(a, 'out.zarr', { compressor: codecs });
 * ```
 */
export class Codecs {
  /** The compressor name, null for none. */
  readonly compressor: CompressorName | null;
  /** The level (lz4: acceleration); null without a compressor. */
  readonly clevel: number | null;
  /** Blosc's inner compressor, null for other compressors. */
  readonly cname: BloscCname | null;
  /** Blosc's shuffle, null for other compressors. */
  readonly shuffle: BloscShuffle | null;
  /** Blosc's block size (0 = automatic), null for other compressors. */
  readonly blocksize: number | null;
  /** The checksum codec, null for none. */
  readonly checksum: ChecksumName | null;
  /** The filters, in encoding order (a filter without dtype takes the data's). */
  readonly filters: readonly FilterConfig[];

  constructor(options: CodecsOptions) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw invalidArgument('Codecs: options must be an object such as { compressor: "zstd" }');
    }
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.includes(key)) throw invalidArgument(`Codecs: unknown option "${key}"`);
    }
    const { compressor = null, clevel, cname, shuffle, blocksize, checksum, filters } = options;
    if (compressor !== null && !(COMPRESSORS as readonly string[]).includes(compressor as string)) {
      throw invalidArgument(`Codecs: compressor must be one of ${COMPRESSORS.join(', ')} or null, got ${JSON.stringify(compressor)}`);
    }
    this.compressor = compressor;
    this.checksum = checkChecksum(checksum);
    this.filters = Object.freeze(checkFilters(filters));
    const bloscOnly = { cname, shuffle, blocksize };
    if (compressor !== 'blosc') {
      for (const [key, value] of Object.entries(bloscOnly)) {
        if (value !== undefined) throw invalidArgument(`Codecs: option "${key}" applies to blosc only (compressor is ${compressor})`);
      }
    }
    if (compressor === null) {
      if (clevel !== undefined) throw invalidArgument('Codecs: clevel needs a compressor');
      this.clevel = null;
      this.cname = null;
      this.shuffle = null;
      this.blocksize = null;
      return;
    }
    const range = LEVELS[compressor];
    const level = clevel ?? range.def;
    if (!Number.isInteger(level) || level < range.min || level > range.max) {
      throw invalidArgument(`Codecs: clevel for ${compressor} must be an integer in [${range.min}, ${range.max}], got ${String(clevel)}`);
    }
    this.clevel = level;
    if (compressor === 'blosc') {
      if (cname !== undefined && !CNAMES.includes(cname)) {
        throw invalidArgument(`Codecs: blosc cname must be one of ${CNAMES.join(', ')}, got ${JSON.stringify(cname)}`);
      }
      if (shuffle !== undefined && !SHUFFLES.includes(shuffle)) {
        throw invalidArgument(`Codecs: shuffle must be one of ${SHUFFLES.join(', ')}, got ${JSON.stringify(shuffle)}`);
      }
      if (blocksize !== undefined && (!Number.isInteger(blocksize) || blocksize < 0)) {
        throw invalidArgument(`Codecs: blocksize must be a non-negative integer, got ${String(blocksize)}`);
      }
      this.cname = cname ?? 'lz4';
      this.shuffle = shuffle ?? 'shuffle';
      this.blocksize = blocksize ?? 0;
    } else {
      this.cname = null;
      this.shuffle = null;
      this.blocksize = null;
    }
  }

  /** The library's default compression: blosc lz4, level 5, byte shuffle. */
  static default(): Codecs {
    return new Codecs({ compressor: 'blosc', cname: 'lz4', clevel: 5, shuffle: 'shuffle' });
  }

  /** Plain options that rebuild this object (also what JSON.stringify shows). */
  toJSON(): CodecsOptions {
    const out: CodecsOptions = { compressor: this.compressor };
    if (this.compressor !== null) out.clevel = this.clevel as number;
    if (this.compressor === 'blosc') {
      out.cname = this.cname as BloscCname;
      out.shuffle = this.shuffle as BloscShuffle;
      out.blocksize = this.blocksize as number;
    }
    out.checksum = this.checksum === 'crc32c' ? true : (this.checksum ?? false);
    if (this.filters.length > 0) out.filters = this.filters.map((f) => ({ ...f }));
    return out;
  }

  /** Whether `other` encodes the same way (same options). */
  equals(other: Codecs): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  /** 'Codecs({...})' with the options. */
  toString(): string {
    return `Codecs(${JSON.stringify(this.toJSON())})`;
  }

  /** The v2 `filters` list (filters, then the checksum); null when empty. `big`: a big-endian array. */
  toV2Filters(dtype: DType, big = false): Array<Record<string, unknown>> | null {
    const list = v2FilterList(this.filters, this.checksum, dtype, big);
    return list.length > 0 ? list : null;
  }

  /** The numcodecs compressor object of a v2 `.zarray` (null = uncompressed). */
  toV2Compressor(): Record<string, unknown> | null {
    switch (this.compressor) {
      case null: return null;
      case 'blosc':
        return { id: 'blosc', cname: this.cname, clevel: this.clevel, shuffle: SHUFFLES.indexOf(this.shuffle as BloscShuffle), blocksize: this.blocksize };
      case 'lz4': return { id: 'lz4', acceleration: this.clevel };
      default: return { id: this.compressor, level: this.clevel };
    }
  }

  /** @internal The bytes→bytes codecs of a v3 chain for data of `dtype` as bytes sees it: [compressor] then [checksum]. */
  toV3BytesCodecs(dtype: DType): CodecSpec[] {
    const out: CodecSpec[] = [];
    const c = this.compressor;
    if (c === 'blosc') {
      out.push({ name: 'blosc', configuration: { typesize: itemSize(dtype), cname: this.cname, clevel: this.clevel, shuffle: this.shuffle, blocksize: this.blocksize } });
    } else if (c === 'zstd') {
      out.push({ name: 'zstd', configuration: { level: this.clevel, checksum: false } });
    } else if (c === 'lz4') {
      out.push({ name: V3_NAME.lz4, configuration: { acceleration: this.clevel } });
    } else if (c !== null) {
      out.push({ name: V3_NAME[c], configuration: { level: this.clevel } });
    }
    if (this.checksum) out.push(v3ChecksumCodec(this.checksum));
    return out;
  }

  /**
   * The whole v3 chain of an unsharded array (or a shard's inner chain):
   * [numcodecs filters] → bytes → [numcodecs.shuffle] → [compressor] → [checksum].
   */
  toV3Chain(dtype: DType, endian: 'little' | 'big' = 'little'): CodecSpec[] {
    const { arrayCodecs, byteCodecs, bytesDType } = v3FilterCodecs(this.filters, dtype);
    return [...arrayCodecs, { name: 'bytes', configuration: { endian } }, ...byteCodecs, ...this.toV3BytesCodecs(bytesDType)];
  }

  /** A Codecs from a v2 compressor object (already validated by the metadata reader). */
  static fromV2Compressor(compressor: Record<string, unknown> | null, dtype: DType = 'uint8'): Codecs {
    if (compressor === null) return new Codecs({ compressor: null });
    const id = compressor.id as string;
    if (id === 'blosc') {
      return lenientCodecs({
        compressor: 'blosc',
        cname: compressor.cname as BloscCname,
        clevel: compressor.clevel as number,
        shuffle: bloscShuffleName(compressor.shuffle, itemSize(dtype)),
        blocksize: (compressor.blocksize as number | undefined) ?? 0,
      });
    }
    if (id === 'lz4') return lenientCodecs({ compressor: 'lz4', clevel: (compressor.acceleration as number | undefined) ?? 1 });
    return lenientCodecs({ compressor: id as CompressorName, clevel: compressor.level as number | undefined });
  }

  /**
   * A Codecs from a normalised v3 chain (see lib/metadata/codec-chain.ts):
   * the first compressor found, and checksum when crc32c follows it. A
   * sharded array is described by its inner chain, where the compression is.
   */
  static fromV3Chain(chain: CodecSpec[]): Codecs {
    const shard = chain.find((c) => c.name === 'sharding_indexed');
    if (shard) return Codecs.fromV3Chain((shard.configuration?.codecs ?? []) as CodecSpec[]);
    const { filters, checksum } = filtersFromChain(chain);
    let options: CodecsOptions = { compressor: null };
    for (const codec of chain) {
      const cfg = codec.configuration ?? {};
      if (options.compressor === null && (COMPRESSORS as readonly string[]).includes(codec.name)) {
        const name = codec.name as CompressorName;
        if (name === 'blosc') {
          options = { compressor: 'blosc', cname: cfg.cname as BloscCname, clevel: cfg.clevel as number, shuffle: cfg.shuffle as BloscShuffle, blocksize: (cfg.blocksize as number | undefined) ?? 0 };
        } else if (name === 'lz4') {
          options = { compressor: 'lz4', clevel: (cfg.acceleration as number | undefined) ?? 1 };
        } else {
          options = { compressor: name, clevel: cfg.level as number | undefined };
        }
      }
    }
    return lenientCodecs({ ...options, checksum: checksum ?? false, filters });
  }
}

/**
 * Metadata written by other tools may carry settings outside the ranges we
 * accept for new arrays (e.g. blosc cname "snappy"); reading must still work,
 * so unknown details fall back to our defaults for that compressor.
 */
export function lenientCodecs(options: CodecsOptions): Codecs {
  const attempts: CodecsOptions[] = [
    options,
    { compressor: options.compressor, checksum: options.checksum, filters: options.filters, ...(options.compressor === 'blosc' ? { shuffle: options.shuffle } : {}) },
    { compressor: options.compressor, checksum: options.checksum, filters: options.filters },
  ];
  for (const attempt of attempts) {
    try {
      return new Codecs(attempt);
    } catch (err) {
      if (!(err instanceof DynaZarrError)) throw err;
    }
  }
  return new Codecs({ compressor: options.compressor });
}

/** numcodecs blosc shuffle: 0 none, 1 byte, 2 bit, -1 automatic (bit for 1-byte items, else byte). */
export function bloscShuffleName(value: unknown, itemsize: number): BloscShuffle {
  if (value === 0) return 'noshuffle';
  if (value === 2) return 'bitshuffle';
  if (value === -1) return itemsize === 1 ? 'bitshuffle' : 'shuffle';
  return 'shuffle';
}
