/**
 * The public `filters` of Codecs: numcodecs-style configurations applied
 * before the compressor, and the checksum choice. Checked when a Codecs is
 * built, resolved against the array's dtype when metadata is written (as
 * zarr-python fills a filter's dtype from the array), and rebuilt from a
 * normalised chain so io.write can keep an input's filters.
 */
import { CHECKSUMS as CHECKSUM_NAMES, NUMCODECS_PREFIX } from './names';
import { isDType, itemSize, type DType } from '../dtype';
import { DynaZarrError, invalidArgument } from '../errors';
import type { CodecSpec } from '../job/job-spec';
import { MetadataContext } from '../metadata/context';
import { isArrayFilter, normaliseArrayFilter } from '../metadata/filters';
import { v2DTypeString } from '../metadata/v2-dtype';

/**
 * A numcodecs filter, applied before the compressor; dtypes are NumPy strings such as '<i4'.
 * @example
 * ```ts
 * new Codecs({ compressor: 'zstd', filters: [{ id: 'delta', dtype: '<i4' }] });
 * ```
 */
export type FilterConfig =
  | {
    /** Differences of successive elements. */
    id: 'delta';
    /** Dtype of the data (default: the array's). */
    dtype?: string;
    /** Dtype of the encoded differences (default: dtype). */
    astype?: string;
  }
  | {
    /** (x - offset) * scale, rounded. */
    id: 'fixedscaleoffset';
    /** Subtracted before scaling. */
    offset: number;
    /** Multiplied after the offset. */
    scale: number;
    /** Dtype of the data (default: the array's). */
    dtype?: string;
    /** Dtype of the encoded values (default: dtype). */
    astype?: string;
  }
  | {
    /** Keeps `digits` decimal digits of floats (lossy). */
    id: 'quantize';
    /** Decimal digits kept. */
    digits: number;
    /** Dtype of the data (default: the array's). */
    dtype?: string;
    /** Dtype of the encoded values (default: dtype). */
    astype?: string;
  }
  | {
    /** Keeps `keepbits` mantissa bits of floats (lossy). */
    id: 'bitround';
    /** Mantissa bits kept. */
    keepbits: number;
  }
  | {
    /** Stores the data as another dtype. */
    id: 'astype';
    /** Dtype stored. */
    encode_dtype: string;
    /** Dtype of the data (default: the array's). */
    decode_dtype?: string;
  }
  | {
    /** Byte shuffle (numcodecs Shuffle). */
    id: 'shuffle';
    /** Bytes per element (default: the item size). */
    elementsize?: number;
  };

/** A chunk checksum: 'crc32c' (Zarr v3 core), or numcodecs' 'adler32' and 'fletcher32'. */
export type ChecksumName = (typeof CHECKSUM_NAMES)[number];
const CHECKSUMS: readonly ChecksumName[] = CHECKSUM_NAMES;

const FIELDS: Record<FilterConfig['id'], { required: string[]; optional: string[] }> = {
  delta: { required: [], optional: ['dtype', 'astype'] },
  fixedscaleoffset: { required: ['offset', 'scale'], optional: ['dtype', 'astype'] },
  quantize: { required: ['digits'], optional: ['dtype', 'astype'] },
  bitround: { required: ['keepbits'], optional: [] },
  astype: { required: ['encode_dtype'], optional: ['decode_dtype'] },
  shuffle: { required: [], optional: ['elementsize'] },
};
const NUMBER_FIELDS = ['offset', 'scale', 'digits', 'keepbits', 'elementsize'];

/** Metadata-style checks reported as argument errors naming Codecs' filters. */
class FilterArgumentContext extends MetadataContext {
  constructor() { super('Codecs'); }
  override invalid(key: string, problem: string): never { throw invalidArgument(`Codecs: ${key} ${problem}`); }
  override unsupported(key: string, problem: string): never { throw invalidArgument(`Codecs: ${key} ${problem}`); }
  override unknownCodec(key: string, name: string): never { throw invalidArgument(`Codecs: ${key} is the unknown filter ${JSON.stringify(name)}`); }
}

