/**
 * Evaluates the user-function nodes (mapBlocks, mapOverlap) of a graph
 * before the native job that needs them, so JavaScript never sits inside an
 * engine job and no engine thread ever waits for JavaScript.
 *
 * Design (why not a "host" source the engine calls back): an engine task
 * that waited for JS while JS needed the same pool to compute that block's
 * input could deadlock with every pool thread waiting. Here the order is
 * structural instead: for each map node (innermost first), blocks are taken
 * in C order with at most `threads` in flight; each block's input (with its
 * halo, lib/map-blocks/halo.ts) is one small native compute job, the user's
 * function runs on the main thread as soon as that input is ready (order of
 * completion), and its result goes to a temporary uncompressed Zarr store
 * (lib/map-blocks/block-store.ts), one chunk file per block. Then the map node
 * is replaced by a source node reading that store and the downstream job runs
 * as usual, with its own regions. Only the blocks meeting the part of the map
 * the job reads are computed (lib/map-blocks/needed-box.ts); the others stay
 * absent from the store and are never read. Memory: at most `threads` input
 * blocks and results at once, never the whole array. Cost: each needed block
 * is computed once per job (not cached across jobs), and the temporary store
 * costs one write and one read of the map's output.
 *
 * Errors: the function's own error (thrown or rejected) is carried as a
 * UserFunctionError and rethrown unchanged, the same object, by the public
 * entry point (see publicError in lib/errors.ts). An abort stops taking new
 * blocks and rejects with ERR_ZARR_ABORTED. Either way the blocks in flight
 * settle and the temporary stores are removed before the promise settles.
 */
import { itemSize, lanes, typedArrayMatches, type DType, type NdArray } from '../dtype';
import { invalidArgument, UserFunctionError } from '../errors';
import { inputsOf, type LazyNode, type MapLazy } from '../graph/nodes';
import { abortedError } from '../job/run-job';
import { BlockStore } from './block-store';
import { haloNode } from './halo';
import { neededBoxes } from './needed-box';

export interface MapEvalOptions {
  signal?: AbortSignal;
  threads: number;
  regionSizeMb?: number;
}

/** A plain (map-free) graph evaluated into one NdArray. */
export type ComputeNode = (node: LazyNode, opts: { signal?: AbortSignal; threads: number; regionSizeMb?: number }) => Promise<NdArray>;

export interface Evaluated {
  /** The graph with every map node replaced by a source reading its results. */
  node: LazyNode;
  /** Removes the temporary stores; call once the job reading `node` is done. */
  release(): Promise<void>;
}

/** Every node of the graph, inputs before the nodes using them (iterative: deep chains). */
function postOrder(root: LazyNode): LazyNode[] {
  const order: LazyNode[] = [];
  const seen = new Set<LazyNode>();
  const stack: Array<{ node: LazyNode; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.expanded) { stack.pop(); order.push(top.node); continue; }
    if (seen.has(top.node)) { stack.pop(); continue; }
    seen.add(top.node);
    top.expanded = true;
    for (const input of inputsOf(top.node)) if (!seen.has(input)) stack.push({ node: input, expanded: false });
  }
  return order;
}

/** A copy of `node` whose inputs (fields or array entries equal to one of inputsOf(node)) are replaced. */
function withInputs(node: LazyNode, replace: Map<LazyNode, LazyNode>): LazyNode {
  const inputs = inputsOf(node);
  if (inputs.every((i) => replace.get(i) === i)) return node;
  const swap = (v: unknown): unknown => (inputs.includes(v as LazyNode) ? replace.get(v as LazyNode) : v);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = Array.isArray(value) ? value.map(swap) : swap(value);
  return copy as unknown as LazyNode;
}

