/**
 * io.writeLevels: a pyramid written from one read of the source. Every
 * region covers a whole number of `factors × chunk (or shard)` of every
 * level it feeds; the engine's "levels" sink reduces the region in memory
 * for each level (binding/core/sinks/levels_sink.cpp) and writes each
 * level's chunks whole, once. When the region needed by the deepest levels
 * does not fit the budget (regionSizeMb), those levels are written in a
 * later pass from the stored level above them (reported in `passes`).
 * Each output is staged and put in place as io.write does (replace.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DynamicArray } from '../dynamic-array';
import { itemSize, type DType } from '../dtype';
import { DynaZarrError, captureCallerStack, invalidArgument, publicError } from '../errors';
import type { JobProgress, LevelsSink } from '../job/job-spec';
import { native } from '../job/native';
import { planRegions } from '../job/region-plan';
import { abortedError, runJob } from '../job/run-job';
import { evaluateUserFunctions } from '../job/execute';
import { bytesPerRootElement, type LazyNode } from '../graph/nodes';
import type { Evaluated } from '../map-blocks/materialize';
import { toJobFromNode } from '../job/to-job';
import { haloRegionBytes } from '../job/halo-budget';
import { stringifyJson } from '../metadata/json-text';
import { read } from '../read/read';
import { canonical, isSameOrInside, statIfExists, toLocalPath } from '../read/paths';
import { moveIntoPlace, recoverInterrupted, stagingPath, syncPath, writeFileDurably } from './replace';
import { beginRemoteLevels, remoteChunkCount, remoteTargets } from './remote-levels';
import { putMetadata, removeAllRemote, removeStale } from './remote-write';
import { checkWriteOptions, type WriteOptions } from './write-options';
import { makeFolder, planLayout, replaceable, sinkFor, sourcePaths, type Layout, type WriteReport } from './write';

/** How writeLevels makes a level: 'simple' takes every factors-th element; the others are coarsen methods. */
export type LevelsMethod = 'simple' | 'mean' | 'median' | 'mode' | 'min' | 'max';
const METHODS: readonly LevelsMethod[] = ['simple', 'mean', 'median', 'mode', 'min', 'max'];

/** One level of io.writeLevels: where it goes and how much smaller it is. */
export interface LevelOutput {
  /** The level's target folder. */
  path: string | URL;
  /** Per axis, relative to the source array; each >= the previous level's. */
  factors: number[];
  /** Chunk shape of this level (default: the options' chunks, else the source's, clipped to the level). */
  chunks?: number[];
  /** Zarr v3: chunks per shard of this level. */
  shardCoefficients?: number[];
}

/** Options of io.writeLevels: those of io.write, and the downsampling method. */
export interface WriteLevelsOptions extends WriteOptions {
  /** 'simple' (default): every factors-th element; else a coarsen method. */
  method?: LevelsMethod;
}

/** What io.writeLevels did: the first level's report, and one per level. */
export interface WriteLevelsReport extends WriteReport {
  /** One report per level, in the order given. */
  levels: WriteReport[];
  /** Engine jobs run: 1 when every level came from one read of the source. */
  passes: number;
  /** Why later passes were needed (level k written from the stored level j). */
  notes: string[];
}

interface Level {
  dest: string;
  staging: string;
  factors: number[];
  layout: Layout;
}

/** A pass: the engine job writing `levels` from `source` (the array, or a stored level). */
interface Pass {
  source: number | null;
  levels: number[];
}

const MIB = 1024 * 1024;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