/** Checks the shape of each filter configuration (dtype-dependent checks wait for the array). */
export function checkFilters(raw: unknown): FilterConfig[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidArgument('Codecs: filters must be a list of filter configurations such as { id: "delta" }');
  let byteLevel = false;
  return raw.map((f, i) => {
    const key = `filters[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f) || typeof (f as { id?: unknown }).id !== 'string') {
      throw invalidArgument(`Codecs: ${key} must be an object with an "id"`);
    }
    const cfg = f as Record<string, unknown>;
    const id = cfg.id as string;
    const fields = FIELDS[id as FilterConfig['id']];
    if (!fields) throw invalidArgument(`Codecs: ${key} has the id ${JSON.stringify(id)}; filters are ${Object.keys(FIELDS).join(', ')}`);
    for (const k of Object.keys(cfg)) {
      if (k !== 'id' && !fields.required.includes(k) && !fields.optional.includes(k)) throw invalidArgument(`Codecs: ${key} (${id}) has the unknown field "${k}"`);
    }
    for (const k of fields.required) {
      if (cfg[k] === undefined) throw invalidArgument(`Codecs: ${key} (${id}) needs "${k}"`);
    }
    for (const [k, v] of Object.entries(cfg)) {
      if (k === 'id' || v === undefined) continue;
      if (NUMBER_FIELDS.includes(k) ? !(typeof v === 'number' && Number.isFinite(v)) : typeof v !== 'string') {
        throw invalidArgument(`Codecs: ${key}.${k} must be ${NUMBER_FIELDS.includes(k) ? 'a finite number' : 'a dtype name such as "int16" or "<i2"'}, got ${JSON.stringify(v)}`);
      }
    }
    if (id === 'shuffle') byteLevel = true;
    else if (byteLevel) throw invalidArgument(`Codecs: ${key} (${id}) must come before shuffle (shuffle works on the bytes the typed filters produce)`);
    return Object.freeze({ ...cfg }) as FilterConfig;
  });
}

export function checkChecksum(raw: unknown): ChecksumName | null {
  if (raw === undefined || raw === false || raw === null) return null;
  if (raw === true) return 'crc32c';
  if (typeof raw === 'string' && (CHECKSUMS as readonly string[]).includes(raw)) return raw as ChecksumName;
  throw invalidArgument(`Codecs: checksum must be true, false or one of ${CHECKSUMS.join(', ')}, got ${JSON.stringify(raw)}`);
}

/** A filter resolved against the data it sees: explicit dtypes, and the dtype it produces. */
interface Resolved { config: Record<string, unknown>; out: DType }

/** Resolves the filters for an array of `dtype`: fills dtypes, checks them (ERR_ZARR_INVALID_ARGUMENT). */
export function resolveFilters(filters: readonly FilterConfig[], dtype: DType): Resolved[] {
  const ctx = new FilterArgumentContext();
  let cur = dtype;
  return filters.map((f, i) => {
    const { id, ...cfg } = f as FilterConfig & Record<string, unknown>;
    if (id === 'shuffle') {
      const elementsize = (cfg.elementsize as number | undefined) ?? itemSize(cur);
      // numcodecs refuses a chunk whose size is not a multiple of elementsize; a divisor of the item size always fits.
      if (!Number.isInteger(elementsize) || elementsize < 1 || itemSize(cur) % elementsize !== 0) {
        throw invalidArgument(`Codecs: filters[${i}].elementsize must divide the ${itemSize(cur)}-byte size of ${cur} items, got ${elementsize}`);
      }
      return { config: { id, elementsize }, out: cur };
    }
    try {
      const { spec, out } = normaliseArrayFilter(ctx, `filters[${i}]`, id, cfg, cur, 'little');
      const c = spec.configuration as Record<string, unknown>;
      const config: Record<string, unknown> = { id };
      if (id === 'fixedscaleoffset') Object.assign(config, { offset: c.offset, scale: c.scale });
      if (id === 'quantize') config.digits = c.digits;
      if (id === 'bitround') config.keepbits = c.keepbits;
      if (id === 'astype') Object.assign(config, { encode_dtype: c.encode_dtype, decode_dtype: c.decode_dtype });
      else if (id !== 'bitround') Object.assign(config, { dtype: c.dtype, astype: c.astype });
      cur = out;
      return { config, out };
    } catch (err) {
      if (err instanceof DynaZarrError) throw new DynaZarrError('ERR_ZARR_INVALID_ARGUMENT', `${err.message} (for ${dtype} data)`);
      throw err;
    }
  });
}

/** numcodecs spells dtypes as NumPy strings ('<i4'); `big` for a big-endian v2 array. */
function npDType(d: unknown, big: boolean): string {
  const s = v2DTypeString(d as DType);
  return big && s[0] === '<' ? `>${s.slice(1)}` : s;
}

function withNumpyDTypes(config: Record<string, unknown>, big: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = /dtype$|^astype$/.test(k) && isDType(v) ? npDType(v, big) : v;
  return out;
}

/** v2 `filters` entries: the filters, then the checksum (numcodecs ids). */
export function v2FilterList(filters: readonly FilterConfig[], checksum: ChecksumName | null, dtype: DType, big: boolean): Array<Record<string, unknown>> {
  const out = resolveFilters(filters, dtype).map((r) => withNumpyDTypes(r.config, big));
  if (checksum) out.push({ id: checksum });
  return out;
}

/** The v3 codecs zarr-python writes: typed filters (before bytes), shuffle (after), and the data type bytes sees. */
export function v3FilterCodecs(filters: readonly FilterConfig[], dtype: DType): { arrayCodecs: CodecSpec[]; byteCodecs: CodecSpec[]; bytesDType: DType } {
  const arrayCodecs: CodecSpec[] = [];
  const byteCodecs: CodecSpec[] = [];
  let bytesDType = dtype;
  for (const r of resolveFilters(filters, dtype)) {
    const { id, ...cfg } = withNumpyDTypes(r.config, false);
    (isArrayFilter(id as string) ? arrayCodecs : byteCodecs).push({ name: `${NUMCODECS_PREFIX}${id as string}`, configuration: cfg });
    bytesDType = r.out;
  }
  return { arrayCodecs, byteCodecs, bytesDType };
}

/** The v3 checksum codec (crc32c is in the v3 core; the others are numcodecs'). */
export function v3ChecksumCodec(checksum: ChecksumName): CodecSpec {
  return checksum === 'crc32c' ? { name: 'crc32c' } : { name: `${NUMCODECS_PREFIX}${checksum}`, configuration: {} };
}

/** The public filters and checksum of a normalised chain (filters Codecs cannot write, such as packbits, are left out). */
export function filtersFromChain(chain: CodecSpec[]): { filters: FilterConfig[]; checksum: ChecksumName | null } {
  const filters: FilterConfig[] = [];
  let checksum: ChecksumName | null = null;
  for (const { name, configuration: c = {} } of chain) {
    if (name === 'delta') filters.push({ id: 'delta', dtype: c.dtype as string, astype: c.astype as string });
    else if (name === 'fixedscaleoffset') filters.push({ id: 'fixedscaleoffset', offset: c.offset as number, scale: c.scale as number, dtype: c.dtype as string, astype: c.astype as string });
    else if (name === 'quantize') filters.push({ id: 'quantize', digits: c.digits as number, dtype: c.dtype as string, astype: c.astype as string });
    else if (name === 'bitround') filters.push({ id: 'bitround', keepbits: c.keepbits as number });
    else if (name === 'astype') filters.push({ id: 'astype', encode_dtype: c.encode_dtype as string, decode_dtype: c.decode_dtype as string });
    else if (name === 'shuffle') filters.push({ id: 'shuffle', elementsize: c.elementsize as number });
    else if ((CHECKSUMS as readonly string[]).includes(name) && checksum === null) checksum = name as ChecksumName;
  }
  return { filters, checksum };
}
