/**
 * Runs a lazy graph as one native job: compute() fills one C-order buffer;
 * whole-array reductions (several per job), histograms and unique fold
 * every region into their result. Regions come from
 * the shared planner, aligned to the root's chunks when it has them.
 */
import { constants } from 'node:buffer';
import os from 'node:os';
import { DynaZarrError, invalidArgument } from '../errors';
import { allocate, allocateUnfilled, isComplex, itemSize, lanes, type DType, type NdArray, type TypedArray } from '../dtype';
import { bytesPerRootElement, sizeOf, type LazyNode } from '../graph/nodes';
import type { JobResult, ReduceOpName, SinkSpec } from './job-spec';
import { fromHalfBits } from '../metadata/fill-value';
import { native } from './native';
import { haloRegionBytes } from './halo-budget';
import { planRegions } from './region-plan';
import { fastReadSpec } from './fast-read';
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

async function run(root: LazyNode, sink: SinkSpec, output: ArrayBufferView | null, opts: ExecOptions, callerStack: string): Promise<JobResult> {
  const threads = opts.threads ?? native().defaultThreads();
  const evaluated = await evaluateUserFunctions(root, { signal: opts.signal, threads, regionSizeMb: opts.regionSizeMb });
  try {
    const node = evaluated.node;
    const { spec, buffers } = toJobFromNode(node, sink, regionShapeFor(node, opts), threads, opts.regionSizeMb ?? DEFAULT_REGION_MB);
    return await runJob(spec, buffers, output, { signal: opts.signal, callerStack });
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
  const fast = fastReadSpec(node, opts.regionSizeMb ?? DEFAULT_REGION_MB);
  if (fast) {
    // A small plain read: one region, decoded straight into the result (lib/job/fast-read.ts).
    const data = allocateUnfilled(node.dtype, sizeOf(node.shape));
    await runJob(fast, [], data, { signal: opts.signal, callerStack });
    return { data, shape: node.shape.slice(), dtype: node.dtype };
  }
  if (node.kind === 'histogram' && node.output === 'counts') {
    // Counted in parallel regions of the input (the histogram sink).
    const { counts } = await evaluateHistogram(node.input, node.bins, node.range, { ...opts, align: node.inputChunks ?? null }, callerStack);
    return counts;
  }
  if (node.kind === 'reduce' && node.shape.length === 0) {
    // A whole-array reduction: in parallel regions of its input (the reduce
    // sink) rather than as one region of a 0-d root.
    const spec: ReductionSpec = { op: node.op, dtype: node.input.dtype, outDtype: node.dtype, ...(node.ddof ? { ddof: node.ddof } : {}) };
    const [data] = await runReductions(node.input, [spec], { ...opts, align: node.inputChunks ?? null }, callerStack);
    return { data, shape: [], dtype: node.dtype };
  }
  const data = allocateOutput(node.dtype, node.shape);
  if (data.length > 0 || node.shape.length === 0) await run(node, { kind: 'compute' }, data, opts, callerStack);
  return { data, shape: node.shape.slice(), dtype: node.dtype };
}

export interface ReductionSpec {
  op: ReduceOpName;
  /** The dtype the reduction folds (the input's values cast to it). */
  dtype: DType;
  /** Its result dtype. */
  outDtype: DType;
  ddof?: number;
}

/** Several whole-array reductions of `input` in one job (one read); one 1-element array per reduction. */
export async function runReductions(input: LazyNode, reductions: ReductionSpec[], opts: ExecOptions, callerStack: string): Promise<TypedArray[]> {
  const slot = 16;
  const out = new Uint8Array(slot * reductions.length);
  const sink: SinkSpec = {
    kind: 'reduce',
    reductions: reductions.map((r) => (r.ddof === undefined ? { op: r.op, dtype: r.dtype } : { op: r.op, dtype: r.dtype, ddof: r.ddof })),
  };
  await run(input, sink, out, opts, callerStack);
  return reductions.map((r, i) => {
    const one = allocate(r.outDtype, 1);
    new Uint8Array(one.buffer, one.byteOffset, one.byteLength).set(out.subarray(i * slot, i * slot + one.byteLength));
    return one;
  });
}

/** np.histogram of every element of `input` over a known range: counts (int64) and edges (float64). */
export async function runHistogramJob(input: LazyNode, bins: number, range: [number, number], autoRange: boolean, opts: ExecOptions, callerStack: string): Promise<{ counts: NdArray; edges: NdArray }> {
  const out = new ArrayBuffer(8 * bins + 8 * (bins + 1));
  await run(input, { kind: 'histogram', bins, range, autoRange }, new Uint8Array(out), opts, callerStack);
  return {
    counts: { data: new BigInt64Array(out, 0, bins), shape: [bins], dtype: 'int64' },
    edges: { data: new Float64Array(out, 8 * bins, bins + 1), shape: [bins + 1], dtype: 'float64' },
  };
}

/** The sorted distinct values of `input` (at most `capacity`, else ERR_ZARR_LIMIT). */
export async function runUniqueJob(input: LazyNode, capacity: number, opts: ExecOptions, callerStack: string): Promise<NdArray> {
  const result = await run(input, { kind: 'unique', capacity }, null, opts, callerStack);
  const bytes = result.result ? new Uint8Array(result.result) : new Uint8Array(0);
  const data = allocate(input.dtype, bytes.byteLength / itemSize(input.dtype));
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
  return { data, shape: [data.length / (isComplex(input.dtype) ? 2 : 1)], dtype: input.dtype };
}

/**
 * np.histogram's counts and edges of `input`, evaluated in parallel regions:
 * with no range, the data's min and max first (one job, one read), then the counts.
 */
export async function evaluateHistogram(input: LazyNode, bins: number, range: [number, number] | null, opts: ExecOptions, callerStack: string): Promise<{ counts: NdArray; edges: NdArray }> {
  if (range) return runHistogramJob(input, bins, range, false, opts, callerStack);
  if (sizeOf(input.shape) === 0) return runHistogramJob(input, bins, [0, 1], true, opts, callerStack);
  const spec = (op: 'min' | 'max'): ReductionSpec => ({ op, dtype: input.dtype, outDtype: input.dtype });
  const [lo, hi] = await runReductions(input, [spec('min'), spec('max')], opts, callerStack);
  const value = (t: TypedArray): number => (input.dtype === 'float16' ? fromHalfBits(Number(t[0])) : Number(t[0]));
  const found: [number, number] = [value(lo), value(hi)];
  if (!found.every(Number.isFinite)) throw invalidArgument(`histogram: autodetected range of [${found[0]}, ${found[1]}] is not finite`);
  return runHistogramJob(input, bins, found, true, opts, callerStack);
}
