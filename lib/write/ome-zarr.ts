/**
 * io.writeOmeZarr: an OME-Zarr image group (NGFF 0.4 on Zarr v2, 0.5 on
 * Zarr v3) whose levels 0..n-1 are written by one io.writeLevels pass. The
 * group is staged whole beside the target and put in place at the end, as
 * io.write does for an array.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DynamicArray } from '../dynamic-array';
import { DynaZarrError, captureCallerStack, invalidArgument, publicError } from '../errors';
import { stringifyJson } from '../metadata/json-text';
import { statIfExists, toLocalPath } from '../read/paths';
import { moveIntoPlace, recoverInterrupted, stagingPath, syncPath, writeFileDurably } from './replace';
import { writeLevels, type LevelsMethod, type WriteLevelsReport } from './levels';
import { joinRemote, remoteDelete, remotePut } from '../store/remote';
import { remoteTargets } from './remote-levels';
import { isMetadataKey, listForOverwrite, removeAllRemote } from './remote-write';
import { storedPyramid, writeStoredLevels, type StoredPyramid } from './ome-stored-pyramid';
import { makeFolder, replaceable } from './write';
import { checkWriteOptions, defaultChunks, type WriteOptions } from './write-options';

/**
 * Options of io.writeOmeZarr: those of io.write (dimension names come from `axes`) and the image's own.
 * @example
 * ```ts
 * await io.writeOmeZarr(await io.read('cells.tif'), 'cells.ome.zarr', { axes: 'zyx', levels: 'auto', method: 'mean' });
 * ```
 */
export interface WriteOmeZarrOptions extends Omit<WriteOptions, 'dimensionNames'> {
  /** One letter per axis from 't c z y x', in that order (e.g. 'tczyx', 'cyx'). */
  axes?: string;
  /** How many levels, or 'auto': halve the spatial axes until a level fits in one chunk. */
  levels?: number | 'auto';
  /** How each level is downsampled (default 'mean'). */
  method?: LevelsMethod;
  /** Physical size of a level-0 pixel per axis. */
  scale?: number[];
  /** The image name in the multiscales metadata. */
  name?: string;
  /**
   * Copy the pyramid a TIFF already stores (SubIFDs or reduced pages) level
   * for level instead of computing the levels: `levels` then takes the first
   * N stored levels (all by default); `method` does not apply.
   */
  fromPyramid?: boolean;
}

const OWN = ['axes', 'levels', 'method', 'scale', 'name', 'fromPyramid'];
const TYPES: Record<string, 'time' | 'channel' | 'space'> = { t: 'time', c: 'channel', z: 'space', y: 'space', x: 'space' };
/** OME-XML UnitsLength / UnitsTime symbols → the NGFF (UDUNITS-2) names. */
const UNITS: Record<string, string> = {
  'µm': 'micrometer', 'um': 'micrometer', 'nm': 'nanometer', 'mm': 'millimeter', 'cm': 'centimeter', 'm': 'meter',
  'Å': 'angstrom', 'pm': 'picometer', 's': 'second', 'ms': 'millisecond', 'min': 'minute', 'h': 'hour',
};
const MAX_AUTO_LEVELS = 32;

/** Axes must be a subsequence of 'tczyx' with at least y and x: what NGFF 0.4/0.5 allow for images. */
function checkAxes(axes: string, ndim: number, where: string): string {
  const a = axes.toLowerCase();
  if (a.length !== ndim || !/^t?c?z?yx$/.test(a)) {
    throw invalidArgument(`io.writeOmeZarr: ${where} ${JSON.stringify(axes)} must name the ${ndim} axes in the order t, c, z, y, x (a subset ending in "yx", e.g. "tczyx", "zyx", "cyx")`);
  }
  return a;
}

/** Default axes: the source's OME/ImageJ axes or dimension names, else the last two or three axes spatial. */
function defaultAxes(array: DynamicArray): string {
  const ndim = array.ndim;
  const fromTiff = typeof array.attributes?.axes === 'string' ? (array.attributes.axes as string).toLowerCase() : null;
  if (fromTiff && fromTiff.length === ndim) {
    if (/^t?c?z?yx$/.test(fromTiff)) return fromTiff;
    // Known axes in another order (e.g. RGB samples last): guessing would mislabel them.
    if (/^[tczyxs]+$/.test(fromTiff)) {
      throw invalidArgument(`io.writeOmeZarr: the source axes "${fromTiff}" are not in the OME-Zarr order t, c, z, y, x; transpose the array (samples "s" become channels "c") and pass options.axes`);
    }
  }
  const names = array.dimensionNames;
  if (names && names.length === ndim && names.every((n) => typeof n === 'string' && n.length === 1)) {
    const joined = names.join('').toLowerCase();
    if (/^t?c?z?yx$/.test(joined)) return joined;
  }
  const guess: Record<number, string> = { 2: 'yx', 3: 'zyx', 4: 'czyx', 5: 'tczyx' };
  if (!guess[ndim]) throw invalidArgument(`io.writeOmeZarr: an OME-Zarr image has 2 to 5 axes; this array has ${ndim} (options.axes cannot fix that; transpose or squeeze first)`);
  return guess[ndim];
}

