/**
 * mapBlocks and mapOverlap: the user's JavaScript function applied per
 * block, the one place where JavaScript runs per block, by the user's choice.
 * Like dask's map_blocks with same-shape blocks: the function returns a block
 * of the shape it was given, so the output has the input's shape; its dtype
 * is options.dtype, else the input's. Blocks are the array's chunk grid (or
 * options.chunks; without either, the chunks io.write would choose). The
 * result is lazy and composes with every operation; how it is evaluated is
 * explained in lib/map-blocks/materialize.ts.
 *
 * mapOverlap hands the function each block with a halo of `depth` elements
 * on each side (dask's map_overlap with trim): inside the array the halo
 * holds the neighbours' values, at the array's edges the `boundary` mode's
 * (scipy.ndimage names, 'reflect' by default; 'constant' uses cval). The
 * function returns the block with its halo; the interior is kept. info.start
 * is the start of the block itself (its halo starts `depth` earlier).
 */
import { DynamicArray } from '../dynamic-array';
import { isDType, type DType, type NdArray } from '../dtype';
import { invalidArgument } from '../errors';
import type { MapBoundary, MapLazy } from '../graph/nodes';
import { defaultChunks } from '../write/write-options';
import { checkArray, describe } from './common';

/**
 * Your function for mapBlocks/mapOverlap: one block in (C order, with its position `start` in the array), the block's result out (same shape), sync or async.
 */
export type BlockFunction = (block: NdArray, info: { start: number[] }) => NdArray | Promise<NdArray>;

/** Options of mapBlocks(). */
export interface MapBlocksOptions {
  /** The result's dtype (default: the input's). */
  dtype?: DType;
  /** The block grid (default: the array's chunks). */
  chunks?: number[];
}

/** Options of mapOverlap(): those of mapBlocks, and how the halo is filled at the edges. */
export interface MapOverlapOptions extends MapBlocksOptions {
  /** scipy.ndimage's mode for the halo beyond the array's edges (default 'reflect'). */
  boundary?: MapBoundary;
  /** The value of the halo beyond the edges for boundary 'constant' (default 0). */
  cval?: number;
}

const BOUNDARIES: readonly MapBoundary[] = ['reflect', 'nearest', 'mirror', 'wrap', 'constant'];

function checkOptions(options: unknown, allowed: string[], what: string): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalidArgument(`${what}: options must be an object, got ${describe(options)}`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw invalidArgument(`${what}: unknown option "${key}" (expected ${allowed.join(', ')})`);
  }
  return o;
}

function blockGrid(x: DynamicArray, chunks: unknown, what: string): number[] {
  if (chunks === undefined || chunks === null) {
    const own = x.chunks ?? defaultChunks(x.shape, x.dtype, null);
    return own.map((c, k) => Math.max(1, Math.min(c, x.shape[k])));
  }
  if (!Array.isArray(chunks) || chunks.length !== x.ndim || !chunks.every((c) => Number.isSafeInteger(c) && c >= 1)) {
    throw invalidArgument(`${what}: options.chunks must be ${x.ndim} positive integers, got ${JSON.stringify(chunks)}`);
  }
  return chunks.map((c, k) => Math.max(1, Math.min(c, x.shape[k])));
}

function build(a: unknown, fn: unknown, what: string, o: Record<string, unknown>, depth: (x: DynamicArray) => number[]): DynamicArray {
  const x = checkArray(a, `${what}(a)`);
  if (typeof fn !== 'function') throw invalidArgument(`${what}: fn must be a function, got ${describe(fn)}`);
  if (o.dtype !== undefined && !isDType(o.dtype)) throw invalidArgument(`${what}: options.dtype must be a Zarr v3 dtype name, got ${describe(o.dtype)}`);
  const boundary = o.boundary ?? 'reflect';
  if (!BOUNDARIES.includes(boundary as MapBoundary)) {
    throw invalidArgument(`${what}: options.boundary must be one of ${BOUNDARIES.join(', ')}, got ${JSON.stringify(boundary)}`);
  }
  if (o.cval !== undefined && typeof o.cval !== 'number') throw invalidArgument(`${what}: options.cval must be a number, got ${describe(o.cval)}`);
  const dtype = (o.dtype as DType | undefined) ?? x.dtype;
  const blocks = blockGrid(x, o.chunks, what);
  const node: MapLazy = {
    kind: 'map', input: x.node, shape: x.shape, dtype,
    map: { what, fn: fn as BlockFunction, blocks, depth: depth(x), boundary: boundary as MapBoundary, cval: (o.cval as number | undefined) ?? 0 },
  };
  return DynamicArray.derived(node, { chunks: blocks, dimensionNames: x.dimensionNames });
}

/** fn(block, { start }) per block of a's chunk grid (or options.chunks); same-shape blocks. */
export function mapBlocks(a: DynamicArray, fn: BlockFunction, options?: MapBlocksOptions): DynamicArray {
  const o = checkOptions(options, ['dtype', 'chunks'], 'mapBlocks');
  return build(a, fn, 'mapBlocks', o, (x) => x.shape.map(() => 0));
}

/** fn(block with a halo of depth, { start }) per block; the halo is trimmed from what fn returns. */
export function mapOverlap(a: DynamicArray, fn: BlockFunction, depth: number | number[], options?: MapOverlapOptions): DynamicArray {
  const o = checkOptions(options, ['dtype', 'chunks', 'boundary', 'cval'], 'mapOverlap');
  return build(a, fn, 'mapOverlap', o, (x) => {
    const list = typeof depth === 'number' ? x.shape.map(() => depth) : depth;
    if (!Array.isArray(list) || list.length !== x.ndim || !list.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw invalidArgument(`mapOverlap: depth must be a non-negative integer or ${x.ndim} of them (one per axis), got ${JSON.stringify(depth)}`);
    }
    return list.slice();
  });
}
