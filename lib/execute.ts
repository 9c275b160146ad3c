/**
 * Runs a lazy graph as one native job: compute() fills one C-order buffer,
 * whole-array reductions fold every region into one value. Regions come from
 * the shared planner, aligned to the root's chunks when it has them.
 */
import { constants } from 'node:buffer';
import os from 'node:os';
import { DynaZarrError } from './errors';
import { allocate, itemSize, lanes, type DType, type NdArray, type TypedArray } from './dtype';
import { bytesPerRootElement, sizeOf, type LazyNode } from './graph';
import type { SinkSpec } from './job-spec';
import { native } from './native';
import { haloRegionBytes } from './plan/halo-budget';
import { planRegions } from './plan/region-plan';
import { runJob } from './run-job';
import { toJobFromNode } from './to-native-spec';

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
  const args = {
    shape: node.shape, align, bytesPerElement: bytesPerRootElement(node), regionSizeMb: opts.regionSizeMb ?? DEFAULT_REGION_MB,
    regionBytes: haloRegionBytes(node) ?? undefined,
  };
  try {
    return planRegions(args);
  } catch (err) {
    // Alignment only speeds reads up here: a halo too large for one aligned block may still fit unaligned.
    if (!(err instanceof DynaZarrError && err.code === 'ERR_ZARR_LIMIT') || align.every((a) => a === 1)) throw err;
    return planRegions({ ...args, align: align.map(() => 1) });
  }
}

async function run(node: LazyNode, sink: SinkSpec, output: TypedArray, opts: ExecOptions, callerStack: string): Promise<void> {
  const threads = opts.threads ?? native().defaultThreads();
  const { spec, buffers } = toJobFromNode(node, sink, regionShapeFor(node, opts), threads, opts.regionSizeMb ?? DEFAULT_REGION_MB);
  await runJob(spec, buffers, output, { signal: opts.signal, callerStack });
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