function checkOutputs(outputs: unknown, rank: number): LevelOutput[] {
  if (!Array.isArray(outputs) || outputs.length === 0) throw invalidArgument('io.writeLevels: outputs must be a non-empty list of { path, factors }');
  let previous: number[] | null = null;
  return outputs.map((raw, k) => {
    if (!raw || typeof raw !== 'object') throw invalidArgument(`io.writeLevels: outputs[${k}] must be an object { path, factors, chunks?, shardCoefficients? }`);
    const o = raw as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!['path', 'factors', 'chunks', 'shardCoefficients'].includes(key)) throw invalidArgument(`io.writeLevels: outputs[${k}] has an unknown key "${key}"`);
    }
    const f = o.factors;
    if (!Array.isArray(f) || f.length !== rank || !f.every((x) => Number.isSafeInteger(x) && x >= 1)) {
      throw invalidArgument(`io.writeLevels: outputs[${k}].factors must be ${rank} positive integers (one per axis), got ${JSON.stringify(f)}`);
    }
    if (previous && f.some((x, i) => x < previous![i])) {
      throw invalidArgument(`io.writeLevels: outputs must go coarsest last: outputs[${k}].factors ${JSON.stringify(f)} is finer than outputs[${k - 1}].factors ${JSON.stringify(previous)} on some axis`);
    }
    previous = f as number[];
    return raw as LevelOutput;
  });
}

/** Per-axis region alignment so every level in `levels` gets whole stored blocks: lcm of factors × block. */
function alignmentOf(levels: Level[], relative: number[], rank: number, shape: number[]): number[] {
  const align = Array<number>(rank).fill(1);
  for (const level of levels) {
    const block = level.layout.shards ?? level.layout.chunks;
    for (let i = 0; i < rank; i++) align[i] = lcm(align[i], (level.factors[i] / relative[i]) * block[i]);
  }
  return align.map((a, i) => Math.max(1, Math.min(a, shape[i])));
}

/** Neighbourhood filters: a region's halo makes its bytes grow faster than its element count (as io.write). */
function regionBytesOf(root: LazyNode, extraPerElement: number): ((region: number[]) => number) | undefined {
  const halo = haloRegionBytes(root);
  return halo ? (r: number[]) => halo(r) + extraPerElement * r.reduce((p, x) => p * x, 1) : undefined;
}

function blockBytes(align: number[], bytesPerElement: number): number {
  return align.reduce((p, a) => p * a, bytesPerElement);
}

/** Extra bytes per source element held by the levels' reduced buffers and encoders. */
function levelBytes(levels: Level[], relative: number[], dtype: DType): number {
  let sum = itemSize(dtype);
  for (const level of levels) sum += (2 * itemSize(dtype)) / level.factors.reduce((p, f, i) => p * (f / relative[i]), 1);
  return sum;
}

/** Not public: how io.writeOmeZarr asks for NGFF 0.4's "/" chunk keys in Zarr v2. */
export interface LevelsInternal {
  dimensionSeparator?: '/';
}

