/**
 * numcodecs filters and checksums, as v2 `filters` entries (`{ id, … }`) or
 * v3 `numcodecs.<id>` codecs, normalised into the engine's codec specs.
 *
 * The model: a numcodecs filter works on a typed array, so the engine runs
 * the typed ones (delta, fixedscaleoffset, quantize, bitround, astype,
 * packbits) as array→array codecs with an explicit decoded `dtype` and
 * encoded `astype`; the chain carries the dtype from one to the next and the
 * `bytes` codec serialises the last one's output. Byte-level ones (shuffle,
 * adler32, fletcher32, crc32, crc32c) are bytes→bytes codecs. Every field the
 * engine needs is written out here (defaults, and what numcodecs derives:
 * quantize's power-of-two scale, fixedscaleoffset's integer or float
 * arithmetic), so binding/core only reads.
 *
 *   delta            { dtype, astype }
 *   fixedscaleoffset { offset, scale, dtype, astype, integer_arithmetic }
 *   quantize         { digits, scale, dtype, astype }
 *   bitround         { keepbits, dtype }
 *   astype           { decode_dtype, encode_dtype }
 *   packbits         {}                       (bool → uint8, 1 + ceil(n / 8) elements)
 *   shuffle          { elementsize }
 *   adler32 | crc32 | crc32c | fletcher32   { location: 'start' | 'end' }
 */
import { ARRAY_FILTERS, BYTE_FILTERS, STRING_FILTERS } from '../codecs/names';
import { isDType, itemSize, type DType } from '../dtype';
import type { CodecSpec } from '../job/job-spec';
import { isObject, type MetadataContext } from './context';
import { parseV2DType } from './v2-dtype';

/** Mantissa bits per float type (numcodecs bitround.max_bits). */
const MANTISSA: Partial<Record<DType, number>> = { float16: 10, float32: 23, float64: 52 };

const isInt = (d: DType): boolean => /^u?int/.test(d);
const isArith = (d: DType): boolean => isInt(d) || d === 'float32' || d === 'float64';

/** A filter's dtype: a NumPy dtype string ('<i4', '|u1') or name ('int32'); big-endian only when the array is. */
function filterDType(ctx: MetadataContext, key: string, raw: unknown, arrayEndian: 'little' | 'big'): DType {
  if (isDType(raw)) return raw;
  const text = typeof raw === 'string' && /^[biufc]\d+$/.test(raw) ? `|${raw}` : raw;
  const parsed = parseV2DType(text);
  if (!parsed) return ctx.unsupported(key, `${JSON.stringify(raw)} is not a supported filter data type`);
  if (itemSize(parsed.dtype) > 1 && typeof text === 'string' && text[0] !== '|' && text[0] !== '=' && parsed.endian !== arrayEndian) {
    ctx.unsupported(key, `${JSON.stringify(raw)} has a byte order different from the array's`);
  }
  return parsed.dtype;
}

function num(ctx: MetadataContext, key: string, v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return ctx.invalid(key, `must be a finite number, got ${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}`);
  return n;
}

/** numcodecs Quantize: the power of two whose reciprocal is the precision of `digits` decimals. */
export function quantizeScale(digits: number): number {
  let exp = Math.log10(10 ** -digits);
  exp = exp < 0 ? Math.floor(exp) : Math.ceil(exp);
  return 2 ** Math.ceil(Math.log2(10 ** -exp));
}

export function isFilterName(name: string): boolean {
  return (ARRAY_FILTERS as readonly string[]).includes(name) || (BYTE_FILTERS as readonly string[]).includes(name) || (STRING_FILTERS as readonly string[]).includes(name);
}

export function isArrayFilter(name: string): boolean {
  return (ARRAY_FILTERS as readonly string[]).includes(name);
}

/**
 * One typed filter applied to arrays of dtype `cur`, normalised. `cfg` is the
 * configuration without `id`. Returns the spec and the dtype it encodes to.
 */
