/**
 * The in-memory lazy graph: immutable nodes that point at their inputs by
 * reference (shared sub-graphs are shared objects). They mirror the node
 * kinds of lib/job-spec.ts one to one; lib/to-native-spec.ts numbers them.
 * Building a node is O(ndim) work, never O(data).
 */
import { itemSize, type DType } from './dtype';
import type { SourceInfo } from './source-info';
import type { ElementwiseNode, FilterNode, RemapNode, ReduceNode, ViewNode } from './job-spec';

interface Base {
  readonly shape: number[];
  readonly dtype: DType;
}

export interface SourceLazy extends Base { kind: 'source'; info: SourceInfo }
export interface ViewLazy extends Base { kind: 'view'; input: LazyNode; axes: ViewNode['axes']; fixed: ViewNode['fixed'] }
export interface EwLazy extends Base { kind: 'ew'; op: ElementwiseNode['op']; args: Array<LazyNode | string | null>; decimals?: number }
export interface ConcatLazy extends Base { kind: 'concat'; inputs: LazyNode[]; axis: number }
export interface ReshapeLazy extends Base { kind: 'reshape'; input: LazyNode }
export interface RemapLazy extends Base { kind: 'remap'; input: LazyNode; axes: RemapNode['axes']; fillValue?: string }
export interface ReduceLazy extends Base { kind: 'reduce'; input: LazyNode; op: ReduceNode['op']; axes: number[] }

export interface FilterLazy extends Base {
  kind: 'filter'; input: LazyNode; boundary: FilterNode['boundary']; cval: string; terms: FilterNode['terms']; combine: FilterNode['combine'];
}

export type LazyNode = SourceLazy | ViewLazy | EwLazy | ConcatLazy | ReshapeLazy | RemapLazy | ReduceLazy | FilterLazy;

export const sizeOf = (shape: number[]): number => shape.reduce((p, s) => p * s, 1);

/** The node's inputs that are nodes (for traversals). */
export function inputsOf(node: LazyNode): LazyNode[] {
  switch (node.kind) {
    case 'source': return [];
    case 'ew': return node.args.filter((a): a is LazyNode => a !== null && typeof a === 'object');
    case 'concat': return node.inputs;
    default: return [node.input];
  }
}

/** `node` as dtype: itself when it already is, else an elementwise cast. */
export function castNode(node: LazyNode, dtype: DType): LazyNode {
  if (node.dtype === dtype) return node;
  return { kind: 'ew', op: 'cast', args: [node], shape: node.shape, dtype };
}

export type ViewAxis = ViewNode['axes'][number];

/**
 * A view of `input`, composed with `input` when that is a view itself, so a
 * chain of selections/transposes/broadcasts reads its source through ONE view.
 * Identity views vanish.
 */
export function makeView(input: LazyNode, shape: number[], axes: ViewAxis[], fixed: Array<number | null>): LazyNode {
  if (input.kind === 'view') {
    const inner = input;
    const outFixed = inner.fixed.slice();
    const used = new Set<number>();
    const outAxes = axes.map((ax): ViewAxis => {
      if (ax.input < 0) return { input: -1, start: 0, step: 0 };
      used.add(ax.input);
      const a = inner.axes[ax.input];
      if (a.input < 0) return { input: -1, start: 0, step: 0 };
      return { input: a.input, start: a.start + a.step * ax.start, step: a.step * ax.step };
    });
    inner.axes.forEach((a, j) => {
      // An axis of the inner view that the outer view fixes (integer index).
      if (!used.has(j) && a.input >= 0) outFixed[a.input] = a.start + a.step * (fixed[j] ?? 0);
    });
    return makeView(inner.input, shape, outAxes, outFixed);
  }
  const identity = shape.length === input.shape.length && fixed.every((f) => f === null)
    && axes.every((a, j) => a.input === j && a.start === 0 && (a.step === 1 || shape[j] <= 1) && shape[j] === input.shape[j]);
  if (identity) return input;
  return { kind: 'view', input, shape, dtype: input.dtype, axes, fixed };
}

/**
 * Bytes held per root element while one region is evaluated: every node's
 * element size, weighted by how many of its elements one root element needs
 * (a reduction needs its whole reduced extent). Shared nodes count once.
 */
export function bytesPerRootElement(root: LazyNode): number {
  const factor = new Map<LazyNode, number>();
  const order: LazyNode[] = [];
  const stack: Array<[LazyNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, f] = stack.pop() as [LazyNode, number];
    const seen = factor.get(node);
    if (seen !== undefined && seen >= f) continue;
    if (seen === undefined) order.push(node);
    factor.set(node, f);
    const inner = node.kind === 'reduce' ? f * Math.max(1, sizeOf(node.axes.map((a) => node.input.shape[a]))) : f;
    for (const input of inputsOf(node)) stack.push([input, inner]);
  }
  let total = 0;
  for (const node of order) total += itemSize(node.dtype) * (factor.get(node) as number);
  return Math.max(1, total);
}