export async function writeLevels(array: DynamicArray, outputs: LevelOutput[], options?: WriteLevelsOptions, internal?: LevelsInternal): Promise<WriteLevelsReport> {
  const callerStack = captureCallerStack();
  const started = performance.now();
  const staged: string[] = [];
  // s3:// levels written so far in place (removed on failure: no staging folder there).
  const placed: string[] = [];
  let storage: WriteOptions['storageOptions'];
  try {
    if (!array || typeof array !== 'object' || !Array.isArray((array as DynamicArray).shape) || typeof (array as DynamicArray).astype !== 'function') {
      throw invalidArgument('io.writeLevels: array must be a DynamicArray (use fromArray for in-memory data)');
    }
    const { method = 'simple', ...rest } = (options ?? {}) as WriteLevelsOptions;
    if (!METHODS.includes(method)) throw invalidArgument(`io.writeLevels: method must be one of ${METHODS.join(', ')}, got ${JSON.stringify(method)}`);
    const o = checkWriteOptions(rest);
    const format = o.zarrFormat ?? 3;
    const src = o.dtype && o.dtype !== array.dtype ? array.astype(o.dtype) : array;
    const rank = src.ndim;
    if (rank === 0) throw invalidArgument('io.writeLevels: a 0-d array has no pyramid (use io.write)');
    if (method !== 'simple' && (src.dtype === 'complex64' || src.dtype === 'complex128') && method !== 'mean' && method !== 'mode') {
      throw invalidArgument(`io.writeLevels: method '${method}' does not support dtype ${src.dtype} (complex supports 'mean' and 'mode')`);
    }
    const outs = checkOutputs(outputs, rank);
    const urls = remoteTargets(outs.map((out) => out.path), 'io.writeLevels');
    storage = o.storageOptions;

    // Resolve every level's layout and check every target before anything is written.
    const levels: Level[] = [];
    let baseChunks: number[] | null = null;
    for (const [k, out] of outs.entries()) {
      const dest = urls ? urls[k] : toLocalPath(out.path, `io.writeLevels outputs[${k}].path`);
      // As coarsen: a factor beyond the axis length acts as the axis length.
      const factors = out.factors.map((f, i) => Math.min(f, Math.max(1, src.shape[i])));
      const shape = src.shape.map((n, i) => Math.ceil(n / factors[i]));
      const chunks = out.chunks ?? o.chunks ?? (baseChunks ? baseChunks.map((c, i) => Math.max(1, Math.min(c, shape[i]))) : undefined);
      const levelSrc = { shape, dtype: src.dtype } as DynamicArray;
      const layout = planLayout(array, levelSrc, { ...o, chunks, shardCoefficients: out.shardCoefficients ?? o.shardCoefficients }, format);
      baseChunks ??= layout.chunks;
      if (format === 2 && internal?.dimensionSeparator) useSeparator(layout, internal.dimensionSeparator);
      levels.push({ dest, staging: '', factors, layout });
    }
    const warnings: string[] = [];
    let priors: string[][] = [];
    if (urls) {
      priors = await beginRemoteLevels(urls, sourcePaths(src.node), storage, o.overwrite === true, 'io.writeLevels');
      placed.push(...urls);
    } else {
      const reals = await Promise.all(levels.map((l) => canonical(l.dest)));
      for (let a = 0; a < reals.length; a++) {
        for (let b = a + 1; b < reals.length; b++) {
          if (isSameOrInside(reals[a], reals[b]) || isSameOrInside(reals[b], reals[a])) {
            throw invalidArgument(`io.writeLevels: outputs[${a}].path ${levels[a].dest} and outputs[${b}].path ${levels[b].dest} overlap`);
          }
        }
      }
      for (const p of sourcePaths(src.node)) {
        const real = await canonical(p);
        for (const [k, destReal] of reals.entries()) {
          if (isSameOrInside(destReal, real) || isSameOrInside(real, destReal)) {
            throw invalidArgument(`io.writeLevels: outputs[${k}].path ${levels[k].dest} overlaps the input ${p} that this write reads`);
          }
        }
      }
      for (const level of levels) {
        await makeFolder(path.dirname(level.dest), true);
        warnings.push(...await recoverInterrupted(level.dest));
        const exists = (await statIfExists(level.dest)) !== null;
        if (exists && !o.overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `io.writeLevels: ${level.dest} already exists (pass overwrite: true to replace it)`);
        if (exists && !(await replaceable(level.dest))) {
          throw new DynaZarrError('ERR_ZARR_EXISTS', `io.writeLevels: ${level.dest} exists and is not a Zarr array, group or empty directory; refusing to replace it`);
        }
      }
    }
    if (o.signal?.aborted) throw abortedError(o.signal);

    const threads = o.threads ?? native().defaultThreads();
    // memoryBudgetMb caps what the regions in flight hold together (each region's
    // bytes count every level's); the writer threads' queues are left out (writerThread false).
    const budgeted = o.memoryBudgetMb !== undefined;
    const regionSizeMb = Math.min(o.regionSizeMb ?? 64, budgeted ? o.memoryBudgetMb! / threads : Infinity);
    let evaluated: Evaluated | null = null;
    const notes: string[] = [];
    let regions = 0;
    const perLevel = levels.map(() => ({ chunksWritten: 0, bytesWritten: 0 }));
    try {
      for (const level of levels) {
        if (urls) {
          level.staging = level.dest;
          continue;
        }
        level.staging = stagingPath(level.dest);
        await makeFolder(level.staging, false);
        staged.push(level.staging);
      }
      evaluated = await evaluateUserFunctions(src.node, { signal: o.signal, threads, regionSizeMb });
      const passes = planPasses(levels, src.shape, evaluated.node, regionSizeMb, notes);
      // One progress over all passes: each pass's regions are counted once its plan is known.
      const progress = { done: 0, bytesWritten: 0 };
      for (const [p, pass] of passes.entries()) {
        const relative = pass.source === null ? Array<number>(rank).fill(1) : levels[pass.source].factors;
        let root: LazyNode;
        if (pass.source === null) {
          root = evaluated.node;
        } else {
          const stored = levels[pass.source];
          // The stored level is complete in its staging folder once its metadata is there.
          if (urls) await putMetadata(stored.dest, stored.layout, storage);
          else for (const [name, text] of stored.layout.files) await writeFileDurably(path.join(stored.staging, name), text);
          root = (await read(stored.staging, { storageOptions: storage })).node;
        }
        const members = pass.levels.map((k) => levels[k]);
        const shape = pass.source === null ? src.shape : levels[pass.source].layout.shape;
        const align = alignmentOf(members, relative, rank, shape);
        const extra = levelBytes(members, relative, src.dtype);
        const bytesPerElement = bytesPerRootElement(root) + extra;
        const regionShape = planRegions({ shape, align, bytesPerElement, regionSizeMb, regionBytes: regionBytesOf(root, extra) });
        const sink: LevelsSink = {
          kind: 'levels',
          method,
          levels: members.map((level) => ({
            factors: level.factors.map((f, i) => f / relative[i]),
            sink: urls
              ? { ...sinkFor(level.layout, format, level.dest), storageOptions: storage ?? {} }
              : { ...sinkFor(level.layout, format, level.staging), ...(budgeted ? { writerThread: false } : {}) },
          })),
        };
        const { spec, buffers } = toJobFromNode(root, sink, regionShape, threads, regionSizeMb);
        const before = { ...progress };
        const remaining = passes.length - p - 1;
        const onProgress = o.onProgress
          ? (q: JobProgress): void => {
              // Later passes are not planned yet: count each as one more of this pass's size.
              o.onProgress!({ done: before.done + q.done, total: before.done + q.total * (1 + remaining), bytesWritten: before.bytesWritten + q.bytesWritten });
            }
          : undefined;
        const result = await runJob(spec, buffers, null, { signal: o.signal, onProgress, callerStack });
        progress.done += result.regions;
        progress.bytesWritten += result.bytesWritten;
        regions += result.regions;
        // The job reports its totals only; split them per level from the files on disk.
        for (const k of pass.levels) {
          // S3 listings carry no sizes here: a level's bytes are known when it is its pass's only level.
          perLevel[k] = urls
            ? { chunksWritten: await remoteChunkCount(levels[k].dest, storage), bytesWritten: pass.levels.length === 1 ? result.bytesWritten : 0 }
            : await stagedTotals(levels[k].staging);
        }
        if (o.signal?.aborted) throw abortedError(o.signal);
      }
      if (urls) {
        for (const level of levels) await putMetadata(level.dest, level.layout, storage);
        placed.length = 0;
        for (const [k, level] of levels.entries()) await removeStale(level.dest, priors[k], level.layout, sinkFor(level.layout, format, level.dest), storage);
      }
      for (const level of urls ? [] : levels) {
        for (const [name, text] of level.layout.files) await writeFileDurably(path.join(level.staging, name), text);
        await syncPath(level.staging);
      }
      for (const level of urls ? [] : levels) {
        warnings.push(...await moveIntoPlace(level.staging, level.dest, { overwrite: o.overwrite === true }));
        staged.splice(staged.indexOf(level.staging), 1);
      }
      const reports: WriteReport[] = levels.map((level, k) => ({
        path: level.dest,
        shape: level.layout.shape,
        dtype: level.layout.dtype,
        chunks: level.layout.chunks,
        shards: level.layout.shards,
        zarrFormat: format,
        regions,
        chunksWritten: perLevel[k].chunksWritten,
        bytesWritten: perLevel[k].bytesWritten,
        elapsedMs: performance.now() - started,
        warnings: [],
      }));
      return {
        ...reports[0],
        chunksWritten: reports.reduce((s, r) => s + r.chunksWritten, 0),
        bytesWritten: urls ? progress.bytesWritten : reports.reduce((s, r) => s + r.bytesWritten, 0),
        warnings,
        levels: reports,
        passes: passes.length,
        notes,
      };
    } finally {
      await evaluated?.release();
    }
  } catch (err) {
    for (const dir of staged) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    for (const dest of placed) await removeAllRemote(dest, storage);
    throw publicError(err, callerStack);
  }
}

