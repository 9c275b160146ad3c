/**
 * Value comparison of typed arrays against oracle bytes, per the contract's
 * dtype → typed array mapping: bool → Uint8Array, 64-bit ints → BigInt64Array /
 * BigUint64Array, float16 → Uint16Array of raw bits, complex → interleaved floats.
 * NaN equals NaN (any payload); otherwise values must be bit-identical (so -0 ≠ +0).
 */

export type DTypeName =
  | 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'float16' | 'float32' | 'float64' | 'complex64' | 'complex128';

export const ALL_DTYPES: DTypeName[] = [
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
  'float16', 'float32', 'float64', 'complex64', 'complex128',
];

export type AnyTyped =
  | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

type Ctor = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => AnyTyped;

const CTORS: Record<DTypeName, Ctor> = {
  bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
  complex64: Float32Array, complex128: Float64Array,
};

export const ITEM_SIZE: Record<DTypeName, number> = {
  bool: 1, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, uint16: 2, uint32: 4, uint64: 8,
  float16: 2, float32: 4, float64: 8, complex64: 8, complex128: 16,
};

export function typedArrayCtor(dtype: DTypeName): Ctor {
  return CTORS[dtype];
}

/** Copies little-endian C-order bytes (as numpy's tobytes() on a '<' array) into the contract's typed array. */
export function typedFromBytes(dtype: DTypeName, bytes: Uint8Array): AnyTyped {
  const buf = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buf).set(bytes);
  const lanes = dtype.startsWith('complex') ? 2 : 1;
  const Ctor = CTORS[dtype];
  return new Ctor(buf, 0, bytes.byteLength / (ITEM_SIZE[dtype] / lanes));
}

/** The raw bytes of a typed array (little-endian host assumed, as on every CI machine). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

const isNaN16 = (bits: number): boolean => (bits & 0x7c00) === 0x7c00 && (bits & 0x03ff) !== 0;

function laneEqual(dtype: DTypeName, a: number | bigint, b: number | bigint): boolean {
  if (dtype === 'float16') return a === b || (isNaN16(a as number) && isNaN16(b as number));
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    return Object.is(a, b);
  }
  return a === b;
}

function typedKindOk(dtype: DTypeName, a: unknown): boolean {
  return a instanceof CTORS[dtype];
}

/** Unravels a flat element index into coordinates for messages. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = shape[d] === 0 ? 0 : index % shape[d];
    index = shape[d] === 0 ? 0 : Math.floor(index / shape[d]);
  }
  return out;
}

/**
 * The first difference between `actual` and `expected` as a message, or null
 * when they hold the same values. Checks the typed array kind, the length and
 * every lane.
 */
export function firstMismatch(
  dtype: DTypeName,
  actual: unknown,
  expected: AnyTyped,
  shape: readonly number[] = [],
): string | null {
  if (!typedKindOk(dtype, actual)) {
    return `typed array for ${dtype} should be ${CTORS[dtype].name}, got ${(actual as object)?.constructor?.name}`;
  }
  const act = actual as AnyTyped;
  if (act.length !== expected.length) return `length ${act.length} != expected ${expected.length}`;
  const lanes = dtype.startsWith('complex') ? 2 : 1;
  for (let i = 0; i < act.length; i++) {
    if (!laneEqual(dtype, act[i], expected[i])) {
      const el = Math.floor(i / lanes);
      const where = shape.length ? `[${unravel(el, shape).join(', ')}]` : `#${el}`;
      return `${dtype} value at ${where}${lanes === 2 ? (i % 2 ? ' (imag)' : ' (real)') : ''}: got ${String(act[i])}, expected ${String(expected[i])}`;
    }
  }
  return null;
}

/** Shape + dtype + values of a computed NdArray against oracle bytes; throws a readable message. */
export function assertNdEqual(
  actual: { data: unknown; shape: number[]; dtype: string },
  expected: { bytes: Uint8Array | AnyTyped; shape: number[]; dtype: DTypeName },
  label = '',
): void {
  const prefix = label ? `${label}: ` : '';
  if (actual.dtype !== expected.dtype) throw new Error(`${prefix}dtype ${actual.dtype} != expected ${expected.dtype}`);
  if (JSON.stringify(Array.from(actual.shape)) !== JSON.stringify(expected.shape)) {
    throw new Error(`${prefix}shape [${actual.shape}] != expected [${expected.shape}]`);
  }
  // A Uint8Array is taken as raw oracle bytes (for bool/uint8 that is also the typed array itself).
  const exp = expected.bytes instanceof Uint8Array ? typedFromBytes(expected.dtype, expected.bytes) : expected.bytes;
  const diff = firstMismatch(expected.dtype, actual.data, exp, expected.shape);
  if (diff) throw new Error(`${prefix}${diff}`);
}

/** Deterministic PRNG (mulberry32) so random selections are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
