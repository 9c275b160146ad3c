/**
 * io.write: one native job writes every chunk (or whole shard) of a lazy
 * array into a staging directory next to the target; the metadata is written
 * last and the directory renamed into place. A failure or an abort removes
 * the staging directory, so no partial array ever appears at the target and
 * an existing one is only replaced once the new one is complete.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Codecs } from '../codecs';
import type { DynamicArray } from '../dynamic-array';
import { itemSize, type DType } from '../dtype';
import { DynaZarrError, captureCallerStack, invalidArgument, toDynaZarrError } from '../errors';
import type { JobSpec, WriteSink } from '../job-spec';
import { encodeFillValue } from '../metadata/fill-value';
import { stringifyJson } from '../metadata/json-text';
import { parseMetadataObject, parseV2Array, v2ArrayMetadata } from '../metadata/v2';
import { parseV3Array, v3ArrayMetadata } from '../metadata/v3';
import { native } from '../native';
import { planRegions } from '../plan/region-plan';
import { abortedError, runJob } from '../run-job';
import { bytesPerRootElement } from '../graph';
import { haloRegionBytes } from '../plan/halo-budget';
import { toJob } from '../to-native-spec';
import { openZarrNode } from './zarr-node';
import { canonical, isSameOrInside, statIfExists, toLocalPath } from './paths';
import { checkBlock, checkWriteOptions, defaultChunks, type WriteOptions } from './write-options';

export type { WriteOptions } from './write-options';

export interface WriteReport {
  path: string;
  shape: number[];
  dtype: DType;
  chunks: number[];
  shards: number[] | null;
  zarrFormat: 2 | 3;
  regions: number;
  chunksWritten: number;
  bytesWritten: number;
  elapsedMs: number;
}

interface Layout {
  dtype: DType;
  shape: number[];
  chunks: number[];
  shards: number[] | null;
  codecs: Codecs;
  files: Array<[string, string]>;
}

/** Resolves every option against the array into the output layout and its metadata files. */
function planLayout(array: DynamicArray, src: DynamicArray, o: WriteOptions, format: 2 | 3): Layout {
  const dtype = src.dtype;
  const shape = src.shape;
  const rank = shape.length;
  const chunks = o.chunks ? [...o.chunks] : defaultChunks(shape, dtype, array.chunks);
  checkBlock('chunks', chunks, rank, dtype);
  let shards: number[] | null = null;
  if (o.shardCoefficients) {
    if (o.shardCoefficients.length !== rank) throw invalidArgument(`io.write: shardCoefficients must have ${rank} entries, got ${JSON.stringify(o.shardCoefficients)}`);
    shards = chunks.map((c, i) => c * o.shardCoefficients![i]);
  } else if (format === 3 && !o.chunks && array.shards && array.chunks && array.shards.length === rank
    && chunks.every((c, i) => c === array.chunks![i] && array.shards![i] % c === 0)) {
    // Inherit the input's sharding when its chunks were inherited unchanged.
    shards = [...array.shards];
  }
  if (shards) checkBlock('shard shape (chunks × shardCoefficients)', shards, rank, dtype);

  const codecs = o.compressor !== undefined ? (o.compressor ?? new Codecs({ compressor: null })) : (array.codecs ?? Codecs.default());
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
    files.push(['.zarray', stringifyJson(v2ArrayMetadata({ shape, chunks, dtype, codecs, fill: fill.json }))]);
    if (Object.keys(attributes).length > 0) files.push(['.zattrs', stringifyJson(attributes)]);
  } else {
    files.push(['zarr.json', stringifyJson(v3ArrayMetadata({ shape, chunks, shards, dtype, codecs, fill: fill.json, dimensionNames, attributes }))]);
  }
  return { dtype, shape, chunks, shards, codecs, files };
}

/** The engine's write sink, parsed back from the very metadata we write, so both always agree. */
function sinkFor(layout: Layout, format: 2 | 3, dir: string): WriteSink {
  const text = (name: string): string | null => layout.files.find(([n]) => n === name)?.[1] ?? null;
  const info = format === 2 ? parseV2Array(dir, text('.zarray')!, text('.zattrs')) : parseV3Array(dir, parseMetadataObject('zarr.json', text('zarr.json')!));
  const { kind: _kind, ...spec } = info.spec as typeof info.spec & { kind: string };
  return { ...(spec as Omit<WriteSink, 'kind' | 'writeEmptyChunks'>), kind: 'write', writeEmptyChunks: false };
}

