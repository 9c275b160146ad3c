/** Shared argument checks and NumPy broadcasting for the operations. */
import { DynamicArray } from '../dynamic-array';
import { invalidArgument } from '../errors';
import { makeView, type LazyNode, type ViewAxis } from '../graph/nodes';

export function checkArray(x: unknown, what: string): DynamicArray {
  if (!(x instanceof DynamicArray)) throw invalidArgument(`${what} must be a DynamicArray, got ${describe(x)}`);
  return x;
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object';
  return `${typeof x} ${String(x)}`;
}

export function checkInt(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) throw invalidArgument(`${what} must be an integer, got ${describe(x)}`);
  return x;
}

/** A possibly negative axis of an ndim-dimensional array, normalised (NumPy's AxisError → invalid argument). */
export function normalizeAxis(axis: unknown, ndim: number, what = 'axis'): number {
  const a = checkInt(axis, what);
  if (a < -ndim || a >= ndim) throw invalidArgument(`${what} ${a} is out of bounds for array of dimension ${ndim}`);
  return a < 0 ? a + ndim : a;
}

/** number | number[] | undefined → sorted distinct axes (undefined: all axes). */
export function normalizeAxes(axis: unknown, ndim: number, what = 'axis'): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out = list.map((a) => normalizeAxis(a, ndim, what));
  if (new Set(out).size !== out.length) throw invalidArgument(`${what} has a repeated axis: ${JSON.stringify(axis)}`);
  return out.sort((x, y) => x - y);
}

export function checkShape(shape: unknown, what: string): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(list) || !list.every((s) => Number.isSafeInteger(s))) {
    throw invalidArgument(`${what} must be an array of integers, got ${describe(shape)}`);
  }
  return list as number[];
}

/** NumPy broadcasting of several shapes. */
export function broadcastShapes(shapes: number[][], what: string): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 0; k < ndim; k++) {
    let n = 1;
    for (const s of shapes) {
      const d = s[s.length - ndim + k] ?? 1;
      if (d === 1) continue;
      if (n !== 1 && n !== d) {
        throw invalidArgument(`${what}: operands could not be broadcast together with shapes ${shapes.map((x) => `(${x.join(',')})`).join(' ')}`);
      }
      n = d;
    }
    out.push(s0(shapes, ndim, k, n));
  }
  return out;
}

function s0(shapes: number[][], ndim: number, k: number, n: number): number {
  // An axis where every operand has length 1 or 0: NumPy takes 0 if any is 0.
  if (n !== 1) return n;
  return shapes.some((s) => s[s.length - ndim + k] === 0) ? 0 : 1;
}

/** `node` broadcast to `shape` through one view (step 0 on stretched axes, new leading axes). */
export function broadcastTo(node: LazyNode, shape: number[]): LazyNode {
  const lead = shape.length - node.shape.length;
  const axes: ViewAxis[] = shape.map((n, j) => {
    if (j < lead) return { input: -1, start: 0, step: 0 };
    const i = j - lead;
    return node.shape[i] === n ? { input: i, start: 0, step: 1 } : { input: i, start: 0, step: 0 };
  });
  return makeView(node, shape, axes, node.shape.map(() => null));
}

/** Chunks of the first array whose shape is `shape` (for derived metadata). */
export function chunksLike(arrays: DynamicArray[], shape: number[]): number[] | null {
  const same = arrays.find((a) => a.ndim === shape.length && a.shape.every((s, i) => s === shape[i]) && a.chunks);
  return same ? (same.chunks as number[]) : null;
}

export function wrap(node: LazyNode, like?: DynamicArray | null, chunks?: number[] | null): DynamicArray {
  return DynamicArray.derived(node, { chunks: chunks === undefined ? like?.chunks ?? null : chunks, dimensionNames: like?.dimensionNames ?? null });
}
