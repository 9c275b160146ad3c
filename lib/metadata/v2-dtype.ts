/** Zarr v2 / NumPy dtype strings ('<u2', '>f8', '|b1', '<c8' …) ↔ our DType plus byte order. */
import type { DType } from '../dtype';
import { itemSize } from '../dtype';

const KIND_SIZE: Record<string, DType> = {
  b1: 'bool', i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64', u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  f2: 'float16', f4: 'float32', f8: 'float64', c8: 'complex64', c16: 'complex128',
};

/** Parses a v2 dtype string; null when it is not one of the supported numeric types. */
export function parseV2DType(text: unknown): { dtype: DType; endian: 'little' | 'big' } | null {
  if (typeof text !== 'string') return null;
  const m = /^([<>|=])([biufc]\d+)$/.exec(text);
  if (!m) return null;
  const dtype = KIND_SIZE[m[2]];
  if (!dtype) return null;
  // '|' (not applicable) and '=' (native, little on every platform we build for) read as little.
  return { dtype, endian: m[1] === '>' ? 'big' : 'little' };
}

/** The v2 dtype string we write: little-endian, '|' for one-byte types (as NumPy spells them). */
export function v2DTypeString(dtype: DType): string {
  const code = Object.keys(KIND_SIZE).find((k) => KIND_SIZE[k] === dtype) as string;
  return `${itemSize(dtype) === 1 ? '|' : '<'}${code}`;
}
