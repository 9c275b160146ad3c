/**
 * openTiff(path, { series, level }): one level of one series of a TIFF file
 * as SourceInfo. The IFDs are listed natively once; the engine's TIFF source
 * then reads tiles or strips by IFD offset (TiffSourceSpec in lib/job/job-spec.ts).
 */
import { DynaZarrError, invalidArgument } from '../errors';
import type { DType } from '../dtype';
import { itemSize } from '../dtype';
import type { TiffSourceSpec } from '../job/job-spec';
import type { SourceInfo } from '../source-info';
import { inspectTiff, layoutKey, pageAxes, pageChunks, pageShape, type TiffPage } from './inspect';
import { buildSeries, levelCount, levelPages } from './series';

const DIMENSION_NAMES: Record<string, string> = { T: 't', C: 'c', Z: 'z', Y: 'y', X: 'x', S: 's' };

function checkIndex(value: unknown, what: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(`io.read: options.${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

function unreadable(file: string, page: TiffPage): DynaZarrError {
  const code = page.unsupportedCode === 'ERR_ZARR_LIMIT' || page.unsupportedCode === 'ERR_TIFF_INVALID' ? page.unsupportedCode : 'ERR_ZARR_UNSUPPORTED';
  return new DynaZarrError(code, page.unsupported ?? `${file}: the page at offset ${page.offset} cannot be read`);
}

export async function openTiff(file: string, options: { series?: number; level?: number } = {}): Promise<SourceInfo> {
  const seriesIndex = checkIndex(options.series, 'series');
  const level = checkIndex(options.level, 'level');
  const listing = await inspectTiff(file);
  const all = buildSeries(listing, file);
  const series = all[seriesIndex];
  if (!series) throw invalidArgument(`io.read: options.series ${seriesIndex} is out of range: ${file} has ${all.length} series`);
  const levels = levelCount(series);
  if (level >= levels) throw invalidArgument(`io.read: options.level ${level} is out of range: series ${seriesIndex} of ${file} has ${levels} level(s)`);

  const pages = levelPages(series, level);
  const first = pages[0];
  for (const page of pages) if (page.dtype === null) throw unreadable(file, page);
  const key = layoutKey(first);
  for (const page of pages) {
    if (layoutKey(page) !== key) {
      throw new DynaZarrError('ERR_TIFF_INVALID', `${file}: pages of series ${seriesIndex} level ${level} differ in size or type (IFD at ${page.offset})`);
    }
  }
  const dtype = first.dtype as DType;
  const shape = [...series.gridShape, ...pageShape(first)];
  const elements = shape.reduce((a, b) => a * b, 1);
  if (elements * itemSize(dtype) > Number.MAX_SAFE_INTEGER) {
    throw new DynaZarrError('ERR_ZARR_LIMIT', `${file}: shape [${shape.join(', ')}] is too large`);
  }
  const spec: TiffSourceSpec = {
    kind: 'tiff',
    path: file,
    shape,
    dtype,
    gridRank: series.gridShape.length,
    pages: pages.map((p) => p.offset),
  };
  const axes = series.gridAxes + pageAxes(first);
  const attributes: Record<string, unknown> = {
    ...series.attributes,
    axes,
    tiff: {
      series: seriesIndex,
      seriesCount: all.length,
      seriesKind: series.kind,
      level,
      levels,
      bigtiff: listing.bigtiff,
      compression: first.compression,
      tiled: first.tiled,
    },
  };
  return {
    spec,
    shape,
    dtype,
    chunks: [...series.gridShape.map(() => 1), ...pageChunks(first)],
    shards: null,
    zarrFormat: null,
    codecs: null,
    fillValue: 0,
    attributes,
    dimensionNames: [...axes].map((a) => DIMENSION_NAMES[a] ?? null),
  };
}
