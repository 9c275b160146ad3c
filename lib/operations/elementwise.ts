/**
 * Elementwise operations. The result dtype is NumPy 2's (lib/graph/promotion.ts);
 * array operands are broadcast (view nodes) and cast so every input of the
 * ew node already has the dtype the engine expects (see lib/job/job-spec.ts);
 * scalars become literals of that dtype.
 */
import { DynamicArray } from '../dynamic-array';
import { integerRange, isDType, isInteger, type DType } from '../dtype';
import { invalidArgument } from '../errors';
import { castNode, type EwLazy, type LazyNode } from '../graph/nodes';
import {
  absType, checkScalarFits, intFits, divideType, isScalar, resultType, roundType, scalarKind, sqrtType,
  type Operand, type Scalar,
} from '../graph/promotion';
import { scalarLiteral } from '../graph/scalar-literal';
import { broadcastShapes, broadcastTo, checkArray, checkInt, chunksLike, describe, wrap } from './common';

type Arg = DynamicArray | Scalar;

function checkOperand(x: unknown, what: string): Arg {
  if (x instanceof DynamicArray || isScalar(x)) return x;
  throw invalidArgument(`${what} must be a DynamicArray or a number/bigint/boolean scalar, got ${describe(x)}`);
}

const operandOf = (x: Arg): Operand => (x instanceof DynamicArray ? x.dtype : x);

/** Builds one ew node over broadcast, cast operands (null args stay null). */
function ewNode(op: EwLazy['op'], args: Array<Arg | null>, inputDtype: DType, outDtype: DType, what: string, extra: Partial<EwLazy> = {}, wrapInts = false): DynamicArray {
  const arrays = args.filter((a): a is DynamicArray => a instanceof DynamicArray);
  if (arrays.length === 0) throw invalidArgument(`${what}: at least one operand must be a DynamicArray`);
  const shape = broadcastShapes(arrays.map((a) => a.shape), what);
  const nodeArgs = args.map((a): LazyNode | string | null => {
    if (a === null) return null;
    if (a instanceof DynamicArray) return broadcastTo(castNode(a.node, inputDtype), shape);
    if (!wrapInts) checkScalarFits(a, inputDtype, what);
    return scalarLiteral(a, inputDtype, what, wrapInts);
  });
  const node: EwLazy = { kind: 'ew', op, args: nodeArgs, shape, dtype: outDtype, ...extra };
  return wrap(node, arrays.find((a) => a.ndim === shape.length) ?? null, chunksLike(arrays, shape));
}

function unary(a: unknown, what: string): DynamicArray {
  return checkArray(a, what);
}

export function abs(a: DynamicArray): DynamicArray {
  const x = unary(a, 'abs(a)');
  // The engine's abs takes dtype == input dtype, except complex → its real type.
  return ewNode('abs', [x], x.dtype, absType(x.dtype), 'abs');
}

export function sign(a: DynamicArray): DynamicArray {
  const x = unary(a, 'sign(a)');
  if (x.dtype === 'bool') throw invalidArgument("sign: NumPy's sign has no loop for bool (cast first with astype)");
  return ewNode('sign', [x], x.dtype, x.dtype, 'sign');
}

export function sqrt(a: DynamicArray): DynamicArray {
  const x = unary(a, 'sqrt(a)');
  const t = sqrtType(x.dtype);
  return ewNode('sqrt', [x], t, t, 'sqrt');
}

export function round(a: DynamicArray, decimals: number = 0): DynamicArray {
  const x = unary(a, 'round(a)');
  const d = checkInt(decimals, 'round: decimals');
  if (x.dtype === 'bool' && d !== 0) throw invalidArgument('round: NumPy cannot round bool with decimals != 0 (cast first with astype)');
  const t = roundType(x.dtype);
  return ewNode('round', [x], t, t, 'round', { decimals: d });
}

