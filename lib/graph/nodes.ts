/**
 * The in-memory lazy graph: immutable nodes that point at their inputs by
 * reference (shared sub-graphs are shared objects). They mirror the node
 * kinds of lib/job/job-spec.ts one to one; lib/job/to-job.ts numbers them.
 * Building a node is O(ndim) work, never O(data).
 */
import { itemSize, type DType, type NdArray } from '../dtype';
import type { SourceInfo } from '../source-info';
import type { ElementwiseNode, RemapNode, ReduceNode, ScanNode, ViewNode, HistogramNode, CoarsenNode, FilterNode } from '../job/job-spec';

interface Base {
  readonly shape: number[];
  readonly dtype: DType;
}

export interface SourceLazy extends Base { kind: 'source'; info: SourceInfo }
export interface ViewLazy extends Base { kind: 'view'; input: LazyNode; axes: ViewNode['axes']; fixed: ViewNode['fixed'] }
export interface EwLazy extends Base {
  kind: 'ew'; op: ElementwiseNode['op']; args: Array<LazyNode | string | null>; decimals?: number;
  argDtypes?: DType[]; values?: string[]; right?: boolean;
}
export interface ConcatLazy extends Base { kind: 'concat'; inputs: LazyNode[]; axis: number }
export interface ReshapeLazy extends Base { kind: 'reshape'; input: LazyNode }
export interface RemapLazy extends Base { kind: 'remap'; input: LazyNode; axes: RemapNode['axes']; fillValue?: string }
export interface ReduceLazy extends Base {
  kind: 'reduce'; input: LazyNode; op: ReduceNode['op']; axes: number[]; ddof?: number;
  /** The chunks of the array reduced (region alignment when a whole-array reduction runs on its own). */
  inputChunks?: number[] | null;
}
export interface MedianLazy extends Base { kind: 'median'; input: LazyNode; axes: number[] }
export interface HistogramLazy extends Base {
  kind: 'histogram'; input: LazyNode; bins: number; range: [number, number] | null; autoRange?: boolean; output: HistogramNode['output'];
  inputChunks?: number[] | null;
}
/**
 * A user function applied per block (mapBlocks / mapOverlap). It never
 * reaches the engine: lib/map-blocks/materialize.ts evaluates it into a
 * temporary store before the job that reads it (see there).
 */
export interface MapLazy extends Base { kind: 'map'; input: LazyNode; map: MapSpec }

/** Every element is `value` (hex of one element of dtype): zeros, ones, full. */
export interface ConstantLazy extends Base { kind: 'constant'; value: string }
/** Uniform [0, 1) from a counter-based generator of (seed, flat index); seed is decimal uint64 text. */
export interface RandomLazy extends Base { kind: 'random'; seed: string }

/** A running sum/product/max/min along `axis` (input dtype == dtype). */
export interface ScanLazy extends Base { kind: 'scan'; input: LazyNode; op: ScanNode['op']; axis: number }

export interface CoarsenLazy extends Base { kind: 'coarsen'; input: LazyNode; method: CoarsenNode['method']; factors: number[] }

export interface FilterLazy extends Base {
  kind: 'filter'; input: LazyNode; boundary: FilterNode['boundary']; cval: string; terms: FilterNode['terms']; combine: FilterNode['combine'];
}

export type LazyNode = ScanLazy | SourceLazy | ViewLazy | EwLazy | ConcatLazy | ReshapeLazy | RemapLazy | ReduceLazy | ConstantLazy | RandomLazy | MedianLazy | HistogramLazy | MapLazy | CoarsenLazy | FilterLazy;

/** How mapOverlap fills the halo beyond the array's edge (as dask's map_overlap boundary). */
export type MapBoundary = 'reflect' | 'nearest' | 'mirror' | 'wrap' | 'constant';

export interface MapSpec {
  /** 'mapBlocks' or 'mapOverlap', for messages. */
  what: string;
  fn: (block: NdArray, info: { start: number[] }) => NdArray | Promise<NdArray>;
  /** The block grid (output shape = input shape). */
  blocks: number[];
  /** Halo per axis on each side (all 0 for mapBlocks). */
  depth: number[];
  boundary: MapBoundary;
  cval: number;
}

export const sizeOf = (shape: number[]): number => shape.reduce((p, s) => p * s, 1);

/** The node's inputs that are nodes (for traversals). */
export function inputsOf(node: LazyNode): LazyNode[] {
  switch (node.kind) {
    case 'source': case 'constant': case 'random': return [];
    case 'ew': return node.args.filter((a): a is LazyNode => a !== null && typeof a === 'object');
    case 'concat': return node.inputs;
    default: return [node.input];
  }
}

/** Every node reachable from root, each once (shared sub-graphs are visited once). */
export function allNodes(root: LazyNode): LazyNode[] {
  const seen = new Set<LazyNode>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as LazyNode;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...inputsOf(node));
  }
  return [...seen];
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
 * (a reduction needs its whole reduced extent, a coarsen its factors'
 * product). Shared nodes count once.
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
    // A reduction needs its whole reduced extent per output element; a
    // histogram streams its input in bounded slabs whatever its size.
    const inner = node.kind === 'reduce' || node.kind === 'median' ? f * Math.max(1, sizeOf(node.axes.map((a) => node.input.shape[a])))
      : node.kind === 'histogram' ? 1
      : node.kind === 'coarsen' ? f * sizeOf(node.factors) : f;
    for (const input of inputsOf(node)) stack.push([input, inner]);
  }
  let total = 0;
  for (const node of order) total += itemSize(node.dtype) * (factor.get(node) as number);
  return Math.max(1, total);
}
