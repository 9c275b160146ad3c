/**
 * A JS scalar converted to one element of a dtype, as the hex of its
 * little-endian bytes: the form of ew-node scalar literals and remap fill
 * values in lib/job/job-spec.ts. Conversion follows NumPy's casts of Python
 * scalars (integers must fit; floats round to the target precision).
 */
import { itemSize, isComplex, isFloat, type DType } from '../dtype';
import { invalidArgument } from '../errors';
import { intFits, type Scalar } from './promotion';
import { hexOf, toHalfBits } from '../metadata/fill-value';

/** `wrap`: integers out of range wrap modulo 2^bits (NumPy's unsafe cast, as np.where does). */
export function scalarHex(value: Scalar, dtype: DType, what = 'scalar', wrap = false): string {
  const size = itemSize(dtype);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const num = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === 'bool') {
    out[0] = Number(num) !== 0 ? 1 : 0;
  } else if (isFloat(dtype) || isComplex(dtype)) {
    const v = Number(num);
    const part = isComplex(dtype) ? size / 2 : size;
    if (part === 2) view.setUint16(0, toHalfBits(v), true);
    else if (part === 4) view.setFloat32(0, v, true);
    else view.setFloat64(0, v, true);
  } else {
    if (typeof num === 'number' && !Number.isInteger(num)) throw invalidArgument(`${what}: ${num} is not an integer for ${dtype}`);
    if (!wrap && !intFits(num, dtype)) throw invalidArgument(`${what}: Python integer ${String(value)} is out of bounds for ${dtype}`);
    let v = BigInt(num);
    v = BigInt.asUintN(size * 8, v);
    for (let i = 0; i < size; i++) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  return hexOf(out);
}

/**
 * The same conversion as the decimal text of an ew-node scalar literal
 * (lib/job/job-spec.ts): the value is range-checked (or wrapped) here, so the
 * engine only parses it.
 */
export function scalarLiteral(value: Scalar, dtype: DType, what = 'scalar', wrap = false): string {
  const num = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === 'bool') return Number(num) !== 0 ? 'true' : 'false';
  if (isFloat(dtype)) return String(Number(num));
  if (isComplex(dtype)) return `${String(Number(num))},0`;
  if (typeof num === 'number' && !Number.isInteger(num)) throw invalidArgument(`${what}: ${num} is not an integer for ${dtype}`);
  if (!wrap && !intFits(num, dtype)) throw invalidArgument(`${what}: Python integer ${String(value)} is out of bounds for ${dtype}`);
  const bits = itemSize(dtype) * 8;
  const v = BigInt(num);
  const wrapped = dtype.startsWith('u') ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
  return wrapped.toString();
}