/** Paths (zarr directories, TIFF files) a job reads. */
function sourcePaths(spec: JobSpec): string[] {
  return spec.sources.flatMap((s) => ('path' in s && typeof s.path === 'string' ? [s.path] : []));
}

/** What may be replaced with overwrite: a Zarr array or group, or an empty directory. */
async function replaceable(target: string): Promise<boolean> {
  const stat = await statIfExists(target);
  if (!stat?.isDirectory()) return false;
  if (await openZarrNode(target).then((n) => n !== null, () => true)) return true;
  return (await fs.readdir(target)).length === 0;
}

export async function write(array: DynamicArray, target: string | URL, options?: WriteOptions): Promise<WriteReport> {
  const callerStack = captureCallerStack();
  const started = performance.now();
  try {
    if (!array || typeof array !== 'object' || !Array.isArray((array as DynamicArray).shape) || typeof (array as DynamicArray).astype !== 'function') {
      throw invalidArgument('io.write: array must be a DynamicArray (use fromArray for in-memory data)');
    }
    const o = checkWriteOptions(options);
    const format = o.zarrFormat ?? 3;
    const dest = toLocalPath(target, 'io.write path');
    const src = o.dtype && o.dtype !== array.dtype ? array.astype(o.dtype) : array;
    const layout = planLayout(array, src, o, format);

    const staging = `${dest}.dz-tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    const sink = sinkFor(layout, format, staging);
    const threads = o.threads ?? native().defaultThreads();
    const align = layout.shards ?? layout.chunks;
    // The budget counts every node's bytes (inputs, intermediates, output) plus the encode buffer.
    const bytesPerElement = bytesPerRootElement(src.node) + itemSize(layout.dtype);
    const regionSizeMb = o.regionSizeMb ?? 64;
    const haloBytes = haloRegionBytes(src.node);
    const regionBytes = haloBytes ? (r: number[]) => haloBytes(r) + itemSize(layout.dtype) * r.reduce((p, x) => p * x, 1) : undefined;
    const regionShape = planRegions({ shape: layout.shape, align, bytesPerElement, regionSizeMb, regionBytes });
    const { spec, buffers } = toJob(src, sink, regionShape, threads, regionSizeMb);

    // Never write into (or replace) anything this job reads.
    const destReal = await canonical(dest);
    for (const p of sourcePaths(spec)) {
      const real = await canonical(p);
      if (isSameOrInside(destReal, real) || isSameOrInside(real, destReal)) {
        throw invalidArgument(`io.write: the target ${dest} overlaps the input ${p} that this write reads`);
      }
    }
    const exists = (await statIfExists(dest)) !== null;
    if (exists && !o.overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `io.write: ${dest} already exists (pass overwrite: true to replace it)`);
    if (exists && !(await replaceable(dest))) {
      throw new DynaZarrError('ERR_ZARR_EXISTS', `io.write: ${dest} exists and is not a Zarr array, group or empty directory; refusing to replace it`);
    }
    if (o.signal?.aborted) throw abortedError(o.signal);

    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.mkdir(staging);
    let result;
    try {
      result = await runJob(spec, buffers, null, { signal: o.signal, onProgress: o.onProgress, callerStack });
      if (o.signal?.aborted) throw abortedError(o.signal);
      for (const [name, text] of layout.files) await fs.writeFile(path.join(staging, name), text);
      await moveIntoPlace(staging, dest, exists);
    } catch (err) {
      await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw err;
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
    };
  } catch (err) {
    throw toDynaZarrError(err, callerStack);
  }
}

/** Renames the finished staging directory to dest; an existing dest is set aside first and removed last. */
async function moveIntoPlace(staging: string, dest: string, exists: boolean): Promise<void> {
  if (!exists) {
    await rename(staging, dest);
    return;
  }
  const aside = `${dest}.dz-old-${process.pid}-${randomBytes(6).toString('hex')}`;
  await rename(dest, aside);
  try {
    await rename(staging, dest);
  } catch (err) {
    await fs.rename(aside, dest).catch(() => undefined);
    throw err;
  }
  await fs.rm(aside, { recursive: true, force: true });
}

async function rename(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    throw new DynaZarrError('ERR_ZARR_IO', `cannot rename ${from} to ${to}: ${(err as Error).message}`, { cause: err });
  }
}
