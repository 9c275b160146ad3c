/** np.rot90 as NumPy composes it: flips and a transpose, all views (no pass of their own). */
import type { DynamicArray } from '../dynamic-array';
import { invalidArgument } from '../errors';
import { checkArray, checkInt, normalizeAxis } from './common';
import { flip, transpose } from './shape-ops';

/**
 * a rotated by 90° k times in the plane of `axes` (from the first toward the second), as `numpy.rot90`; a lazy view.
 */
export function rot90(a: DynamicArray, k: number = 1, axes: [number, number] | number[] = [0, 1]): DynamicArray {
  const x = checkArray(a, 'rot90(a)');
  const turns = checkInt(k, 'rot90: k');
  if (!Array.isArray(axes) || axes.length !== 2) throw invalidArgument(`rot90: axes must be two axes, got ${JSON.stringify(axes)}`);
  const [r0, r1] = axes.map((v) => checkInt(v, 'rot90: axes'));
  if (r0 === r1 || Math.abs(r0 - r1) === x.ndim) throw invalidArgument(`rot90: axes must be different, got ${JSON.stringify(axes)}`);
  const a0 = normalizeAxis(r0, x.ndim, 'rot90: axes');
  const a1 = normalizeAxis(r1, x.ndim, 'rot90: axes');
  const q = ((turns % 4) + 4) % 4;
  if (q === 0) return x;
  if (q === 2) return flip(flip(x, a0), a1);
  const perm = x.shape.map((_, i) => i);
  [perm[a0], perm[a1]] = [perm[a1], perm[a0]];
  return q === 1 ? transpose(flip(x, a1), perm) : flip(transpose(x, perm), a1);
}
