/**
 * Element tests and lookups: isnan / isinf / isfinite / signbit, isin
 * (membership in a JS list), digitize (bin index in a monotonic JS list of
 * bins, NumPy's searchsorted order with NaN last) and saturateCast.
 */
import { DynamicArray } from '../dynamic-array';
import { integerRange, isComplex, isDType, isFloat, isInteger, type DType } from '../dtype';
import { invalidArgument } from '../errors';
import { castNode, type EwLazy } from '../graph/nodes';
import { promoteTypes, isScalar, scalarKind, type Scalar } from '../graph/promotion';
import { scalarLiteral } from '../graph/scalar-literal';
import { checkArray, describe, wrap } from './common';
import { ufunc } from './ufunc';

/** Element-wise whether each element is NaN, as `numpy.isnan`: a bool array; lazy. */
export const isnan = (a: DynamicArray): DynamicArray => ufunc('isnan', [checkArray(a, 'isnan(a)')]);
/** Element-wise whether each element is ±Infinity, as `numpy.isinf`: a bool array; lazy. */
export const isinf = (a: DynamicArray): DynamicArray => ufunc('isinf', [checkArray(a, 'isinf(a)')]);
/** Element-wise whether each element is neither NaN nor infinite, as `numpy.isfinite`: a bool array; lazy. */
export const isfinite = (a: DynamicArray): DynamicArray => ufunc('isfinite', [checkArray(a, 'isfinite(a)')]);
/** Element-wise whether the sign bit is set (true for -0), as `numpy.signbit`: a bool array; lazy. */
export const signbit = (a: DynamicArray): DynamicArray => ufunc('signbit', [checkArray(a, 'signbit(a)')]);

/** The dtype np.asarray gives a list of JS scalars (bool < int64 < uint64 < float64). */
function listDtype(values: unknown, what: string): { list: Scalar[]; dtype: DType } {
  if (!Array.isArray(values) || !values.every(isScalar)) {
    throw invalidArgument(`${what} must be an array of numbers, bigints or booleans, got ${describe(values)}`);
  }
  const list = values as Scalar[];
  if (list.length === 0) return { list, dtype: 'float64' };
  const kinds = list.map(scalarKind);
  if (kinds.every((k) => k === 'bool')) return { list, dtype: 'bool' };
  if (kinds.includes('float')) return { list, dtype: 'float64' };
  const ints = list.map((v) => BigInt(typeof v === 'boolean' ? Number(v) : v));
  const [min64, max64] = integerRange('int64') as [bigint, bigint];
  const [, maxU64] = integerRange('uint64') as [bigint, bigint];
  if (ints.every((v) => v >= min64 && v <= max64)) return { list, dtype: 'int64' };
  if (ints.every((v) => v >= 0n && v <= maxU64)) return { list, dtype: 'uint64' };
  throw invalidArgument(`${what}: Python integers beyond 64 bits`);
}

/** One node with a list of literals (isin values, digitize bins) over `a` cast to `common`. */
function listNode(op: 'isin' | 'digitize', a: DynamicArray, common: DType, out: DType, list: Scalar[], extra: Partial<EwLazy> = {}): DynamicArray {
  const values = list.map((v) => scalarLiteral(typeof v === 'boolean' ? Number(v) : v, common, op));
  const node: EwLazy = { kind: 'ew', op, args: [castNode(a.node, common)], shape: a.shape, dtype: out, argDtypes: [common], values, ...extra };
  return wrap(node, a);
}

/** np.isin(a, values): compared in the common dtype of a and np.asarray(values). */
export function isin(a: DynamicArray, values: Scalar[]): DynamicArray {
  const x = checkArray(a, 'isin(a)');
  const { list, dtype } = listDtype(values, 'isin: values');
  return listNode('isin', x, promoteTypes(x.dtype, dtype), 'bool', list);
}

/** np.digitize(a, bins, right): bins increasing or decreasing; int64 indices. */
export function digitize(a: DynamicArray, bins: Scalar[], right: boolean = false): DynamicArray {
  const x = checkArray(a, 'digitize(a)');
  if (isComplex(x.dtype)) throw invalidArgument(`digitize: x may not be complex (got ${x.dtype})`);
  if (typeof right !== 'boolean') throw invalidArgument(`digitize: right must be a boolean, got ${describe(right)}`);
  const { list, dtype } = listDtype(bins, 'digitize: bins');
  const nums = list.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  const le = (p: number | bigint, q: number | bigint): boolean => p <= q;
  const increasing = nums.every((v, i) => i === 0 || le(nums[i - 1], v));
  const decreasing = nums.every((v, i) => i === 0 || le(v, nums[i - 1]));
  if (!increasing && !decreasing) throw invalidArgument('digitize: bins must be monotonically increasing or decreasing');
  return listNode('digitize', x, promoteTypes(x.dtype, dtype), 'int64', list, { right });
}

/**
 * Cast to dtype without wrapping: to an integer dtype, floats round to
 * nearest, NaN becomes 0 and values clamp to the range; any other cast is
 * astype's.
 */
export function saturateCast(a: DynamicArray, dtype: DType): DynamicArray {
  const x = checkArray(a, 'saturateCast(a)');
  if (!isDType(dtype)) throw invalidArgument(`saturateCast: dtype must be one of the Zarr v3 dtype names, got ${describe(dtype)}`);
  if (x.dtype === dtype) return x;
  const from = x.dtype;
  const widening = (): boolean => {
    const [lo, hi] = from === 'bool' ? [0n, 1n] : (integerRange(from) as [bigint, bigint]);
    const [tlo, thi] = integerRange(dtype) as [bigint, bigint];
    return lo >= tlo && hi <= thi;
  };
  if (!isInteger(dtype) || isComplex(from) || (!isFloat(from) && widening())) return wrap(castNode(x.node, dtype), x);
  const node: EwLazy = { kind: 'ew', op: 'saturateCast', args: [x.node], shape: x.shape, dtype, argDtypes: [from] };
  return wrap(node, x);
}
