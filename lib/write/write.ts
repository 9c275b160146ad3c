/**
 * io.write: one native job writes every chunk (or whole shard) of a lazy
 * array into a staging directory next to the target; the metadata is written
 * last and the directory put in place by replace.ts (one rename, or an atomic
 * exchange with the previous array). A failure or an abort removes the
 * staging directory, so no partial array ever appears at the target and an
 * existing one is only replaced once the new one is complete and synced.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Codecs } from '../codecs/codecs';
import type { DynamicArray } from '../dynamic-array';
import { itemSize, type DType } from '../dtype';
import { DynaZarrError, captureCallerStack, invalidArgument, publicError } from '../errors';
import type { JobResult, JobSpec, WriteSink } from '../job/job-spec';
import { encodeFillValue } from '../metadata/fill-value';
import { stringifyJson } from '../metadata/json-text';
import { parseMetadataObject } from '../metadata/document';
import { parseV2Array, v2ArrayMetadata } from '../metadata/v2';
import { parseV3Array, v3ArrayMetadata } from '../metadata/v3';
import { native } from '../job/native';
import { planRegions } from '../job/region-plan';
import { abortedError, runJob } from '../job/run-job';
import { evaluateUserFunctions } from '../job/execute';
import { allNodes, bytesPerRootElement, type LazyNode } from '../graph/nodes';
import type { Evaluated } from '../map-blocks/materialize';
import { toJobFromNode } from '../job/to-job';
import { openZarrNode } from '../read/zarr-node';
import { canonical, isSameOrInside, statIfExists, toLocalPath } from '../read/paths';
import { durableWrites, ioError, moveIntoPlace, recoverInterrupted, stagingPath, syncPath, writeFileDurably } from './replace';
import { haloRegionBytes } from '../job/halo-budget';
import { chunksOfSize } from './chunk-size';
import { fitMemoryBudget } from './memory-budget';
import { remoteUrl } from '../store/remote';
import { writeRemote } from './remote-write';
import { checkBlock, checkWriteOptions, defaultChunks, type WriteOptions } from './write-options';

export type { WriteOptions } from './write-options';

/** What io.write did. */
export interface WriteReport {
  /** The written array's folder. */
  path: string;
  /** Shape of the written array. */
  shape: number[];
  /** Stored dtype. */
  dtype: DType;
  /** Chunk shape. */
  chunks: number[];
  /** Shard shape, null without sharding. */
  shards: number[] | null;
  /** Zarr format written. */
  zarrFormat: 2 | 3;
  /** Regions the engine processed. */
  regions: number;
  /** Chunk or shard files written. */
  chunksWritten: number;
  /** Bytes written to chunk or shard files. */
  bytesWritten: number;
  /** Wall time of the write, in milliseconds. */
  elapsedMs: number;
  /** Problems that did not stop the write, e.g. a previous array that could not be fully removed. */
  warnings: string[];
}

export interface Layout {
  dtype: DType;
  shape: number[];
  chunks: number[];
  shards: number[] | null;
  codecs: Codecs;
  files: Array<[string, string]>;
}

