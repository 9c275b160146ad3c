/**
 * NumPy's arithmetic and floating-point ufuncs beyond + - * / (see
 * ufunc.ts for how each becomes one fused native op): the dtype of each
 * result is the output of the loop NumPy picks.
 */
import { isInteger } from '../dtype';
import { invalidArgument } from '../errors';
import type { DynamicArray } from '../dynamic-array';
import type { UfuncOp } from '../job/job-spec';
import { scalarKind } from '../graph/promotion';
import { checkArray } from './common';
import { checkOperand, loopFor, ufunc, ufuncNode, type Arg } from './ufunc';

const unary = (op: UfuncOp) => (a: DynamicArray): DynamicArray => ufunc(op, [checkArray(a, `${op}(a)`)]);
const binary = (op: UfuncOp) => (a: Arg, b: Arg): DynamicArray => ufunc(op, [a, b]);

/** Element-wise inverse cosine, in radians, as `numpy.arccos`; lazy. */
export const arccos = unary('arccos');
/** Element-wise inverse hyperbolic cosine, as `numpy.arccosh`; lazy. */
export const arccosh = unary('arccosh');
/** Element-wise inverse sine, in radians, as `numpy.arcsin`; lazy. */
export const arcsin = unary('arcsin');
/** Element-wise inverse hyperbolic sine, as `numpy.arcsinh`; lazy. */
export const arcsinh = unary('arcsinh');
/** Element-wise inverse tangent, in radians, as `numpy.arctan`; lazy. */
export const arctan = unary('arctan');
/** Element-wise inverse hyperbolic tangent, as `numpy.arctanh`; lazy. */
export const arctanh = unary('arctanh');
/** Element-wise cosine of an angle in radians, as `numpy.cos`; lazy. */
export const cos = unary('cos');
/** Element-wise hyperbolic cosine, as `numpy.cosh`; lazy. */
export const cosh = unary('cosh');
/** Element-wise sine of an angle in radians, as `numpy.sin`; lazy. */
export const sin = unary('sin');
/** Element-wise hyperbolic sine, as `numpy.sinh`; lazy. */
export const sinh = unary('sinh');
/** Element-wise tangent of an angle in radians, as `numpy.tan`; lazy. */
export const tan = unary('tan');
/** Element-wise hyperbolic tangent, as `numpy.tanh`; lazy. */
export const tanh = unary('tanh');
/** Element-wise e to the power x, as `numpy.exp`; lazy. */
export const exp = unary('exp');
/** Element-wise 2 to the power x, as `numpy.exp2`; lazy. */
export const exp2 = unary('exp2');
/** Element-wise exp(x) - 1, exact for small x, as `numpy.expm1`; lazy. */
export const expm1 = unary('expm1');
/** Element-wise natural logarithm, as `numpy.log`; lazy. */
export const log = unary('log');
/** Element-wise base-10 logarithm, as `numpy.log10`; lazy. */
export const log10 = unary('log10');
/** Element-wise log(1 + x), exact for small x, as `numpy.log1p`; lazy. */
export const log1p = unary('log1p');
/** Element-wise base-2 logarithm, as `numpy.log2`; lazy. */
export const log2 = unary('log2');
/** Element-wise cube root, as `numpy.cbrt`; lazy. */
export const cbrt = unary('cbrt');
/** Element-wise absolute value as a float (complex refused), as `numpy.fabs`; lazy. */
export const fabs = unary('fabs');
/** Element-wise degrees to radians, as `numpy.deg2rad`; lazy. */
export const deg2rad = unary('deg2rad');
/** Element-wise degrees to radians (alias of deg2rad), as `numpy.radians`; lazy. */
export const radians = unary('radians');
/** Element-wise radians to degrees, as `numpy.rad2deg`; lazy. */
export const rad2deg = unary('rad2deg');
/** Element-wise radians to degrees (alias of rad2deg), as `numpy.degrees`; lazy. */
export const degrees = unary('degrees');
/** Element-wise distance to the next larger float (ULP), as `numpy.spacing`; lazy. */
export const spacing = unary('spacing');
/** Element-wise -x, as `numpy.negative`; lazy. */
export const negative = unary('negative');
/** Element-wise +x (a copy), as `numpy.positive`; lazy. */
export const positive = unary('positive');
/** Element-wise complex conjugate (x for real dtypes), as `numpy.conjugate`; lazy. */
export const conjugate = unary('conjugate');
/** Element-wise x * x, as `numpy.square`; lazy. */
export const square = unary('square');
/** Element-wise 1 / x (integer division for integers, as NumPy), as `numpy.reciprocal`; lazy. */
export const reciprocal = unary('reciprocal');
/** Element-wise smallest integer ≥ x, as `numpy.ceil`; lazy. */
export const ceil = unary('ceil');
/** Element-wise largest integer ≤ x, as `numpy.floor`; lazy. */
export const floor = unary('floor');
/** Element-wise x rounded toward zero, as `numpy.trunc`; lazy. */
export const trunc = unary('trunc');
/** Element-wise x rounded to the nearest integer, ties to even, as `numpy.rint`; lazy. */
export const rint = unary('rint');

