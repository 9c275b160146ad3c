/**
 * scipy.ndimage neighbourhood filters, lazy: each builds one 'filter' node
 * (lib/job-spec.ts FilterNode) whose passes mirror how scipy computes the
 * filter (separable filters axis by axis, each pass stored in the output
 * dtype; laplace and gradient magnitude as terms combined in that dtype), so
 * every region, read with its halo, equals scipy on the whole array.
 * Arguments are checked here, before any I/O.
 */
import type { DynamicArray } from '../dynamic-array';
import { isComplex, type DType, type NdArray } from '../dtype';
import { invalidArgument } from '../errors';
import type { FilterLazy } from '../graph/nodes';
import type { FilterNode, FilterPassSpec } from '../job/job-spec';
import { checkArray, describe, wrap } from './common';
import { gaussianKernel } from './gaussian-kernel';

/** How values beyond the edge are taken, as scipy.ndimage's `mode`: 'reflect', 'constant' (cval), 'nearest', 'mirror' or 'wrap'. */
export type Boundary = FilterNode['boundary'];
/** Options of the neighbourhood filters. */
export interface FilterOptions {
  /** Values beyond the edge (default 'reflect', as scipy.ndimage). */
  boundary?: Boundary;
  /** The outside value with boundary 'constant' (default 0). */
  cval?: number;
}
/** Options of gaussianFilter(). */
export interface GaussianOptions extends FilterOptions {
  /** Kernel radius in standard deviations (default 4). */
  truncate?: number;
  /** Derivative order per axis (default 0: smoothing). */
  order?: number | number[];
}
/** Options of gaussianLaplace() and gaussianGradientMagnitude(). */
export interface GaussianDerivativeOptions extends FilterOptions {
  /** Kernel radius in standard deviations (default 4). */
  truncate?: number;
}

const BOUNDARIES: readonly string[] = ['reflect', 'nearest', 'mirror', 'wrap', 'constant'];

interface Checked { x: DynamicArray; boundary: Boundary; cval: string; opts: Record<string, unknown> }