/** Resolves every option against the array into the output layout and its metadata files. */
export function planLayout(array: DynamicArray, src: DynamicArray, o: WriteOptions, format: 2 | 3): Layout {
  const dtype = src.dtype;
  const shape = src.shape;
  const rank = shape.length;
  const chunks = o.chunks ? [...o.chunks]
    : o.chunkSizeMb !== undefined ? chunksOfSize(shape, dtype, array.chunks, o.chunkSizeMb)
      : defaultChunks(shape, dtype, array.chunks);
  checkBlock('chunks', chunks, rank, dtype);
  let shards: number[] | null = null;
  if (o.shardCoefficients) {
    if (o.shardCoefficients.length !== rank) throw invalidArgument(`io.write: shardCoefficients must have ${rank} entries, got ${JSON.stringify(o.shardCoefficients)}`);
    shards = chunks.map((c, i) => c * o.shardCoefficients![i]);
  } else if (format === 3 && !o.chunks && o.chunkSizeMb === undefined && array.shards && array.chunks && array.shards.length === rank
    && chunks.every((c, i) => c === array.chunks![i] && array.shards![i] % c === 0)) {
    // Inherit the input's sharding when its chunks were inherited unchanged.
    shards = [...array.shards];
  }
  if (shards) checkBlock('shard shape (chunks × shardCoefficients)', shards, rank, dtype);

  let codecs = o.compressor !== undefined ? (o.compressor ?? new Codecs({ compressor: null })) : (array.codecs ?? Codecs.default());
  // An input's filters are typed for its dtype: a cast drops them (the compression carries over).
  if (o.compressor === undefined && src.dtype !== array.dtype && codecs.filters.length > 0) codecs = new Codecs({ ...codecs.toJSON(), filters: [] });
  // The input's fill value carries over only when the dtype is unchanged.
  const fillInput = o.fillValue !== undefined ? o.fillValue : (src.dtype === array.dtype ? array.fillValue : null);
  const fill = encodeFillValue(fillInput, dtype);
  if (!fill) throw invalidArgument(`io.write: fillValue ${String(fillInput)} is not a ${dtype} value`);
  if (o.dimensionNames && o.dimensionNames.length !== rank) throw invalidArgument(`io.write: dimensionNames must have ${rank} entries, got ${o.dimensionNames.length}`);
  const inheritedNames = array.dimensionNames;
  const dimensionNames: Array<string | null> | null = o.dimensionNames ?? (inheritedNames && inheritedNames.length === rank ? inheritedNames : null);
  const attributes = { ...(o.attributes ?? array.attributes ?? {}) };

  const files: Array<[string, string]> = [];
  if (format === 2) {
    // Dimension names travel as xarray's _ARRAY_DIMENSIONS attribute in v2.
    if (dimensionNames && dimensionNames.every((d: string | null) => typeof d === 'string')) attributes._ARRAY_DIMENSIONS = dimensionNames;
    files.push(['.zarray', stringifyJson(v2ArrayMetadata({ shape, chunks, dtype, codecs, fill: fill.json, order: o.order, endian: o.endian }))]);
    if (Object.keys(attributes).length > 0) files.push(['.zattrs', stringifyJson(attributes)]);
  } else {
    files.push(['zarr.json', stringifyJson(v3ArrayMetadata({ shape, chunks, shards, dtype, codecs, fill: fill.json, dimensionNames, attributes, endian: o.endian }))]);
  }
  return { dtype, shape, chunks, shards, codecs, files };
}

/** The engine's write sink, parsed back from the very metadata we write, so both always agree. */
export function sinkFor(layout: Layout, format: 2 | 3, dir: string): WriteSink {
  const text = (name: string): string | null => layout.files.find(([n]) => n === name)?.[1] ?? null;
  const info = format === 2 ? parseV2Array(dir, text('.zarray')!, text('.zattrs')) : parseV3Array(dir, parseMetadataObject('zarr.json', text('zarr.json')!));
  const { kind: _kind, ...spec } = info.spec as typeof info.spec & { kind: string };
  return { ...(spec as Omit<WriteSink, 'kind' | 'writeEmptyChunks'>), kind: 'write', writeEmptyChunks: false, fsync: durableWrites() };
}

/** Paths (zarr directories, TIFF files) the graph reads, user-function inputs included. */
export function sourcePaths(root: LazyNode): string[] {
  const out = new Set<string>();
  for (const node of allNodes(root)) {
    if (node.kind === 'source' && 'path' in node.info.spec && typeof node.info.spec.path === 'string') out.add(node.info.spec.path);
  }
  return [...out];
}