export function astype(a: DynamicArray, dtype: DType): DynamicArray {
  const x = unary(a, 'astype(a)');
  if (!isDType(dtype)) throw invalidArgument(`astype: dtype must be one of the Zarr v3 dtype names, got ${describe(dtype)}`);
  if (x.dtype === dtype) return x;
  return wrap(castNode(x.node, dtype), x);
}

type Binary = 'add' | 'subtract' | 'multiply' | 'divide';

function binary(op: Binary, a: unknown, b: unknown): DynamicArray {
  const x = checkOperand(a, `${op}: a`);
  const y = checkOperand(b, `${op}: b`);
  const t = resultType([operandOf(x), operandOf(y)]);
  if (op === 'subtract' && t === 'bool') {
    throw invalidArgument('subtract: numpy boolean subtract is not supported, use a logical operation or astype first');
  }
  if (op === 'divide') {
    // NumPy picks a float loop for integer division, so Python ints go straight to that float.
    const out = divideType(t);
    return ewNode('divide', [x, y], out, out, op);
  }
  return ewNode(op, [x, y], t, t, op);
}

export const add = (a: Arg, b: Arg): DynamicArray => binary('add', a, b);
export const subtract = (a: Arg, b: Arg): DynamicArray => binary('subtract', a, b);
export const multiply = (a: Arg, b: Arg): DynamicArray => binary('multiply', a, b);
export const divide = (a: Arg, b: Arg): DynamicArray => binary('divide', a, b);

/** np.where(cond, x, y): cond is made bool (nonzero), x and y promoted together. */
export function where(cond: DynamicArray, x: Arg, y: Arg): DynamicArray {
  const c = checkArray(cond, 'where: cond');
  const xv = checkOperand(x, 'where: x');
  const yv = checkOperand(y, 'where: y');
  const t = resultType([operandOf(xv), operandOf(yv)]);
  for (const v of [xv, yv]) {
    // Beyond 64 bits NumPy cannot convert the Python int at all.
    if (isScalar(v) && scalarKind(v) === 'int' && isInteger(t) && !(intFits(v as number | bigint, 'int64') || intFits(v as number | bigint, 'uint64'))) {
      throw invalidArgument(`where: Python integer ${String(v)} too large to convert to ${t}`);
    }
  }
  const condBool = wrap(castNode(c.node, 'bool'), c);
  const shape = broadcastShapes([c.shape, ...[xv, yv].filter((v): v is DynamicArray => v instanceof DynamicArray).map((v) => v.shape)], 'where');
  // np.where casts Python ints unsafely (int8 with 300 gives 44), so literals wrap.
  const out = ewNode('where', [condBool, xv, yv], t, t, 'where', {}, true);
  // ewNode cast cond to t with the others; put the bool condition back.
  const node = out.node as EwLazy;
  node.args[0] = broadcastTo(condBool.node, shape);
  return out;
}

/** np.clip(a, lo, hi): null = no bound; scalars are weak (uint16 with 0.2 → float64). */
export function clip(a: DynamicArray, lo: Arg | null, hi: Arg | null): DynamicArray {
  const x = checkArray(a, 'clip(a)');
  const bounds = [lo, hi].map((b, k) => (b === null || b === undefined ? null : checkOperand(b, k === 0 ? 'clip: lo' : 'clip: hi')));
  const t = resultType([x.dtype, ...bounds.filter((b): b is Arg => b !== null).map(operandOf)]);
  // NumPy 2 clips with Python ints outside the integer dtype's range by dropping that bound.
  const [l, h] = bounds.map((b, k) => {
    if (b === null || b instanceof DynamicArray || !isInteger(t) || scalarKind(b) !== 'int') return b;
    const [min, max] = integerRange(t) as [bigint, bigint];
    const v = BigInt(b as number | bigint);
    if (k === 0 && v < min) return null;
    if (k === 1 && v > max) return null;
    if ((k === 0 && v > max) || (k === 1 && v < min)) throw invalidArgument(`clip: Python integer ${String(b)} out of bounds for ${t}`);
    return b;
  });
  return ewNode('clip', [x, l, h], t, t, 'clip');
}
