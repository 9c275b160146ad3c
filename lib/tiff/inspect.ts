/** The native IFD listing of a TIFF file (binding/core/tiff/tiff_inspect.h). */
import type { DType } from '../dtype';
import { toDynaZarrError } from '../errors';
import { native } from '../job/native';

export interface TiffPage {
  /** File offset of the IFD: what the engine's TIFF source selects pages by. */
  offset: number;
  width: number;
  height: number;
  /** null when this page cannot be read here; `unsupported` says why. */
  dtype: DType | null;
  unsupported?: string;
  unsupportedCode?: string;
  samples?: number;
  planar?: 'contig' | 'separate';
  compression?: number;
  photometric?: number;
  tiled?: boolean;
  chunkWidth?: number;
  chunkHeight?: number;
  bitsPerSample?: number;
  fillOrder?: number;
  predictor?: number;
  extraSamples?: number;
  subfileType: number;
  description?: string;
  subIFDs?: TiffPage[];
}

export interface TiffListing {
  bigtiff: boolean;
  pages: TiffPage[];
}

export async function inspectTiff(file: string): Promise<TiffListing> {
  try {
    return JSON.parse(await native().tiffInspect(file)) as TiffListing;
  } catch (err) {
    throw toDynaZarrError(err);
  }
}

/** Page axes as the engine lays them out: [H, W], [H, W, S] or [S, H, W]. */
export function pageShape(page: TiffPage): number[] {
  const s = page.samples ?? 1;
  if (s === 1) return [page.height, page.width];
  return page.planar === 'separate' ? [s, page.height, page.width] : [page.height, page.width, s];
}

/** tifffile-style letters of the page axes. */
export function pageAxes(page: TiffPage): string {
  const s = page.samples ?? 1;
  if (s === 1) return 'YX';
  return page.planar === 'separate' ? 'SYX' : 'YXS';
}

/** The tile or strip shape in page axes. */
export function pageChunks(page: TiffPage): number[] {
  const s = page.samples ?? 1;
  const ch = page.chunkHeight ?? page.height;
  const cw = page.chunkWidth ?? page.width;
  if (s === 1) return [ch, cw];
  return page.planar === 'separate' ? [1, ch, cw] : [ch, cw, s];
}

/**
 * tifffile's TiffPage.hash: pages with equal keys form one generic series
 * (so a palette page and a min-is-white page of the same size do not).
 */
export function seriesKey(page: TiffPage): string {
  return [layoutKey(page), page.photometric, page.compression, page.predictor, page.bitsPerSample, page.extraSamples, page.fillOrder].join(',');
}

/** Pages that can form one array together. */
export function layoutKey(page: TiffPage): string {
  return [page.width, page.height, page.dtype, page.samples, page.planar, page.tiled, page.chunkWidth, page.chunkHeight].join(',');
}