/** What may be replaced with overwrite: a Zarr array or group, or an empty directory. */
export async function replaceable(target: string): Promise<boolean> {
  const stat = await statIfExists(target);
  if (!stat?.isDirectory()) return false;
  if (await openZarrNode(target).then((n) => n !== null, () => true)) return true;
  try {
    return (await fs.readdir(target)).length === 0;
  } catch (err) {
    throw ioError('list', target, err);
  }
}

/**
 * The format written: the option, else v3 when shards are asked for, else
 * the input's own format (a Zarr input), else v3.
 */
function outputFormat(array: DynamicArray, o: WriteOptions): 2 | 3 {
  if (o.zarrFormat) return o.zarrFormat;
  if (o.shardCoefficients) return 3;
  return array.zarrFormat ?? 3;
}

/** A write's native job: the spec and the memory buffers it refers to. */
export interface WriteJob {
  spec: JobSpec;
  buffers: ArrayBufferView[];
}

/**
 * Runs a write's job to completion: here, as one native call (io.write), or
 * split among cluster workers (cluster.submitWrite). `dest` names the target in messages.
 */
export type WriteRunner = (job: WriteJob, o: WriteOptions, dest: string, callerStack: string | undefined) => Promise<JobResult>;

const runHere: WriteRunner = async ({ spec, buffers }, o, _dest, callerStack) =>
  runJob(spec, buffers, null, { signal: o.signal, onProgress: o.onProgress, callerStack });

export function write(array: DynamicArray, target: string | URL, options?: WriteOptions): Promise<WriteReport> {
  return writeWith(array, target, options, runHere, 'io.write');
}

/**
 * io.write with the chunks written by `runner`: the checks, the layout, the
 * staging (or the S3 steps), the metadata and the final replace are the same
 * whoever runs the job. `what` names the caller in messages.
 */