/**
 * Groups levels into passes: the first pass takes levels from the source for
 * as long as one aligned region of all of them fits the budget; the rest
 * start again from the deepest level already written.
 */
function planPasses(levels: Level[], shape: number[], root: LazyNode, regionSizeMb: number, notes: string[]): Pass[] {
  const rank = shape.length;
  const budget = regionSizeMb * MIB;
  const passes: Pass[] = [];
  let source: number | null = null;
  let k = 0;
  while (k < levels.length) {
    const relative = source === null ? Array<number>(rank).fill(1) : levels[source].factors;
    const base = source === null ? shape : levels[source].layout.shape;
    const perElement = source === null ? bytesPerRootElement(root) : 2 * itemSize(levels[0].layout.dtype);
    const members = [k];
    for (let j = k + 1; j < levels.length; j++) {
      const trial = [...members, j].map((m) => levels[m]);
      const align = alignmentOf(trial, relative, rank, base);
      const extra = levelBytes(trial, relative, levels[0].layout.dtype);
      const halo = source === null ? regionBytesOf(root, extra) : undefined;
      if ((halo ? halo(align) : blockBytes(align, perElement + extra)) > budget) break;
      members.push(j);
    }
    passes.push({ source, levels: members });
    k = members[members.length - 1] + 1;
    if (k < levels.length) {
      const from = members[members.length - 1];
      for (let j = k; j < levels.length; j++) {
        if (levels[j].factors.some((f, i) => f % levels[from].factors[i] !== 0)) {
          throw new DynaZarrError('ERR_ZARR_LIMIT', `io.writeLevels: one region for outputs[${j}] does not fit regionSizeMb ${regionSizeMb}, and its factors ${JSON.stringify(levels[j].factors)} are not multiples of outputs[${from}]'s to write it from that level; raise regionSizeMb`);
        }
      }
      notes.push(`levels ${k}..${levels.length - 1} written from the stored level ${from}: one region for them from the source exceeds regionSizeMb ${regionSizeMb}`);
      source = from;
    }
  }
  return passes;
}

/** Rewrites a v2 layout's .zarray for "/" keys (the write sink is parsed back from it). */
function useSeparator(layout: Layout, separator: '/'): void {
  layout.files = layout.files.map(([name, text]) => [name, name === '.zarray' ? stringifyJson({ ...JSON.parse(text), dimension_separator: separator }) : text]);
}

/** Chunk (or shard) files and their bytes in a staged level (metadata not yet there). */
async function stagedTotals(dir: string): Promise<{ chunksWritten: number; bytesWritten: number }> {
  let chunksWritten = 0;
  let bytesWritten = 0;
  const walk = async (d: string): Promise<void> => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (!['zarr.json', '.zarray', '.zattrs'].includes(entry.name)) {
        chunksWritten += 1;
        bytesWritten += (await fs.stat(p)).size;
      }
    }
  };
  await walk(dir);
  return { chunksWritten, bytesWritten };
}
