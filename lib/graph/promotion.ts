/**
 * NumPy 2 dtype promotion (np.result_type) over the contract's dtypes, with
 * NEP 50 "weak" Python scalars, and the result dtypes of each operation. The
 * declared dtype of every lazy array comes from here, so it always equals
 * what the engine computes (test/promotion.test.ts checks it against NumPy).
 */
import { invalidArgument } from '../errors';
import { integerRange, isComplex, isFloat, isInteger, isSignedInt, isUnsignedInt, itemSize, type DType } from '../dtype';

/** A JS scalar operand: number (int-valued = Python int, else Python float), bigint (Python int), boolean. */
export type Scalar = number | bigint | boolean;

export type ScalarKind = 'bool' | 'int' | 'float';

export function isScalar(x: unknown): x is Scalar {
  return typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean';
}

export function scalarKind(x: Scalar): ScalarKind {
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'bigint') return 'int';
  return Number.isInteger(x) ? 'int' : 'float';
}

const INTS: DType[] = ['int8', 'int16', 'int32', 'int64'];
const UINTS: DType[] = ['uint8', 'uint16', 'uint32', 'uint64'];

/** The smallest float that holds every value of an integer (or bool) dtype, as NumPy's casting table says. */
function floatFor(d: DType): DType {
  if (d === 'bool' || d === 'int8' || d === 'uint8') return 'float16';
  if (d === 'int16' || d === 'uint16') return 'float32';
  return 'float64';
}

const complexFor = (f: DType): DType => (f === 'float64' ? 'complex128' : 'complex64');
const realOf = (c: DType): DType => (c === 'complex128' ? 'float64' : 'float32');

/** np.result_type(a, b) for two array dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (isInteger(a) && isInteger(b)) {
    const sa = itemSize(a);
    const sb = itemSize(b);
    if (isSignedInt(a) === isSignedInt(b)) return sa >= sb ? a : b;
    const [u, s] = isUnsignedInt(a) ? [a, b] : [b, a];
    const su = itemSize(u);
    const ss = itemSize(s);
    if (ss > su) return s;
    if (su === 8) return 'float64';
    return INTS[Math.log2(su) + 1];
  }
  // Both inexact, or one integer and one inexact: compare on the float/complex ladder.
  const fa = isInteger(a) ? floatFor(a) : a;
  const fb = isInteger(b) ? floatFor(b) : b;
  if (isComplex(fa) || isComplex(fb)) {
    const ra = isComplex(fa) ? realOf(fa) : fa;
    const rb = isComplex(fb) ? realOf(fb) : fb;
    return complexFor(itemSize(ra) >= itemSize(rb) ? ra : rb);
  }
  return itemSize(fa) >= itemSize(fb) ? fa : fb;
}

export type Operand = DType | Scalar;

/**
 * np.result_type over arrays (dtypes) and weak scalars (NEP 50): a Python
 * int takes the array's integer or inexact dtype (bool arrays → int64), a
 * Python float the array's inexact dtype (else float64). With no array
 * operand the scalars' own default dtypes are used (int64, float64, bool).
 */
export function resultType(operands: Operand[]): DType {
  const dtypes = operands.filter((o): o is DType => typeof o === 'string');
  const kinds = operands.filter(isScalar).map(scalarKind);
  let out: DType | null = null;
  for (const d of dtypes) out = out === null ? d : promoteTypes(out, d);
  for (const k of kinds) {
    if (k === 'bool') {
      if (out === null) out = 'bool';
    } else if (k === 'int') {
      if (out === null || out === 'bool') out = 'int64';
    } else if (out === null || out === 'bool' || isInteger(out)) {
      out = 'float64';
    }
  }
  return out ?? 'float64';
}

/** Whether a Python-int scalar fits integer dtype d (NumPy raises OverflowError otherwise). */
export function intFits(value: number | bigint, d: DType): boolean {
  const range = integerRange(d);
  if (!range) return true;
  const v = BigInt(value);
  return v >= range[0] && v <= range[1];
}

/**
 * Checks a weak scalar against the dtype it is converted to, as NumPy does:
 * a Python int that does not fit an integer dtype is an OverflowError.
 */
export function checkScalarFits(value: Scalar, d: DType, what: string): void {
  if (scalarKind(value) === 'int' && isInteger(d) && !intFits(value as number | bigint, d)) {
    throw invalidArgument(`${what}: Python integer ${String(value)} is out of bounds for ${d}`);
  }
}

/** Result dtype of sqrt (NumPy's loop selection: the smallest float that holds the input). */
export function sqrtType(d: DType): DType {
  return isFloat(d) || isComplex(d) ? d : floatFor(d);
}

/** Result dtype of true division of operands already promoted to d. */
export function divideType(d: DType): DType {
  return d === 'bool' || isInteger(d) ? 'float64' : d;
}

export function absType(d: DType): DType {
  return isComplex(d) ? realOf(d) : d;
}

/** np.round: bool has no rint loop of its own, NumPy picks float16. */
export function roundType(d: DType): DType {
  return d === 'bool' ? 'float16' : d;
}

export type ReduceOp = 'sum' | 'min' | 'max' | 'mean';

/** The accumulator/result dtype of a reduction (NumPy's defaults, no dtype= argument). */
export function reduceType(op: ReduceOp, d: DType): DType {
  if (op === 'min' || op === 'max') return d;
  if (op === 'mean') return d === 'bool' || isInteger(d) ? 'float64' : d;
  if (d === 'bool' || isSignedInt(d)) return 'int64';
  if (isUnsignedInt(d)) return 'uint64';
  return d;
}

export { UINTS, INTS };
