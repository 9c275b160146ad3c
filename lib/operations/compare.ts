/**
 * Comparisons and logical operations (bool results). A Python int outside
 * the integer dtype it meets compares as NumPy 2 does, by value: the result
 * is the same for every element (uint8 < 1000 is all true), never an
 * overflow error; for the logical operations it is simply nonzero.
 */
import { DynamicArray } from '../dynamic-array';
import { integerRange, isInteger } from '../dtype';
import type { UfuncOp } from '../job/job-spec';
import { scalarKind } from '../graph/promotion';
import { checkArray } from './common';
import { checkOperand, fitsInteger, loopFor, ufuncNode, type Arg } from './ufunc';

type Comparison = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

const FLIPPED: Record<Comparison, Comparison> = {
  equal: 'equal', notEqual: 'notEqual', less: 'greater', lessEqual: 'greaterEqual', greater: 'less', greaterEqual: 'lessEqual',
};

/** x OP v for every x of the dtype, when v lies above (or below) the whole range. */
function constantResult(op: Comparison, above: boolean): boolean {
  if (op === 'notEqual') return true;
  if (op === 'equal') return false;
  const saysLess = op === 'less' || op === 'lessEqual';
  return above ? saysLess : !saysLess;
}

function compare(op: Comparison, a: unknown, b: unknown): DynamicArray {
  const args = [checkOperand(a, `${op}: a`), checkOperand(b, `${op}: b`)];
  const loop = loopFor(op, args);
  const k = args.findIndex((x, i) => !(x instanceof DynamicArray) && !fitsInteger(x, loop.inputs[i]));
  if (k < 0) return ufuncNode(op, args, loop);
  const v = BigInt(args[k] as number | bigint);
  const other = args[1 - k];
  const [, max] = integerRange(loop.inputs[k]) as [bigint, bigint];
  // v sits on the right of `x OP v`; with v on the left the comparison flips.
  const value = constantResult(k === 1 ? op : FLIPPED[op], v > max);
  if (!(other instanceof DynamicArray)) return ufuncNode(op, args, loop);  // two scalars: refused there
  // An integer never is NaN, so x == x is all true and x != x all false.
  const same = [other, other];
  return ufuncNode(value ? 'equal' : 'notEqual', same, loopFor(value ? 'equal' : 'notEqual', same));
}

/** Element-wise a == b as a bool array, as `numpy.equal`; broadcasting; lazy. */
export const equal = (a: Arg, b: Arg): DynamicArray => compare('equal', a, b);
/** Element-wise a != b as a bool array, as `numpy.not_equal`; broadcasting; lazy. */
export const notEqual = (a: Arg, b: Arg): DynamicArray => compare('notEqual', a, b);
/** Element-wise a < b as a bool array, as `numpy.less`; broadcasting; lazy. */
export const less = (a: Arg, b: Arg): DynamicArray => compare('less', a, b);
/** Element-wise a <= b as a bool array, as `numpy.less_equal`; broadcasting; lazy. */
export const lessEqual = (a: Arg, b: Arg): DynamicArray => compare('lessEqual', a, b);
/** Element-wise a > b as a bool array, as `numpy.greater`; broadcasting; lazy. */
export const greater = (a: Arg, b: Arg): DynamicArray => compare('greater', a, b);
/** Element-wise a >= b as a bool array, as `numpy.greater_equal`; broadcasting; lazy. */
export const greaterEqual = (a: Arg, b: Arg): DynamicArray => compare('greaterEqual', a, b);

function logical(op: UfuncOp, a: unknown, b: unknown): DynamicArray {
  const args = [checkOperand(a, `${op}: a`), checkOperand(b, `${op}: b`)];
  const loop = loopFor(op, args);
  // Only truthiness matters: an out-of-range Python int is just nonzero.
  const fixed = args.map((x, i) => (!(x instanceof DynamicArray) && isInteger(loop.inputs[i]) && scalarKind(x) === 'int' && !fitsInteger(x, loop.inputs[i]) ? 1 : x));
  return ufuncNode(op, fixed, loop);
}

/** Element-wise a AND b (truthiness) as a bool array, as `numpy.logical_and`; broadcasting; lazy. */
export const logicalAnd = (a: Arg, b: Arg): DynamicArray => logical('logicalAnd', a, b);
/** Element-wise a OR b (truthiness) as a bool array, as `numpy.logical_or`; broadcasting; lazy. */
export const logicalOr = (a: Arg, b: Arg): DynamicArray => logical('logicalOr', a, b);
/** Element-wise a XOR b (truthiness) as a bool array, as `numpy.logical_xor`; broadcasting; lazy. */
export const logicalXor = (a: Arg, b: Arg): DynamicArray => logical('logicalXor', a, b);

/** Element-wise NOT of the truthiness of a, as a bool array (`numpy.logical_not`); lazy. */
export function logicalNot(a: DynamicArray): DynamicArray {
  const x = checkArray(a, 'logicalNot(a)');
  return ufuncNode('logicalNot', [x], loopFor('logicalNot', [x]));
}
