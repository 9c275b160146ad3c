/**
 * The comparison helpers must be able to fail: NaN equals NaN, but -0 ≠ +0,
 * float16 NaN payloads are NaN, bigints compare exactly, typed array kinds
 * are checked. Without this, a lenient helper would let every suite pass.
 */
import { assertNdEqual, firstMismatch, typedFromBytes } from '../helpers/compare';

test('firstMismatch detects differences of every kind', () => {
  expect(firstMismatch('float64', new Float64Array([NaN, 1]), new Float64Array([NaN, 1]))).toBeNull();
  expect(firstMismatch('float64', new Float64Array([-0]), new Float64Array([0]))).toMatch(/value/);
  expect(firstMismatch('float32', new Float32Array([1, 2]), new Float32Array([1, 2.5]))).toMatch(/#1/);
  expect(firstMismatch('float16', new Uint16Array([0x7e01]), new Uint16Array([0x7c01]))).toBeNull();
  expect(firstMismatch('float16', new Uint16Array([0x7c00]), new Uint16Array([0x7c01]))).toMatch(/value/);
  expect(firstMismatch('uint64', new BigUint64Array([2n ** 64n - 1n]), new BigUint64Array([2n ** 64n - 2n]))).toMatch(/value/);
  expect(firstMismatch('int64', new Float64Array([1]), new BigInt64Array([1n]))).toMatch(/BigInt64Array/);
  expect(firstMismatch('complex64', new Float32Array([1, 2]), new Float32Array([1, 3]), [1])).toMatch(/imag/);
  expect(firstMismatch('int8', new Int8Array(3), new Int8Array(2))).toMatch(/length/);
});

test('assertNdEqual checks dtype, shape and values from oracle bytes', () => {
  const bytes = new Uint8Array(new Int16Array([1, -2, 3, 4]).buffer);
  expect(() => assertNdEqual({ data: new Int16Array([1, -2, 3, 4]), shape: [2, 2], dtype: 'int16' }, { bytes, shape: [2, 2], dtype: 'int16' })).not.toThrow();
  expect(() => assertNdEqual({ data: new Int16Array([1, -2, 3, 5]), shape: [2, 2], dtype: 'int16' }, { bytes, shape: [2, 2], dtype: 'int16' })).toThrow(/\[1, 1\]/);
  expect(() => assertNdEqual({ data: new Int16Array([1, -2, 3, 4]), shape: [4], dtype: 'int16' }, { bytes, shape: [2, 2], dtype: 'int16' })).toThrow(/shape/);
  expect(() => assertNdEqual({ data: new Uint16Array([1, 2, 3, 4]), shape: [2, 2], dtype: 'uint16' }, { bytes, shape: [2, 2], dtype: 'int16' })).toThrow(/dtype/);
  expect(typedFromBytes('complex128', new Uint8Array(32)).length).toBe(4);
});