export async function writeWith(array: DynamicArray, target: string | URL, options: WriteOptions | undefined, runner: WriteRunner, what: string): Promise<WriteReport> {
  const callerStack = captureCallerStack();
  const started = performance.now();
  try {
    if (!array || typeof array !== 'object' || !Array.isArray((array as DynamicArray).shape) || typeof (array as DynamicArray).astype !== 'function') {
      throw invalidArgument(`${what}: array must be a DynamicArray (use fromArray for in-memory data)`);
    }
    const o = checkWriteOptions(options);
    const format = outputFormat(array, o);
    if (o.order === 'F' && format === 3) throw invalidArgument(`${what}: order "F" needs zarrFormat 2 (Zarr v3 has no order; use a transpose codec)`);
    const remote = remoteUrl(target);
    if (remote !== null && !/^s3:\/\//i.test(remote)) {
      throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${what}: ${remote}: HTTP stores are read-only (write to s3:// or a local path)`);
    }
    const dest = remote ?? toLocalPath(target, `${what} path`);
    const src = o.dtype && o.dtype !== array.dtype ? array.astype(o.dtype) : array;
    const layout = planLayout(array, src, o, format);
    const run = (sink: WriteSink): Promise<JobResult> => runWriteJob(src, layout, sink, o, callerStack, (job) => runner(job, o, dest, callerStack));
    let result: JobResult;
    const warnings: string[] = [];
    if (remote !== null) {
      result = await writeRemote(dest, layout, { ...sinkFor(layout, format, dest), storageOptions: o.storageOptions ?? {} },
        { overwrite: o.overwrite === true, storage: o.storageOptions, signal: o.signal, sources: sourcePaths(src.node), run });
    } else {
      const staging = stagingPath(dest);
      const sink = sinkFor(layout, format, staging);
      // Never write into (or replace) anything this job reads.
      const destReal = await canonical(dest);
      for (const p of sourcePaths(src.node)) {
        if (remoteUrl(p) !== null) continue;
        const real = await canonical(p);
        if (isSameOrInside(destReal, real) || isSameOrInside(real, destReal)) {
          throw invalidArgument(`${what}: the target ${dest} overlaps the input ${p} that this write reads`);
        }
      }
      await makeFolder(path.dirname(dest), true);
      // Leftovers of killed writers: a set-aside old array comes back before we look at dest.
      warnings.push(...await recoverInterrupted(dest));
      const exists = (await statIfExists(dest)) !== null;
      if (exists && !o.overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `${what}: ${dest} already exists (pass overwrite: true to replace it)`);
      if (exists && !(await replaceable(dest))) {
        throw new DynaZarrError('ERR_ZARR_EXISTS', `${what}: ${dest} exists and is not a Zarr array, group or empty directory; refusing to replace it`);
      }
      if (o.signal?.aborted) throw abortedError(o.signal);

      await makeFolder(staging, false);
      try {
        result = await run(sink);
        for (const [name, text] of layout.files) await writeFileDurably(path.join(staging, name), text);
        await syncPath(staging);
        warnings.push(...await moveIntoPlace(staging, dest, { overwrite: o.overwrite === true }));
      } catch (err) {
        await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
        throw err;
      }
    }
    return {
      path: dest,
      shape: layout.shape,
      dtype: layout.dtype,
      chunks: layout.chunks,
      shards: layout.shards,
      zarrFormat: format,
      regions: result.regions,
      chunksWritten: result.chunksWritten,
      bytesWritten: result.bytesWritten,
      elapsedMs: performance.now() - started,
      warnings,
    };
  } catch (err) {
    throw publicError(err, callerStack);
  }
}

/** Runs the native job that writes every chunk (shard) of src into the sink. */
async function runWriteJob(
  src: DynamicArray, layout: Layout, sink: WriteSink, o: WriteOptions, callerStack: string | undefined, run: (job: WriteJob) => Promise<JobResult>,
): Promise<JobResult> {
  let threads = o.threads ?? native().defaultThreads();
  const align = layout.shards ?? layout.chunks;
  let regionSizeMb = o.regionSizeMb ?? 64;
  if (o.memoryBudgetMb !== undefined) regionSizeMb = Math.min(regionSizeMb, o.memoryBudgetMb);
  // mapBlocks/mapOverlap nodes are evaluated first, into temporary stores the job reads.
  let evaluated: Evaluated | null = null;
  try {
    evaluated = await evaluateUserFunctions(src.node, { signal: o.signal, threads, regionSizeMb });
    const root = evaluated.node;
    // The budget counts every node's bytes (inputs, intermediates, output) plus the encode buffer.
    const bytesPerElement = bytesPerRootElement(root) + itemSize(layout.dtype);
    // Neighbourhood filters: a region's halo makes its bytes grow faster than its element count.
    const haloBytes = haloRegionBytes(root);
    const regionBytes = haloBytes ? (r: number[]) => haloBytes(r) + itemSize(layout.dtype) * r.reduce((p, x) => p * x, 1) : undefined;
    if (o.memoryBudgetMb !== undefined) {
      const block = align.map((a, i) => Math.max(1, Math.min(a, layout.shape[i])));
      const blockMb = (regionBytes ? regionBytes(block) : block.reduce((p, x) => p * x, bytesPerElement)) / 2 ** 20;
      ({ threads, regionSizeMb } = fitMemoryBudget(o.memoryBudgetMb, threads, regionSizeMb, blockMb));
    }
    const regionShape = planRegions({ shape: layout.shape, align, bytesPerElement, regionSizeMb, regionBytes, contiguousBlocks: true });
    // The writer thread's queue is memory the budget does not count: a budgeted write goes without it.
    const jobSink = o.memoryBudgetMb !== undefined ? { ...sink, writerThread: false } : sink;
    const result = await run(toJobFromNode(root, jobSink, regionShape, threads, regionSizeMb));
    if (o.signal?.aborted) throw abortedError(o.signal);
    return result;
  } finally {
    await evaluated?.release();
  }
}

export async function makeFolder(dir: string, recursive: boolean): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive });
  } catch (err) {
    throw ioError('create the folder', dir, err);
  }
}
