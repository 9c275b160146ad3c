/**
 * Runs a lazy graph as one native job: compute() fills one C-order buffer,
 * whole-array reductions fold every region into one value. Regions come from
 * the shared planner, aligned to the root's chunks when it has them.
 */
import { constants } from 'node:buffer';
import os from 'node:os';
import { DynaZarrError } from '../errors';
import { allocate, itemSize, lanes, type DType, type NdArray, type TypedArray } from '../dtype';
import { bytesPerRootElement, sizeOf, type LazyNode } from '../graph/nodes';
import type { SinkSpec } from './job-spec';
import { native } from './native';
import { planRegions } from './region-plan';
import { runJob } from './run-job';
import { toJobFromNode } from './to-job';
import { evaluateMapNodes, type ComputeNode, type Evaluated, type MapEvalOptions } from '../map-blocks/materialize';

export interface ExecOptions {
  signal?: AbortSignal;
  threads?: number;
  regionSizeMb?: number;
  /** Region alignment (the root's chunks); default: none. */
  align?: number[] | null;
}

const DEFAULT_REGION_MB = 16;

function regionShapeFor(node: LazyNode, opts: ExecOptions): number[] {
  const align = opts.align && opts.align.length === node.shape.length ? opts.align.map((a) => Math.max(1, a)) : node.shape.map(() => 1);
  return planRegions({
    shape: node.shape, align, bytesPerElement: bytesPerRootElement(node), regionSizeMb: opts.regionSizeMb ?? DEFAULT_REGION_MB,
  });
}

async function run(root: LazyNode, sink: SinkSpec, output: TypedArray, opts: ExecOptions, callerStack: string): Promise<void> {
  const threads = opts.threads ?? native().defaultThreads();
  const evaluated = await evaluateUserFunctions(root, { signal: opts.signal, threads, regionSizeMb: opts.regionSizeMb });
  try {
    const node = evaluated.node;
    const { spec, buffers } = toJobFromNode(node, sink, regionShapeFor(node, opts), threads, opts.regionSizeMb ?? DEFAULT_REGION_MB);
    await runJob(spec, buffers, output, { signal: opts.signal, callerStack });
  } finally {
    await evaluated.release();
  }
}

/** A map-free graph into one NdArray (the block inputs of mapBlocks/mapOverlap). */
const computePlain: ComputeNode = async (node, opts) => {
  const data = allocateOutput(node.dtype, node.shape);
  if (data.length > 0 || node.shape.length === 0) {
    const { spec, buffers } = toJobFromNode(node, { kind: 'compute' }, regionShapeFor(node, opts), opts.threads, opts.regionSizeMb ?? DEFAULT_REGION_MB);
    await runJob(spec, buffers, data, { signal: opts.signal });
  }
  return { data, shape: node.shape.slice(), dtype: node.dtype };
};

/**
 * `root` with its mapBlocks/mapOverlap nodes evaluated into temporary stores
 * (lib/map-blocks/materialize.ts); release() once the job reading it is done.
 */
export function evaluateUserFunctions(root: LazyNode, opts: MapEvalOptions): Promise<Evaluated> {
  return evaluateMapNodes(root, opts, computePlain);
}

/**
 * The one buffer compute() returns. Refused with ERR_ZARR_LIMIT, saying how
 * many bytes it would need, when its typed array would be longer than the
 * runtime allows (buffer.constants.MAX_LENGTH elements), when it is larger
 * than this machine's memory, or when the allocation itself fails.
 */
function allocateOutput(dtype: DType, shape: number[]): TypedArray {
  const count = sizeOf(shape);
  const bytes = count * itemSize(dtype);
  const refuse = (why: string): DynaZarrError => new DynaZarrError('ERR_ZARR_LIMIT',
    `compute() of shape [${shape.join(', ')}] ${dtype} would need ${bytes} bytes in one buffer, ${why}; compute a slice, or io.write it instead`);
  if (count * lanes(dtype) > constants.MAX_LENGTH) throw refuse(`more than the ${constants.MAX_LENGTH} elements a typed array may have`);
  if (bytes > os.totalmem()) throw refuse(`more than this machine's ${os.totalmem()} bytes of memory`);
  try {
    return allocate(dtype, count);
  } catch (err) {
    if (err instanceof RangeError) throw refuse(`which could not be allocated (${err.message})`);
    throw err;
  }
}

export async function runComputeJob(node: LazyNode, opts: ExecOptions, callerStack: string): Promise<NdArray> {
  const data = allocateOutput(node.dtype, node.shape);
  if (data.length > 0 || node.shape.length === 0) await run(node, { kind: 'compute' }, data, opts, callerStack);
  return { data, shape: node.shape.slice(), dtype: node.dtype };
}

/** Folds every element of `input` (already of the result dtype) with op; returns a 1-element array. */
export async function runReduceJob(input: LazyNode, op: 'sum' | 'min' | 'max' | 'mean', opts: ExecOptions, callerStack: string): Promise<TypedArray> {
  const out = allocate(input.dtype, 1);
  await run(input, { kind: 'reduce', op }, out, opts, callerStack);
  return out;
}
