/**
 * Fill values: from metadata JSON (v2 and v3 spellings) to the public value
 * and to the engine's form (hex of the element's little-endian bytes), and
 * back to JSON for writing. 64-bit integers are bigint so nothing is rounded.
 */
import { integerRange, isComplex, isFloat, itemSize, type DType } from '../dtype';
import type { FillValue } from '../source-info';
import type { JsonValue } from './json-text';

export interface ParsedFill {
  value: FillValue;
  /** Little-endian bytes of one element, as hex. */
  hex: string;
}

/** Rounds q to an integer, ties to even (q is exact here, so the tie test is exact). */
function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** float64 → IEEE half bits, round to nearest even (NaN becomes the quiet NaN 0x7e00). */
export function toHalfBits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const abs = Math.abs(value);
  if (abs >= 65520) return sign | 0x7c00; // 65520 is the tie between 65504 and overflow
  if (abs < 2 ** -14) return sign | roundHalfEven(abs / 2 ** -24); // subnormal (may round up to the smallest normal)
  let exp = Math.floor(Math.log2(abs));
  if (2 ** exp > abs) exp -= 1;
  if (2 ** (exp + 1) <= abs) exp += 1;
  let mant = roundHalfEven((abs / 2 ** exp - 1) * 1024);
  if (mant === 1024) { mant = 0; exp += 1; }
  if (exp > 15) return sign | 0x7c00;
  return sign | ((exp + 15) << 10) | mant;
}

export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Bytes as lowercase hex, in order (the engine's form of one element). */
export const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Little-endian bytes of one float component of `size` bytes. */
function floatBytes(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  if (size === 2) view.setUint16(0, toHalfBits(value), true);
  else if (size === 4) view.setFloat32(0, value, true);
  else view.setFloat64(0, value, true);
  return out;
}

function floatFromBytes(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length === 2) return fromHalfBits(view.getUint16(0, true));
  if (bytes.length === 4) return view.getFloat32(0, true);
  return view.getFloat64(0, true);
}

/** "0x7fc00000" (the value's bits as one big-endian hex number, v3) → little-endian bytes. */
function hexBitsToBytes(text: string, size: number): Uint8Array | null {
  if (!/^0x[0-9a-fA-F]+$/.test(text) || text.length - 2 !== size * 2) return null;
  let bits = BigInt(text);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return out;
}

/** One float component from JSON; returns its bytes and value, or null when malformed. */
function parseFloatComponent(raw: JsonValue, size: number): { bytes: Uint8Array; value: number } | null {
  if (typeof raw === 'number') return { bytes: floatBytes(raw, size), value: raw };
  if (typeof raw === 'bigint') return { bytes: floatBytes(Number(raw), size), value: Number(raw) };
  if (typeof raw === 'string') {
    const named: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
    if (raw in named) return { bytes: floatBytes(named[raw], size), value: named[raw] };
    const bytes = hexBitsToBytes(raw, size);
    if (bytes) return { bytes, value: floatFromBytes(bytes) };
  }
  return null;
}

/**
 * Parses a metadata fill_value for dtype. Returns null when the JSON does not
 * describe a value of that dtype (the caller raises ERR_ZARR_INVALID_METADATA).
 * v2's null means "no fill value": chunks that are missing read as zeros, as in zarr-python.
 */
export function parseFillValue(raw: JsonValue, dtype: DType, format: 2 | 3): ParsedFill | null {
  const size = itemSize(dtype);
  if (raw === null) {
    if (format === 3) return null;
    return { value: null, hex: '00'.repeat(size) };
  }
  if (dtype === 'bool') {
    if (raw === true || raw === false) return { value: raw, hex: raw ? '01' : '00' };
    if (raw === 0 || raw === 1) return { value: raw === 1, hex: raw === 1 ? '01' : '00' };
    return null;
  }
  const range = integerRange(dtype);
  if (range) {
    let big: bigint;
    if (typeof raw === 'bigint') big = raw;
    else if (typeof raw === 'number' && Number.isInteger(raw)) big = BigInt(raw);
    else if (typeof raw === 'number' && format === 2 && Number.isFinite(raw) && raw === Math.trunc(raw)) big = BigInt(raw);
    else return null;
    if (big < range[0] || big > range[1]) return null;
    let bits = BigInt.asUintN(size * 8, big);
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) { bytes[i] = Number(bits & 0xffn); bits >>= 8n; }
    return { value: size === 8 ? big : Number(big), hex: hexOf(bytes) };
  }
  if (isFloat(dtype)) {
    const c = parseFloatComponent(raw, size);
    return c && { value: c.value, hex: hexOf(c.bytes) };
  }
  if (isComplex(dtype)) {
    if (!Array.isArray(raw) || raw.length !== 2) return null;
    const re = parseFloatComponent(raw[0], size / 2);
    const im = parseFloatComponent(raw[1], size / 2);
    if (!re || !im) return null;
    return { value: [re.value, im.value], hex: hexOf(re.bytes) + hexOf(im.bytes) };
  }
  return null;
}

/** The JSON text form of a float for metadata: names for NaN and the infinities. */
function floatJson(v: number): JsonValue {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

/**
 * A user's fill value (io.write option, or the input's) for dtype, as
 * metadata JSON and engine hex; null when it is not a value of dtype.
 * `null` means the default: zero/false (v3), JSON null kept for v2 would hide it, so v2 writes 0 too.
 */
export function encodeFillValue(value: unknown, dtype: DType): { json: JsonValue; hex: string; value: FillValue } | null {
  let json: JsonValue;
  if (value === null || value === undefined) {
    json = dtype === 'bool' ? false : isComplex(dtype) ? [0, 0] : 0;
    if (size64(dtype)) json = 0n;
  } else if (dtype === 'bool') {
    if (typeof value !== 'boolean' && value !== 0 && value !== 1) return null;
    json = value === true || value === 1;
  } else if (integerRange(dtype)) {
    if (typeof value === 'bigint') json = value;
    else if (typeof value === 'number' && Number.isInteger(value)) json = size64(dtype) ? BigInt(value) : value;
    else if (typeof value === 'boolean') json = value ? 1 : 0;
    else return null;
  } else if (isFloat(dtype)) {
    if (typeof value === 'number') json = floatJson(value);
    else if (typeof value === 'bigint') json = Number(value);
    else return null;
  } else {
    if (typeof value === 'number') json = [floatJson(value), 0];
    else if (Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number')) json = [floatJson(value[0] as number), floatJson(value[1] as number)];
    else return null;
  }
  const parsed = parseFillValue(json, dtype, 3);
  if (!parsed) return null;
  // Write 64-bit integers that fit as plain numbers so the JSON stays ordinary.
  if (typeof json === 'bigint' && json >= BigInt(Number.MIN_SAFE_INTEGER) && json <= BigInt(Number.MAX_SAFE_INTEGER)) json = Number(json);
  return { json, hex: parsed.hex, value: parsed.value };
}

function size64(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'uint64';
}