/**
 * Element-wise arctan(a / b) in the quadrant of (b, a), as `numpy.arctan2`; a and b broadcast (either may be a scalar); lazy.
 */
export const arctan2 = binary('arctan2');
/**
 * Element-wise the magnitude of a with the sign of b, as `numpy.copysign`; a and b broadcast (either may be a scalar); lazy.
 */
export const copysign = binary('copysign');
/**
 * Element-wise sqrt(a² + b²) without overflow, as `numpy.hypot`; a and b broadcast (either may be a scalar); lazy.
 */
export const hypot = binary('hypot');
/**
 * Element-wise the Heaviside step of a, b where a is 0, as `numpy.heaviside`; a and b broadcast (either may be a scalar); lazy.
 */
export const heaviside = binary('heaviside');
/** Element-wise log(exp(a) + exp(b)), as `numpy.logaddexp`; a and b broadcast (either may be a scalar); lazy. */
export const logaddexp = binary('logaddexp');
/** Element-wise log2(2^a + 2^b), as `numpy.logaddexp2`; a and b broadcast (either may be a scalar); lazy. */
export const logaddexp2 = binary('logaddexp2');
/**
 * Element-wise the next float after a toward b, as `numpy.nextafter`; a and b broadcast (either may be a scalar); lazy.
 */
export const nextafter = binary('nextafter');
/** Element-wise a * 2^b, as `numpy.ldexp`; a and b broadcast (either may be a scalar); lazy. */
export const ldexp = binary('ldexp');
/**
 * Element-wise a ** b computed in float64 (or complex128), as `numpy.float_power`; a and b broadcast (either may be a scalar); lazy.
 */
export const floatPower = binary('floatPower');
/**
 * Element-wise a // b, rounded toward minus infinity, as `numpy.floor_divide`; a and b broadcast (either may be a scalar); lazy.
 */
export const floorDivide = binary('floorDivide');
/**
 * Element-wise a mod b with the sign of b (Python %), as `numpy.remainder`; a and b broadcast (either may be a scalar); lazy.
 */
export const remainder = binary('remainder');
/** Element-wise a mod b (alias of remainder), as `numpy.mod`; a and b broadcast (either may be a scalar); lazy. */
export const mod = binary('mod');
/**
 * Element-wise a mod b with the sign of a (C fmod), as `numpy.fmod`; a and b broadcast (either may be a scalar); lazy.
 */
export const fmod = binary('fmod');
/**
 * Element-wise the larger of a and b, NaN if either is NaN, as `numpy.maximum`; a and b broadcast (either may be a scalar); lazy.
 */
export const maximum = binary('maximum');
/**
 * Element-wise the smaller of a and b, NaN if either is NaN, as `numpy.minimum`; a and b broadcast (either may be a scalar); lazy.
 */
export const minimum = binary('minimum');
/**
 * Element-wise the larger of a and b, ignoring NaN, as `numpy.fmax`; a and b broadcast (either may be a scalar); lazy.
 */
export const fmax = binary('fmax');
/**
 * Element-wise the smaller of a and b, ignoring NaN, as `numpy.fmin`; a and b broadcast (either may be a scalar); lazy.
 */
export const fmin = binary('fmin');

/** np.power: an integer loop with a negative exponent is an error (for arrays, found as the data is read). */
export function power(a: Arg, b: Arg): DynamicArray {
  const args = [checkOperand(a, 'power: argument 1'), checkOperand(b, 'power: argument 2')];
  const loop = loopFor('power', args);
  const e = args[1];
  if (isInteger(loop.inputs[1]) && typeof e !== 'object' && scalarKind(e) === 'int' && BigInt(e as number | bigint) < 0n) {
    throw invalidArgument('power: integers to negative integer powers are not allowed');
  }
  return ufuncNode('power', args, loop);
}
