/** Bitwise operations, shifts, gcd and lcm (NumPy loops over bool and the integers). */
import type { DynamicArray } from '../dynamic-array';
import type { UfuncOp } from '../job/job-spec';
import { checkArray } from './common';
import { ufunc, type Arg } from './ufunc';

const binary = (op: UfuncOp) => (a: Arg, b: Arg): DynamicArray => ufunc(op, [a, b]);

export const bitwiseAnd = binary('bitwiseAnd');
export const bitwiseOr = binary('bitwiseOr');
export const bitwiseXor = binary('bitwiseXor');
export const leftShift = binary('leftShift');
export const rightShift = binary('rightShift');
export const gcd = binary('gcd');
export const lcm = binary('lcm');

export function invert(a: DynamicArray): DynamicArray {
  return ufunc('invert', [checkArray(a, 'invert(a)')]);
}
