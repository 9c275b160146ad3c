/**
 * NumPy 2's ufunc loop selection for the pointwise operations: each op has
 * the list of typed loops NumPy registers (`np.<ufunc>.types`, in order,
 * without the long-double, object and datetime loops), and the first loop
 * every operand casts to safely is the one that runs. Python scalars are
 * "weak" (NEP 50) when their kind does not exceed the arrays' kind: a
 * Python int then fits any integer or inexact loop, a Python float any
 * inexact loop. test/ops-pointwise.test.ts checks every (op, dtype[, dtype])
 * pair and the scalar cases against NumPy.
 */
import { isComplex, isFloat, isInteger, type DType } from '../dtype';
import { invalidArgument } from '../errors';
import { promoteTypes, scalarKind, type Operand } from '../graph/promotion';

/** A loop: input dtypes and the output dtype. */
export interface Loop { inputs: DType[]; out: DType }

const CHAR: Record<string, DType> = {
  '?': 'bool', b: 'int8', B: 'uint8', h: 'int16', H: 'uint16', i: 'int32', I: 'uint32', q: 'int64', Q: 'uint64',
  e: 'float16', f: 'float32', d: 'float64', F: 'complex64', D: 'complex128',
};

/** 'ee->e ff->f' → loops. */
function loops(text: string): Loop[] {
  return text.trim().split(/\s+/).map((sig) => {
    const [ins, out] = sig.split('->');
    return { inputs: [...ins].map((c) => CHAR[c]), out: CHAR[out] };
  });
}

const INTS = 'b B h H i I q Q';
/** One loop per type char, each `arity` inputs of that type, output `out` (or the same type). */
function uniform(types: string, arity: number, out?: string): string {
  return types.split(/\s+/).map((c) => `${c.repeat(arity)}->${out ?? c}`).join(' ');
}

const FLOAT_C = 'e f d F D';
const ALL = `? ${INTS} e f d F D`;

export const LOOPS: Record<string, Loop[]> = {};
const def = (names: string, text: string): void => {
  for (const n of names.split(/\s+/)) LOOPS[n] = loops(text);
};

// unary
def('arccos arccosh arcsin arcsinh arctan arctanh cos cosh exp exp2 expm1 log log10 log1p log2 rint sin sinh sqrt tan tanh', uniform(FLOAT_C, 1));
def('cbrt fabs deg2rad degrees rad2deg radians spacing', uniform('e f d', 1));
def('ceil floor trunc', uniform(`? ${INTS} e f d`, 1));
def('conjugate negative positive reciprocal square', uniform(`${INTS} e f d F D`, 1));
def('invert', uniform(`? ${INTS}`, 1));
def('isfinite isinf isnan logicalNot', uniform(ALL, 1, '?'));
def('signbit', uniform('e f d', 1, '?'));
// binary
def('arctan2 copysign heaviside hypot logaddexp logaddexp2 nextafter', uniform('e f d', 2));
def('bitwiseAnd bitwiseOr bitwiseXor', uniform(`? ${INTS}`, 2));
def('gcd lcm leftShift rightShift', uniform(INTS, 2));
def('floorDivide fmod mod remainder', uniform(`${INTS} e f d`, 2));
def('power', uniform(`${INTS} e f d F D`, 2));
def('floatPower', uniform('d D', 2));
def('maximum minimum fmax fmin', uniform(ALL, 2));
def('ldexp', 'ei->e fi->f eq->e fq->f di->d dq->d');
def('equal notEqual greater greaterEqual less lessEqual', `${uniform(`? ${INTS}`, 2, '?')} qQ->? Qq->? ${uniform(FLOAT_C, 2, '?')}`);
def('logicalAnd logicalOr logicalXor', uniform(ALL, 2, '?'));

const category = (d: DType): number => (d === 'bool' ? 0 : isInteger(d) ? 1 : isFloat(d) ? 2 : 3);
const safe = (from: DType, to: DType): boolean => from === to || promoteTypes(from, to) === to;

/**
 * The loop NumPy runs for `op` over these operands (at least one array
 * dtype), or an invalid-argument error naming the op and the dtypes.
 */
export function resolveLoop(op: string, operands: Operand[]): Loop {
  const table = LOOPS[op];
  const arrays = operands.filter((o): o is DType => typeof o === 'string');
  const arrayCat = Math.max(-1, ...arrays.map(category));
  // A Python bool is NumPy's bool; a Python int/float of a higher kind than the arrays is int64/float64.
  const weakCat = (o: Operand): number => (scalarKind(o as never) === 'int' ? 1 : 2);
  const fits = (o: Operand, to: DType): boolean => {
    if (typeof o === 'string') return safe(o, to);
    const kind = scalarKind(o);
    if (kind === 'bool') return true;
    if (weakCat(o) > arrayCat) return safe(kind === 'int' ? 'int64' : 'float64', to);
    return kind === 'int' ? to !== 'bool' : isFloat(to) || isComplex(to);
  };
  const loop = table.find((l) => l.inputs.every((t, k) => fits(operands[k], t)));
  if (!loop) throw noLoop(op, operands);
  return loop;
}

export function noLoop(op: string, operands: Operand[]): Error {
  const names = operands.map((o) => (typeof o === 'string' ? o : `Python ${scalarKind(o)}`));
  return invalidArgument(`${op}: NumPy has no loop for dtype ${names.join(', ')}`);
}
