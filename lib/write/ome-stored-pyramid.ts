/**
 * io.writeOmeZarr's `fromPyramid`: a TIFF that already holds a pyramid
 * (SubIFDs, or reduced pages of the main chain, grouped as tifffile groups
 * them — lib/tiff/series.ts) becomes the OME-Zarr levels one for one. Each
 * stored level is copied (re-chunked, re-encoded), never recomputed, and
 * its scale is the ratio of level 0's shape to its own on each spatial axis.
 */
import type { DynamicArray } from '../dynamic-array';
import { invalidArgument } from '../errors';
import type { JobProgress } from '../job/job-spec';
import { read } from '../read/read';
import { writeLevels, type WriteLevelsOptions, type WriteLevelsReport } from './levels';
import type { WriteReport } from './write';

export interface StoredPyramid {
  /** The levels to write, level 0 first. */
  levels: DynamicArray[];
  /** Per level, per axis: level 0's length / this level's (1 on non-spatial axes). */
  ratios: number[][];
  file: string;
  series: number;
}

interface TiffAttributes { series: number; level: number; levels: number }

/**
 * The first `count` stored levels of the TIFF `array` was read from
 * (count undefined or 'auto': all of them). The array must be level 0 read
 * unchanged, else its stored levels are not levels of it.
 */
export async function storedPyramid(array: DynamicArray, count: number | 'auto' | undefined, spatial: boolean[]): Promise<StoredPyramid> {
  const node = array.node;
  const tiff = array.attributes?.tiff as TiffAttributes | undefined;
  if (node.kind !== 'source' || node.info.spec.kind !== 'tiff' || !tiff) {
    throw invalidArgument('io.writeOmeZarr: options.fromPyramid needs an array read unchanged from a TIFF (io.read(file)); this array is computed or not a TIFF, so it has no stored pyramid');
  }
  const file = node.info.spec.path;
  if (tiff.level !== 0) {
    throw invalidArgument(`io.writeOmeZarr: options.fromPyramid needs level 0 of ${file}; this array is its level ${tiff.level} (read it without options.level)`);
  }
  if (tiff.levels < 2 && count !== 1) {
    throw invalidArgument(`io.writeOmeZarr: options.fromPyramid: series ${tiff.series} of ${file} holds no pyramid (1 level, no SubIFDs or reduced pages); drop fromPyramid to compute the levels`);
  }
  const n = count === undefined || count === 'auto' ? tiff.levels : count;
  if (n > tiff.levels) {
    throw invalidArgument(`io.writeOmeZarr: options.levels ${n} with fromPyramid exceeds the ${tiff.levels} level(s) stored in series ${tiff.series} of ${file}`);
  }
  const levels: DynamicArray[] = [array];
  for (let k = 1; k < n; k++) levels.push(await read(file, { series: tiff.series, level: k }));
  const ratios = levels.map((level, k) => {
    const fits = level.dtype === array.dtype && level.ndim === array.ndim
      && level.shape.every((len, i) => (spatial[i] ? len >= 1 && len <= array.shape[i] : len === array.shape[i]));
    if (!fits) {
      throw invalidArgument(`io.writeOmeZarr: options.fromPyramid: level ${k} of series ${tiff.series} of ${file} (${level.dtype} [${level.shape.join(', ')}]) is not a reduction of level 0 (${array.dtype} [${array.shape.join(', ')}]) on its spatial axes`);
    }
    return level.shape.map((len, i) => array.shape[i] / len);
  });
  return { levels, ratios, file, series: tiff.series };
}

/**
 * Writes each stored level to `paths[k]` by one copy job of its own (a
 * writeLevels of factor 1). One progress over all of them: a level's region
 * count is known when its job starts; the later ones are estimated from
 * their element counts meanwhile.
 */
export async function writeStoredLevels(pyramid: StoredPyramid, paths: string[], chunks: number[], options: WriteLevelsOptions, internal: { dimensionSeparator?: '/' }): Promise<WriteLevelsReport> {
  const sizes = pyramid.levels.map((l) => l.shape.reduce((p, x) => p * x, 1));
  const reports: WriteReport[] = [];
  const progress = { done: 0, bytesWritten: 0 };
  for (const [k, level] of pyramid.levels.entries()) {
    const onProgress = options.onProgress
      ? (q: JobProgress): void => {
        const later = sizes.slice(k + 1).reduce((s, n) => s + Math.max(1, Math.round((q.total * n) / Math.max(1, sizes[k]))), 0);
        options.onProgress!({ done: progress.done + q.done, total: progress.done + q.total + later, bytesWritten: progress.bytesWritten + q.bytesWritten });
      }
      : undefined;
    const report = await writeLevels(
      level,
      [{ path: paths[k], factors: level.shape.map(() => 1) }],
      { ...options, method: 'simple', chunks: chunks.map((c, i) => Math.max(1, Math.min(c, level.shape[i]))), onProgress },
      internal,
    );
    progress.done += report.regions;
    progress.bytesWritten += report.bytesWritten;
    reports.push({ ...report.levels[0] });
  }
  return {
    ...reports[0],
    regions: progress.done,
    chunksWritten: reports.reduce((s, r) => s + r.chunksWritten, 0),
    bytesWritten: progress.bytesWritten,
    warnings: [],
    levels: reports,
    passes: reports.length,
    notes: [`levels 0..${reports.length - 1} copied from the pyramid stored in series ${pyramid.series} of ${pyramid.file}`],
  };
}