/** Physical sizes and units from OME-TIFF PhysicalSizeX/Y/Z, when the source carries them. */
function sourceScale(array: DynamicArray, axes: string): { scale: number[]; units: Array<string | null> } {
  const ome = array.attributes?.ome as { physicalSizes?: Record<string, { value: number; unit: string | null }> } | undefined;
  const sizes = ome?.physicalSizes ?? {};
  const scale = [...axes].map((a) => (TYPES[a] === 'space' && sizes[a] && sizes[a].value > 0 ? sizes[a].value : 1));
  // OME-XML's default length unit is the micrometer.
  const units = [...axes].map((a) => (TYPES[a] === 'space' && sizes[a] ? (UNITS[sizes[a].unit ?? 'µm'] ?? null) : null));
  return { scale, units };
}

export async function writeOmeZarr(array: DynamicArray, target: string | URL, options?: WriteOmeZarrOptions): Promise<WriteLevelsReport> {
  const callerStack = captureCallerStack();
  let staging: string | null = null;
  // s3://: the image is written in place (no rename on S3); removed on failure.
  let placed: string | null = null;
  let storage: WriteOmeZarrOptions['storageOptions'];
  try {
    if (!array || typeof array !== 'object' || !Array.isArray((array as DynamicArray).shape) || typeof (array as DynamicArray).astype !== 'function') {
      throw invalidArgument('io.writeOmeZarr: array must be a DynamicArray (use fromArray for in-memory data)');
    }
    if (options !== undefined && (options === null || typeof options !== 'object')) throw invalidArgument('io.writeOmeZarr: options must be an object');
    const all = { ...(options ?? {}) } as Record<string, unknown>;
    if ('dimensionNames' in all) throw invalidArgument('io.writeOmeZarr: dimensionNames come from options.axes');
    const own = Object.fromEntries(OWN.filter((k) => all[k] !== undefined).map((k) => [k, all[k]])) as Pick<WriteOmeZarrOptions, 'axes' | 'levels' | 'method' | 'scale' | 'name' | 'fromPyramid'>;
    for (const k of OWN) delete all[k];
    const o = checkWriteOptions(all);
    const format = o.zarrFormat ?? 3;
    const remote = remoteTargets([target], 'io.writeOmeZarr')?.[0] ?? null;
    storage = o.storageOptions;
    const dest = remote ?? toLocalPath(target, 'io.writeOmeZarr path');
    const ndim = array.ndim;

    const axes = own.axes !== undefined
      ? (typeof own.axes === 'string' ? checkAxes(own.axes, ndim, 'options.axes') : (() => { throw invalidArgument('io.writeOmeZarr: options.axes must be a string such as "tczyx"'); })())
      : checkAxes(defaultAxes(array), ndim, 'the source axes');
    const fromSource = sourceScale(array, axes);
    let scale = fromSource.scale;
    let units = fromSource.units;
    if (own.scale !== undefined) {
      if (!Array.isArray(own.scale) || own.scale.length !== ndim || !own.scale.every((s) => typeof s === 'number' && Number.isFinite(s) && s > 0)) {
        throw invalidArgument(`io.writeOmeZarr: options.scale must be ${ndim} positive numbers (one per axis), got ${JSON.stringify(own.scale)}`);
      }
      scale = [...own.scale];
      // Units of the source only apply to its own sizes.
      units = [...axes].map(() => null);
    }
    if (own.name !== undefined && typeof own.name !== 'string') throw invalidArgument('io.writeOmeZarr: options.name must be a string');
    if (own.fromPyramid !== undefined && typeof own.fromPyramid !== 'boolean') throw invalidArgument('io.writeOmeZarr: options.fromPyramid must be true or false');
    if (own.fromPyramid && own.method !== undefined) throw invalidArgument('io.writeOmeZarr: options.method does not apply with fromPyramid (the stored levels are copied, not computed)');
    const method = own.method ?? 'mean';
    const dtype = o.dtype ?? array.dtype;
    const chunks = o.chunks ? [...o.chunks] : defaultChunks(array.shape, dtype, array.chunks);
    const spatial = [...axes].map((a) => TYPES[a] === 'space');

    // Level k halves the spatial axes k times (an axis stops at length 1, as coarsen clamps).
    const factorsAt = (k: number): number[] => array.shape.map((n, i) => (spatial[i] ? Math.min(2 ** k, Math.max(1, n)) : 1));
    const fitsOneChunk = (f: number[]): boolean => array.shape.every((n, i) => !spatial[i] || Math.ceil(n / f[i]) <= chunks[i]);
    if (own.levels !== undefined && own.levels !== 'auto' && !(Number.isSafeInteger(own.levels) && (own.levels as number) >= 1)) {
      throw invalidArgument(`io.writeOmeZarr: options.levels must be a positive integer or 'auto', got ${JSON.stringify(own.levels)}`);
    }
    const pyramid: StoredPyramid | null = own.fromPyramid ? await storedPyramid(array, own.levels, spatial) : null;
    let count: number;
    if (pyramid) {
      count = pyramid.levels.length;
    } else if (own.levels === undefined || own.levels === 'auto') {
      count = 1;
      while (!fitsOneChunk(factorsAt(count - 1)) && count < MAX_AUTO_LEVELS) count++;
    } else {
      count = own.levels as number;
    }
    const factors = Array.from({ length: count }, (_, k) => factorsAt(k));

    const warnings: string[] = [];
    if (remote) {
      // The old image's metadata goes first (nothing old is readable from here), then the rest of it.
      const prior = await listForOverwrite(remote, storage, o.overwrite === true, 'io.writeOmeZarr');
      placed = remote;
      await remoteDelete(remote, prior.filter(isMetadataKey), storage);
      await remoteDelete(remote, prior.filter((k) => !isMetadataKey(k)), storage);
    } else {
      await makeFolder(path.dirname(dest), true);
      warnings.push(...await recoverInterrupted(dest));
      const exists = (await statIfExists(dest)) !== null;
      if (exists && !o.overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `io.writeOmeZarr: ${dest} already exists (pass overwrite: true to replace it)`);
      if (exists && !(await replaceable(dest))) {
        throw new DynaZarrError('ERR_ZARR_EXISTS', `io.writeOmeZarr: ${dest} exists and is not a Zarr array, group or empty directory; refusing to replace it`);
      }
      staging = stagingPath(dest);
      await makeFolder(staging, false);
    }
    const levelPath = (k: number): string => (remote ? joinRemote(remote, String(k)) : path.join(staging!, String(k)));
    // The group's documents: in the staging folder, or PUT after every level is complete.
    const put = (name: string, text: string): Promise<void> => (remote ? remotePut(joinRemote(remote, name), storage, text) : writeFileDurably(path.join(staging!, name), text));

    const levelPaths = factors.map((_, k) => levelPath(k));
    // The levels carry no attributes of their own: the user's and the source's belong to the image (the group).
    const levelOptions = { ...o, chunks, overwrite: false, attributes: {}, dimensionNames: [...axes] };
    const report = pyramid
      ? await writeStoredLevels(pyramid, levelPaths, chunks, levelOptions, { dimensionSeparator: '/' })
      : await writeLevels(array, factors.map((f, k) => ({ path: levelPaths[k], factors: f })), { ...levelOptions, method } as never, { dimensionSeparator: '/' });

    const axesJson = [...axes].map((a, i) => ({ name: a, type: TYPES[a], ...(units[i] ? { unit: units[i] } : {}) }));
    // A mean (or other block) reduction puts a level's pixel centre at the centre of its block.
    // A stored level records nothing of how it was reduced: scale only, its
    // ratio to level 0 (as bioformats2raw writes such pyramids).
    const offset = method !== 'simple' && !pyramid;
    const datasets = (pyramid ? pyramid.ratios : factors).map((f, k) => {
      const transforms: Array<Record<string, unknown>> = [{ type: 'scale', scale: f.map((x, i) => x * scale[i]) }];
      if (offset && f.some((x) => x > 1)) transforms.push({ type: 'translation', translation: f.map((x, i) => ((x - 1) / 2) * scale[i]) });
      return { path: String(k), coordinateTransformations: transforms };
    });
    const multiscale: Record<string, unknown> = {
      ...(format === 2 ? { version: '0.4' } : {}),
      ...(own.name !== undefined ? { name: own.name } : {}),
      axes: axesJson,
      datasets,
      ...(pyramid ? {} : { type: method }),
    };
    const userAttributes = o.attributes ?? {};
    if (format === 2) {
      await put('.zattrs', stringifyJson({ ...userAttributes, multiscales: [multiscale] }));
      await put('.zgroup', stringifyJson({ zarr_format: 2 }));
    } else {
      const attributes = { ...userAttributes, ome: { version: '0.5', multiscales: [multiscale] } };
      await put('zarr.json', stringifyJson({ zarr_format: 3, node_type: 'group', attributes }));
    }
    placed = null;
    if (staging) {
      await syncPath(staging);
      warnings.push(...await moveIntoPlace(staging, dest, { overwrite: o.overwrite === true }));
      staging = null;
    }
    // Level paths as they are now, inside the group at dest.
    const levels = report.levels.map((l, k) => ({ ...l, path: remote ? joinRemote(remote, String(k)) : path.join(dest, String(k)) }));
    return { ...report, path: dest, levels, warnings: [...report.warnings, ...warnings] };
  } catch (err) {
    if (staging) await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (placed) await removeAllRemote(placed, storage);
    throw publicError(err, callerStack);
  }
}
