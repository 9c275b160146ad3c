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

export const arccos = unary('arccos');
export const arccosh = unary('arccosh');
export const arcsin = unary('arcsin');
export const arcsinh = unary('arcsinh');
export const arctan = unary('arctan');
export const arctanh = unary('arctanh');
export const cos = unary('cos');
export const cosh = unary('cosh');
export const sin = unary('sin');
export const sinh = unary('sinh');
export const tan = unary('tan');
export const tanh = unary('tanh');
export const exp = unary('exp');
export const exp2 = unary('exp2');
export const expm1 = unary('expm1');
export const log = unary('log');
export const log10 = unary('log10');
export const log1p = unary('log1p');
export const log2 = unary('log2');
export const cbrt = unary('cbrt');
export const fabs = unary('fabs');
export const deg2rad = unary('deg2rad');
export const radians = unary('radians');
export const rad2deg = unary('rad2deg');
export const degrees = unary('degrees');
export const spacing = unary('spacing');
export const negative = unary('negative');
export const positive = unary('positive');
export const conjugate = unary('conjugate');
export const square = unary('square');
export const reciprocal = unary('reciprocal');
export const ceil = unary('ceil');
export const floor = unary('floor');
export const trunc = unary('trunc');
export const rint = unary('rint');

export const arctan2 = binary('arctan2');
export const copysign = binary('copysign');
export const hypot = binary('hypot');
export const heaviside = binary('heaviside');
export const logaddexp = binary('logaddexp');
export const logaddexp2 = binary('logaddexp2');
export const nextafter = binary('nextafter');
export const ldexp = binary('ldexp');
export const floatPower = binary('floatPower');
export const floorDivide = binary('floorDivide');
export const remainder = binary('remainder');
export const mod = binary('mod');
export const fmod = binary('fmod');
export const maximum = binary('maximum');
export const minimum = binary('minimum');
export const fmax = binary('fmax');
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
