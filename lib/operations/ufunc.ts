/**
 * One lazy ew node for a NumPy ufunc: the loop NumPy would run is picked
 * (ufunc-loops.ts), array operands are broadcast and cast to the loop's
 * input dtypes, scalars become literals of them, and the node's dtype is the
 * loop's output. Consecutive ew nodes fuse into one native pass.
 */
import { DynamicArray } from '../dynamic-array';
import { isInteger, type DType } from '../dtype';
import { invalidArgument } from '../errors';
import { castNode, type EwLazy, type LazyNode } from '../graph/nodes';
import type { UfuncOp } from '../job/job-spec';
import { checkScalarFits, intFits, isScalar, scalarKind, type Operand, type Scalar } from '../graph/promotion';
import { scalarLiteral } from '../graph/scalar-literal';
import { broadcastShapes, broadcastTo, chunksLike, describe, wrap } from './common';
import { noLoop, resolveLoop, type Loop } from './ufunc-loops';

export type Arg = DynamicArray | Scalar;

export function checkOperand(x: unknown, what: string): Arg {
  if (x instanceof DynamicArray || isScalar(x)) return x;
  throw invalidArgument(`${what} must be a DynamicArray or a number/bigint/boolean scalar, got ${describe(x)}`);
}

export const operandOf = (x: Arg): Operand => (x instanceof DynamicArray ? x.dtype : x);

/** The loop of `op` over these arguments, with NumPy's refusals that are not a missing loop. */
export function loopFor(op: UfuncOp, args: Arg[]): Loop {
  const operands = args.map(operandOf);
  const allBool = operands.every((o) => o === 'bool' || typeof o === 'boolean');
  // NumPy refuses these even though a bool → int8 loop would accept the input.
  if (allBool && (op === 'negative' || op === 'positive' || op === 'gcd' || op === 'lcm')) throw noLoop(op, operands);
  return resolveLoop(op, operands);
}

/** Builds the node of `op` over `args` with the given loop (extra: values, right). */
export function ufuncNode(op: UfuncOp, args: Arg[], loop: Loop, extra: Partial<EwLazy> = {}): DynamicArray {
  const arrays = args.filter((a): a is DynamicArray => a instanceof DynamicArray);
  if (arrays.length === 0) throw invalidArgument(`${op}: at least one operand must be a DynamicArray`);
  const shape = broadcastShapes(arrays.map((a) => a.shape), op);
  const nodeArgs = args.map((a, k): LazyNode | string => {
    const t = loop.inputs[k];
    if (a instanceof DynamicArray) return broadcastTo(castNode(a.node, t), shape);
    checkScalarFits(a, t, op);
    return scalarLiteral(a, t, op);
  });
  const node: EwLazy = { kind: 'ew', op, args: nodeArgs, shape, dtype: loop.out, argDtypes: loop.inputs.slice(), ...extra };
  return wrap(node, arrays.find((a) => a.ndim === shape.length) ?? null, chunksLike(arrays, shape));
}

/** `op(...args)` as NumPy computes it. */
export function ufunc(op: UfuncOp, args: unknown[]): DynamicArray {
  const checked = args.map((a, k) => checkOperand(a, `${op}: argument ${k + 1}`));
  return ufuncNode(op, checked, loopFor(op, checked));
}

/** Whether a scalar converts to dtype d without NumPy's OverflowError (only Python ints into integer dtypes can fail). */
export function fitsInteger(value: Scalar, d: DType): boolean {
  return scalarKind(value) !== 'int' || !isInteger(d) || intFits(value as number | bigint, d);
}
