/** Bitwise operations, shifts, gcd and lcm (NumPy loops over bool and the integers). */
import type { DynamicArray } from '../dynamic-array';
import type { UfuncOp } from '../job/job-spec';
import { checkArray } from './common';
import { ufunc, type Arg } from './ufunc';

const binary = (op: UfuncOp) => (a: Arg, b: Arg): DynamicArray => ufunc(op, [a, b]);

/** Element-wise a & b of integer (or bool) arrays, as `numpy.bitwise_and`; broadcasting; lazy. */
export const bitwiseAnd = binary('bitwiseAnd');
/** Element-wise a | b of integer (or bool) arrays, as `numpy.bitwise_or`; broadcasting; lazy. */
export const bitwiseOr = binary('bitwiseOr');
/** Element-wise a ^ b of integer (or bool) arrays, as `numpy.bitwise_xor`; broadcasting; lazy. */
export const bitwiseXor = binary('bitwiseXor');
/** Element-wise a << b of integer (or bool) arrays, as `numpy.left_shift`; broadcasting; lazy. */
export const leftShift = binary('leftShift');
/** Element-wise a >> b of integer (or bool) arrays, as `numpy.right_shift`; broadcasting; lazy. */
export const rightShift = binary('rightShift');
/** Element-wise greatest common divisor of integer (or bool) arrays, as `numpy.gcd`; broadcasting; lazy. */
export const gcd = binary('gcd');
/** Element-wise least common multiple of integer (or bool) arrays, as `numpy.lcm`; broadcasting; lazy. */
export const lcm = binary('lcm');

/** Element-wise bitwise NOT (logical NOT for bool), as `numpy.invert`; lazy. */
export function invert(a: DynamicArray): DynamicArray {
  return ufunc('invert', [checkArray(a, 'invert(a)')]);
}