export function normaliseArrayFilter(ctx: MetadataContext, key: string, name: string, cfg: Record<string, unknown>, cur: DType, endian: 'little' | 'big'): { spec: CodecSpec; out: DType } {
  const dtypeOf = (field: string, fallback: DType): DType => (cfg[field] === undefined || cfg[field] === null ? fallback : filterDType(ctx, `${key}.${field}`, cfg[field], endian));
  const needsInput = (dtype: DType, ok: boolean, what: string): void => {
    if (dtype !== cur) ctx.unsupported(`${key}.dtype`, `${name} on ${dtype} data, but the data here is ${cur} (a filter that reinterprets the bytes is not supported)`);
    if (!ok) ctx.unsupported(key, `${name} on ${cur} is not supported (${what})`);
  };
  switch (name) {
    case 'delta': {
      const dtype = dtypeOf('dtype', cur);
      const astype = dtypeOf('astype', dtype);
      needsInput(dtype, isArith(dtype) && isArith(astype), 'integers, float32 and float64 only');
      return { spec: { name, configuration: { dtype, astype } }, out: astype };
    }
    case 'fixedscaleoffset': {
      const dtype = dtypeOf('dtype', cur);
      const astype = dtypeOf('astype', dtype);
      needsInput(dtype, isArith(dtype) && isArith(astype), 'integers, float32 and float64 only');
      const offset = num(ctx, `${key}.offset`, cfg.offset);
      const scale = num(ctx, `${key}.scale`, cfg.scale);
      // NumPy 2: an integer array with integer offset and scale stays integer; otherwise float.
      const integer = isInt(dtype) && Number.isInteger(offset) && Number.isInteger(scale);
      return { spec: { name, configuration: { offset, scale, dtype, astype, integer_arithmetic: integer } }, out: astype };
    }
    case 'quantize': {
      const dtype = dtypeOf('dtype', cur);
      const astype = dtypeOf('astype', dtype);
      const float = (d: DType): boolean => d === 'float32' || d === 'float64';
      needsInput(dtype, float(dtype) && float(astype), 'float32 and float64 only');
      const digits = num(ctx, `${key}.digits`, cfg.digits);
      if (!Number.isInteger(digits)) ctx.invalid(`${key}.digits`, `must be an integer, got ${digits}`);
      return { spec: { name, configuration: { digits, scale: quantizeScale(digits), dtype, astype } }, out: astype };
    }
    case 'bitround': {
      const max = MANTISSA[cur];
      if (max === undefined) return ctx.unsupported(key, `bitround needs float16, float32 or float64 data, not ${cur}`);
      const keepbits = num(ctx, `${key}.keepbits`, cfg.keepbits);
      if (!Number.isInteger(keepbits) || keepbits < 0 || keepbits > max) ctx.invalid(`${key}.keepbits`, `must be an integer in [0, ${max}] for ${cur}, got ${keepbits}`);
      return { spec: { name, configuration: { keepbits, dtype: cur } }, out: cur };
    }
    case 'astype': {
      const decode = dtypeOf('decode_dtype', cur);
      if (cfg.encode_dtype === undefined) ctx.invalid(`${key}.encode_dtype`, 'is missing');
      const encode = dtypeOf('encode_dtype', cur);
      if (decode !== cur) ctx.unsupported(`${key}.decode_dtype`, `astype decodes to ${decode}, but the data here is ${cur}`);
      return { spec: { name, configuration: { decode_dtype: decode, encode_dtype: encode } }, out: encode };
    }
    case 'packbits':
      if (cur !== 'bool') ctx.unsupported(key, `packbits needs bool data, not ${cur}`);
      return { spec: { name, configuration: {} }, out: 'uint8' };
    default:
      return ctx.unsupported(key, `the filter ${JSON.stringify(name)} decodes to strings or objects, which are not supported data types`);
  }
}

/** One byte-level filter (shuffle or a 32-bit checksum) on data of dtype `cur`; `v3`: zarr-python's defaults. */
export function normaliseByteFilter(ctx: MetadataContext, key: string, name: string, cfg: Record<string, unknown>, cur: DType, v3: boolean): CodecSpec {
  if (name === 'shuffle') {
    // numcodecs' default is 4; zarr-python 3 fills in the item size.
    const raw = cfg.elementsize ?? (v3 ? itemSize(cur) : 4);
    const elementsize = num(ctx, `${key}.elementsize`, raw);
    if (!Number.isInteger(elementsize) || elementsize < 0) ctx.invalid(`${key}.elementsize`, `must be a non-negative integer, got ${elementsize}`);
    return { name, configuration: { elementsize: Math.max(1, elementsize) } };
  }
  if (name === 'fletcher32') return { name, configuration: { location: 'end' } };
  // numcodecs: adler32 and crc32 at the start by default, crc32c at the end.
  const location = cfg.location ?? (name === 'crc32c' ? 'end' : 'start');
  if (location !== 'start' && location !== 'end') ctx.invalid(`${key}.location`, `must be "start" or "end", got ${JSON.stringify(location)}`);
  return { name, configuration: { location } };
}

/** Splits a v2 `filters` list into typed filters (before bytes) and byte-level ones (after). */
export function v2Filters(ctx: MetadataContext, raw: unknown, dtype: DType, endian: 'little' | 'big'): { arrayFilters: CodecSpec[]; byteFilters: CodecSpec[]; bytesDType: DType } {
  const arrayFilters: CodecSpec[] = [];
  const byteFilters: CodecSpec[] = [];
  let cur = dtype;
  if (raw === null || raw === undefined) return { arrayFilters, byteFilters, bytesDType: cur };
  if (!Array.isArray(raw)) return ctx.invalid('filters', 'must be null or a list');
  raw.forEach((f, i) => {
    const key = `filters[${i}]`;
    if (!isObject(f) || typeof f.id !== 'string') ctx.invalid(key, 'must be an object with an "id"');
    const { id, ...cfg } = f as Record<string, unknown> & { id: string };
    if (isArrayFilter(id) || (STRING_FILTERS as readonly string[]).includes(id)) {
      if (byteFilters.length > 0) ctx.unsupported(key, `${id} after the byte-level filter ${byteFilters[byteFilters.length - 1].name} is not supported`);
      const { spec, out } = normaliseArrayFilter(ctx, key, id, cfg, cur, endian);
      arrayFilters.push(spec);
      cur = out;
    } else if ((BYTE_FILTERS as readonly string[]).includes(id) || id === 'crc32c') {
      byteFilters.push(normaliseByteFilter(ctx, key, id, cfg, cur, false));
    } else {
      ctx.unknownCodec(key, id);
    }
  });
  return { arrayFilters, byteFilters, bytesDType: cur };
}