export async function evaluateMapNodes(root: LazyNode, opts: MapEvalOptions, compute: ComputeNode): Promise<Evaluated> {
  const order = postOrder(root);
  if (!order.some((n) => n.kind === 'map')) return { node: root, release: async () => undefined };
  const stores: BlockStore[] = [];
  const release = async (): Promise<void> => { await Promise.all(stores.map((s) => s.remove())); };
  const replaced = new Map<LazyNode, LazyNode>();
  const need = neededBoxes(root, order);
  try {
    for (const node of order) {
      const rebuilt = withInputs(node, replaced);
      if (rebuilt.kind !== 'map') { replaced.set(node, rebuilt); continue; }
      const store = await BlockStore.create(rebuilt.shape, rebuilt.dtype, rebuilt.map.blocks);
      stores.push(store);
      await fillStore(rebuilt, need.get(node) ?? [], store, opts, compute);
      replaced.set(node, store.node());
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { node: replaced.get(root) as LazyNode, release };
}

/** The grid indices of the blocks meeting any of `boxes`, each once, generated lazily (no list of every block). */
function* blocksMeeting(boxes: Array<Array<[number, number]>>, blocks: number[]): Generator<number[]> {
  const ranges = boxes.map((box) => box.map(([lo, hi], k): [number, number] => [Math.floor(lo / blocks[k]), Math.ceil(hi / blocks[k])]));
  const within = (index: number[], range: Array<[number, number]>): boolean => index.every((i, k) => i >= range[k][0] && i < range[k][1]);
  for (let r = 0; r < ranges.length; r++) {
    const first = ranges[r].map(([lo]) => lo);
    const grid = ranges[r].map(([lo, hi]) => hi - lo);
    const count = grid.reduce((p, g) => p * g, 1);
    for (let flat = 0; flat < count; flat++) {
      const index = unravel(flat, grid).map((i, k) => i + first[k]);
      if (!ranges.slice(0, r).some((earlier) => within(index, earlier))) yield index;
    }
  }
}

/** Runs fn over the blocks of `node` (its input already map-free) that meet the needed boxes, into `store`. */
async function fillStore(node: MapLazy, boxes: Array<Array<[number, number]>>, store: BlockStore, opts: MapEvalOptions, compute: ComputeNode): Promise<void> {
  const { blocks, depth, boundary, cval, fn, what } = node.map;
  const shape = node.shape;
  await runBounded(blocksMeeting(boxes, blocks), opts.threads, opts.signal, async (index) => {
    const start = index.map((i, k) => i * blocks[k]);
    const extent = start.map((s, k) => Math.min(blocks[k], shape[k] - s));
    const input = await compute(haloNode(node.input, start, extent, depth, boundary, cval), { signal: opts.signal, threads: 1, regionSizeMb: opts.regionSizeMb });
    if (opts.signal?.aborted) throw abortedError(opts.signal);
    let out: unknown;
    try {
      out = await fn(input, { start: start.slice() });
    } catch (err) {
      throw new UserFunctionError(err);
    }
    if (opts.signal?.aborted) throw abortedError(opts.signal);
    const expected = input.shape;
    checkResult(out, expected, node.dtype, `${what}: the function's result for the block at start [${start.join(', ')}]`);
    await store.write(index, out.data, expected, depth, extent);
  });
}

function unravel(flat: number, grid: number[]): number[] {
  const index = new Array<number>(grid.length).fill(0);
  for (let k = grid.length - 1; k >= 0; k--) {
    index[k] = flat % grid[k];
    flat = Math.floor(flat / grid[k]);
  }
  return index;
}

/** Runs task for each item with at most `limit` at once; stops taking items at the first failure or an abort. */
async function runBounded<T>(items: Iterator<T>, limit: number, signal: AbortSignal | undefined, task: (item: T) => Promise<void>): Promise<void> {
  let failure: { err: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null) {
      if (signal?.aborted) { failure = { err: abortedError(signal) }; return; }
      const next = items.next();
      if (next.done) return;
      try {
        await task(next.value);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure !== null) throw (failure as { err: unknown }).err;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object';
  return typeof x;
}

function checkResult(out: unknown, shape: number[], dtype: DType, what: string): asserts out is NdArray {
  const o = out as NdArray | null;
  if (!o || typeof o !== 'object' || !ArrayBuffer.isView(o.data) || !Array.isArray(o.shape)) {
    throw invalidArgument(`${what} must be an NdArray { data, shape, dtype }, got ${describe(out)}`);
  }
  if (o.dtype !== dtype) throw invalidArgument(`${what} has dtype ${String(o.dtype)}, expected ${dtype} (set options.dtype for another output dtype)`);
  if (o.shape.length !== shape.length || o.shape.some((s, k) => s !== shape[k])) {
    throw invalidArgument(`${what} has shape [${o.shape.join(', ')}], expected [${shape.join(', ')}] (the shape of the block it was given)`);
  }
  const count = shape.reduce((p, s) => p * s, 1);
  if (!typedArrayMatches(dtype, o.data) || o.data.length !== count * lanes(dtype)) {
    throw invalidArgument(`${what}: its data must be a ${dtype} typed array of ${count * lanes(dtype)} elements (${count * itemSize(dtype)} bytes), got a ${o.data.constructor.name} of ${o.data.length}`);
  }
}