function checkCommon(op: string, a: unknown, options: unknown, allowed: string[]): Checked {
  const x = checkArray(a, `${op}(a)`);
  if (isComplex(x.dtype) || x.dtype === 'float16') throw invalidArgument(`${op}: a has dtype ${x.dtype}, which scipy.ndimage does not filter`);
  const opts = options ?? {};
  if (typeof opts !== 'object' || Array.isArray(opts)) throw invalidArgument(`${op}: options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) throw invalidArgument(`${op}: unknown option "${key}"`);
  }
  const o = opts as Record<string, unknown>;
  const boundary = o.boundary ?? 'reflect';
  if (typeof boundary !== 'string' || !BOUNDARIES.includes(boundary)) {
    throw invalidArgument(`${op}: boundary must be one of ${BOUNDARIES.join(', ')}, got ${describe(boundary)}`);
  }
  const cval = o.cval ?? 0;
  if (typeof cval !== 'number') throw invalidArgument(`${op}: cval must be a number, got ${describe(cval)}`);
  return { x, boundary: boundary as Boundary, cval: String(cval), opts: o };
}

/** A number or one per axis → one per axis, each checked. */
function perAxis(op: string, name: string, value: unknown, ndim: number, ok: (v: number) => boolean, rule: string): number[] {
  const list = typeof value === 'number' ? Array<number>(ndim).fill(value) : value;
  if (!Array.isArray(list) || list.length !== ndim || !list.every((v) => typeof v === 'number' && ok(v))) {
    throw invalidArgument(`${op}: ${name} must be ${rule}, a number or ${ndim} of them (one per axis), got ${JSON.stringify(value) ?? describe(value)}`);
  }
  return list as number[];
}

function node(c: Checked, terms: FilterNode['terms'], combine: FilterNode['combine']): DynamicArray {
  const n: FilterLazy = { kind: 'filter', input: c.x.node, boundary: c.boundary, cval: c.cval, terms, combine, shape: c.x.shape, dtype: c.x.dtype };
  return wrap(n, c.x);
}

/** scipy: one correlate1d pass per axis whose sigma > 1e-15; `orders` per axis. */
function gaussianPasses(sigmas: number[], orders: number[], truncate: number): FilterPassSpec[] {
  const passes: FilterPassSpec[] = [];
  sigmas.forEach((sigma, axis) => {
    if (!(sigma > 1e-15)) return;
    const radius = Math.trunc(truncate * sigma + 0.5);
    const weights = gaussianKernel(sigma, orders[axis], radius).reverse();
    passes.push({ kind: 'correlate1d', axis, size: weights.length, origin: 0, weights });
  });
  return passes;
}

function checkTruncate(op: string, value: unknown): number {
  const t = value ?? 4;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw invalidArgument(`${op}: truncate must be a finite number >= 0, got ${describe(t)}`);
  return t;
}

const nonNegative = (v: number): boolean => Number.isFinite(v) && v >= 0;
const positiveInt = (v: number): boolean => Number.isSafeInteger(v) && v >= 1;

/**
 * Neighbourhood filter: Gaussian smoothing with standard deviation `sigma` (per axis or for all), as `scipy.ndimage.gaussian_filter`; lazy, each region read with the halo it needs.
 * @example
 * ```ts
 * const smooth = ops.gaussianFilter(a, 2); // or a.gaussianFilter(2)
 * ```
 */
export function gaussianFilter(a: DynamicArray, sigma: number | number[], options: GaussianOptions = {}): DynamicArray {
  const op = 'gaussianFilter';
  const c = checkCommon(op, a, options, ['boundary', 'cval', 'truncate', 'order']);
  const sigmas = perAxis(op, 'sigma', sigma, c.x.ndim, nonNegative, '>= 0');
  const orders = perAxis(op, 'order', c.opts.order ?? 0, c.x.ndim, (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0');
  const passes = gaussianPasses(sigmas, orders, checkTruncate(op, c.opts.truncate));
  return passes.length === 0 ? c.x : node(c, [{ passes }], 'none');
}

function sizeFilter(op: string, kind: 'uniform1d' | 'minimum1d' | 'maximum1d', a: DynamicArray, size: number | number[], options: FilterOptions, dilation = false): DynamicArray {
  const c = checkCommon(op, a, options, ['boundary', 'cval']);
  const sizes = perAxis(op, 'size', size, c.x.ndim, positiveInt, 'an integer >= 1');
  const passes: FilterPassSpec[] = [];
  // grey_dilation mirrors the window: origin -1 on even sizes.
  sizes.forEach((s, axis) => { if (s > 1) passes.push({ kind, axis, size: s, origin: dilation && s % 2 === 0 ? -1 : 0 }); });
  return passes.length === 0 ? c.x : node(c, [{ passes }], 'none');
}

/**
 * Neighbourhood filter: the mean over a `size` box, as `scipy.ndimage.uniform_filter`; lazy, each region read with the halo it needs.
 */
export function uniformFilter(a: DynamicArray, size: number | number[], options: FilterOptions = {}): DynamicArray {
  return sizeFilter('uniformFilter', 'uniform1d', a, size, options);
}
/**
 * Neighbourhood filter: the minimum over a `size` box, as `scipy.ndimage.minimum_filter`; lazy, each region read with the halo it needs.
 */
export function minimumFilter(a: DynamicArray, size: number | number[], options: FilterOptions = {}): DynamicArray {
  return sizeFilter('minimumFilter', 'minimum1d', a, size, options);
}
/**
 * Neighbourhood filter: the maximum over a `size` box, as `scipy.ndimage.maximum_filter`; lazy, each region read with the halo it needs.
 */
export function maximumFilter(a: DynamicArray, size: number | number[], options: FilterOptions = {}): DynamicArray {
  return sizeFilter('maximumFilter', 'maximum1d', a, size, options);
}
/**
 * Neighbourhood filter: grey erosion with a flat `size` box, as `scipy.ndimage.grey_erosion`; lazy, each region read with the halo it needs.
 */
export function greyErosion(a: DynamicArray, size: number | number[], options: FilterOptions = {}): DynamicArray {
  return sizeFilter('greyErosion', 'minimum1d', a, size, options);
}
/**
 * Neighbourhood filter: grey dilation with a flat `size` box, as `scipy.ndimage.grey_dilation`; lazy, each region read with the halo it needs.
 */
export function greyDilation(a: DynamicArray, size: number | number[], options: FilterOptions = {}): DynamicArray {
  return sizeFilter('greyDilation', 'maximum1d', a, size, options, true);
}

/**
 * Neighbourhood filter: the median over a `size` box, as `scipy.ndimage.median_filter`; lazy, each region read with the halo it needs.
 */
export function medianFilter(a: DynamicArray, size: number | number[], options: FilterOptions = {}): DynamicArray {
  const op = 'medianFilter';
  const c = checkCommon(op, a, options, ['boundary', 'cval']);
  const window = perAxis(op, 'size', size, c.x.ndim, positiveInt, 'an integer >= 1');
  const count = window.reduce((p, s) => p * s, 1);
  if (count === 1) return c.x;
  return node(c, [{ passes: [{ kind: 'rank', window, origin: window.map(() => 0), rank: Math.floor(count / 2) }] }], 'none');
}

function checkWeights(op: string, weights: unknown, ndim: number): { shape: number[]; values: number[] } {
  const w = weights as NdArray;
  if (!w || typeof w !== 'object' || !Array.isArray(w.shape) || !ArrayBuffer.isView(w.data)) {
    throw invalidArgument(`${op}: weights must be an NdArray ({ data, shape, dtype }), got ${describe(weights)}`);
  }
  if (w.shape.length !== ndim) throw invalidArgument(`${op}: weights has ${w.shape.length} axes, the array ${ndim}; they must match`);
  if (isComplex(w.dtype as DType)) throw invalidArgument(`${op}: weights must be real, got ${w.dtype}`);
  const count = w.shape.reduce((p, s) => p * s, 1);
  if (!w.shape.every((s) => Number.isSafeInteger(s) && s >= 1) || w.data.length !== count) {
    throw invalidArgument(`${op}: weights shape [${w.shape.join(', ')}] must be positive and match its ${w.data.length} values`);
  }
  const values = Array.from(w.data as ArrayLike<number | bigint>, (v) => Number(v));
  if (!values.every(Number.isFinite)) throw invalidArgument(`${op}: weights must be finite`);
  return { shape: w.shape.slice(), values };
}

/**
 * Neighbourhood filter: correlation with the `weights` kernel, as `scipy.ndimage.correlate`; lazy, each region read with the halo it needs.
 */
export function correlate(a: DynamicArray, weights: NdArray, options: FilterOptions = {}): DynamicArray {
  const c = checkCommon('correlate', a, options, ['boundary', 'cval']);
  const w = checkWeights('correlate', weights, c.x.ndim);
  return node(c, [{ passes: [{ kind: 'correlate', window: w.shape, origin: w.shape.map(() => 0), weights: w.values }] }], 'none');
}

/**
 * Neighbourhood filter: convolution with the `weights` kernel, as `scipy.ndimage.convolve`; lazy, each region read with the halo it needs.
 */
export function convolve(a: DynamicArray, weights: NdArray, options: FilterOptions = {}): DynamicArray {
  const c = checkCommon('convolve', a, options, ['boundary', 'cval']);
  const w = checkWeights('convolve', weights, c.x.ndim);
  // scipy: correlate with every axis of the weights reversed, origin shifted by one on even axes.
  const origin = w.shape.map((s) => (s % 2 === 0 ? -1 : 0));
  return node(c, [{ passes: [{ kind: 'correlate', window: w.shape, origin, weights: w.values.reverse() }] }], 'none');
}

/**
 * Neighbourhood filter: the discrete Laplacian (second differences summed over axes), as `scipy.ndimage.laplace`; lazy, each region read with the halo it needs.
 */
export function laplace(a: DynamicArray, options: FilterOptions = {}): DynamicArray {
  const c = checkCommon('laplace', a, options, ['boundary', 'cval']);
  if (c.x.ndim === 0) return c.x;
  const terms = c.x.shape.map((_, axis) => ({ passes: [{ kind: 'correlate1d' as const, axis, size: 3, origin: 0, weights: [1, -2, 1] }] }));
  return node(c, terms, 'sum');
}

function gaussianDerivatives(op: string, a: DynamicArray, sigma: number | number[], options: GaussianDerivativeOptions, order: number, combine: 'sum' | 'magnitude'): DynamicArray {
  const c = checkCommon(op, a, options, ['boundary', 'cval', 'truncate']);
  const sigmas = perAxis(op, 'sigma', sigma, c.x.ndim, nonNegative, '>= 0');
  const truncate = checkTruncate(op, c.opts.truncate);
  if (c.x.ndim === 0) return c.x;
  const terms = c.x.shape.map((_, axis) => ({ passes: gaussianPasses(sigmas, sigmas.map((_s, i) => (i === axis ? order : 0)), truncate) }));
  return node(c, terms, combine);
}

/**
 * Neighbourhood filter: the Laplacian of a Gaussian of `sigma`, as `scipy.ndimage.gaussian_laplace`; lazy, each region read with the halo it needs.
 */
export function gaussianLaplace(a: DynamicArray, sigma: number | number[], options: GaussianDerivativeOptions = {}): DynamicArray {
  return gaussianDerivatives('gaussianLaplace', a, sigma, options, 2, 'sum');
}

/**
 * Neighbourhood filter: the gradient magnitude of a Gaussian of `sigma`, as `scipy.ndimage.gaussian_gradient_magnitude`; lazy, each region read with the halo it needs.
 */
export function gaussianGradientMagnitude(a: DynamicArray, sigma: number | number[], options: GaussianDerivativeOptions = {}): DynamicArray {
  return gaussianDerivatives('gaussianGradientMagnitude', a, sigma, options, 1, 'magnitude');
}
