/**
 * Groups the IFDs of a TIFF into series, as tifffile does: OME-XML images,
 * an ImageJ hyperstack, tifffile's "shaped" JSON series, or generic stacks
 * of pages with equal tifffile page hashes. Pyramid levels come from
 * SubIFDs or, for generic series, from later series one downsampling step
 * smaller (tifffile's pyramidize_series).
 */
import path from 'node:path';
import { DynaZarrError } from '../errors';
import { parseImageJ } from './imagej';
import { type TiffListing, type TiffPage, layoutKey, pageAxes, pageShape, seriesKey } from './inspect';
import { isOmeXml, omeRootUuid, parseOmeXml, type OmeImage } from './ome';

export interface TiffSeries {
  kind: 'ome' | 'imagej' | 'shaped' | 'generic';
  /** tifffile letters of the leading page-grid axes (e.g. 'TZC', 'I', 'QQ'). */
  gridAxes: string;
  gridShape: number[];
  /** Level 0 pages, C order over gridShape. */
  pages: TiffPage[];
  /** Pyramid levels 1.. taken from the main chain (generic series); empty: levels are SubIFDs. */
  chainLevels: TiffPage[][];
  attributes: Record<string, unknown>;
}

const product = (xs: number[]): number => xs.reduce((a, b) => a * b, 1);

function invalid(file: string, message: string): DynaZarrError {
  return new DynaZarrError('ERR_TIFF_INVALID', `${file}: ${message}`);
}

function squeeze(axes: string, shape: number[]): { axes: string; shape: number[] } {
  const keep = shape.map((n) => n !== 1);
  return { axes: [...axes].filter((_, i) => keep[i]).join(''), shape: shape.filter((_, i) => keep[i]) };
}

/**
 * The UUID naming this file in TiffData blocks, as tifffile finds it: the
 * root OME element's, else that of the first block whose FileName is this
 * file's name. Planes are matched by UUID, so a renamed file still reads.
 */
function ownUuid(xml: string, images: OmeImage[], file: string): string | null {
  const root = omeRootUuid(xml);
  if (root !== null) return root;
  const name = path.basename(file).toLowerCase();
  for (const image of images) {
    for (const td of image.tiffData) if (td.uuid !== null && td.fileName?.toLowerCase() === name) return td.uuid;
  }
  return null;
}

function omeSeries(listing: TiffListing, image: OmeImage, own: string | null, file: string): TiffSeries {
  const main = listing.pages;
  const { Z, C, T } = image.sizes;
  const first = image.tiffData.length > 0 ? image.tiffData[0].ifd : 0;
  const spp = main[first]?.samples ?? 1;
  // With RGB pages, OME counts samples as channels.
  const cPlanes = spp > 1 && C % spp === 0 ? C / spp : C;
  const sizes: Record<string, number> = { Z, C: cPlanes, T };
  const order = image.dimensionOrder; // XY + fastest..slowest
  const fast = [order[2], order[3], order[4]];
  const planes = Z * cPlanes * T;
  const planeIndex = (z: number, c: number, t: number): number => {
    const at: Record<string, number> = { Z: z, C: c, T: t };
    return at[fast[0]] + sizes[fast[0]] * (at[fast[1]] + sizes[fast[1]] * at[fast[2]]);
  };
  const ifdOf = new Array<number>(planes).fill(-1);
  const blocks = image.tiffData.length > 0 ? image.tiffData : [{ ifd: 0, planeCount: null, firstZ: 0, firstC: 0, firstT: 0, uuid: null, fileName: null }];
  for (const td of blocks) {
    const here = td.uuid === own || td.fileName === path.basename(file) || (td.uuid === null && td.fileName === null);
    if (!here) {
      throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${file}: multi-file OME-TIFF (planes in ${td.fileName ?? td.uuid}) is not supported`);
    }
    const start = planeIndex(td.firstZ, td.firstC, td.firstT);
    const count = td.planeCount ?? planes - start;
    for (let k = 0; k < count && start + k < planes; ++k) ifdOf[start + k] = td.ifd + k;
  }
  const pages = ifdOf.map((ifd, plane) => {
    const page = ifd >= 0 ? main[ifd] : undefined;
    if (!page) throw invalid(file, `OME-XML plane ${plane} of image ${image.name ?? ''} has no IFD in this file`);
    return page;
  });
  const { axes, shape } = squeeze(fast.slice().reverse().join(''), fast.slice().reverse().map((l) => sizes[l]));
  const attributes: Record<string, unknown> = { ome: { name: image.name, dimensionOrder: order, physicalSizes: image.physical } };
  if (image.channelNames.some((n) => n !== '')) (attributes.ome as Record<string, unknown>).channelNames = image.channelNames;
  return { kind: 'ome', gridAxes: axes, gridShape: shape, pages, chainLevels: [], attributes };
}

function imagejSeries(listing: TiffListing, file: string): TiffSeries | null {
  const info = parseImageJ(listing.pages[0]?.description);
  if (!info) return null;
  if (listing.pages.length < info.images) {
    throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${file}: ImageJ file with ${info.images} images in ${listing.pages.length} IFDs (contiguous >4 GiB ImageJ files are not supported)`);
  }
  // A header its pages contradict (Bio-Formats writes "images=4 channels=4"
  // over a main-chain pyramid): the page structure wins, as in tifffile.
  const pages = listing.pages.slice(0, info.images);
  const key = layoutKey(pages[0]);
  if (pages.some((p) => layoutKey(p) !== key)) return null;
  const attributes: Record<string, unknown> = { imagej: { spacing: info.spacing, unit: info.unit } };
  return { kind: 'imagej', gridAxes: info.axes, gridShape: info.shape, pages, chainLevels: [], attributes };
}

/** tifffile's {"shape": [...]} description on the first page of each series. */
function shapedAt(pages: TiffPage[], i: number): TiffSeries | null {
  const page = pages[i];
  const text = page.description;
  if (!text || !text.startsWith('{') || page.dtype === null) return null;
  let meta: { shape?: unknown; axes?: unknown };
  try {
    meta = JSON.parse(text) as typeof meta;
  } catch {
    return null;
  }
  const shape = meta.shape;
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) return null;
  const ps = pageShape(page);
  const lead = shape.length - ps.length;
  if (lead < 0 || ps.some((n, k) => shape[lead + k] !== n)) return null;
  const gridShape = (shape as number[]).slice(0, lead);
  const count = product(gridShape);
  if (count < 1 || i + count > pages.length) return null;
  const key = layoutKey(page);
  for (let k = i; k < i + count; ++k) if (layoutKey(pages[k]) !== key) return null;
  const axes = typeof meta.axes === 'string' && meta.axes.length === shape.length ? meta.axes.slice(0, lead).toUpperCase() : 'Q'.repeat(lead);
  return { kind: 'shaped', gridAxes: axes, gridShape, pages: pages.slice(i, i + count), chainLevels: [], attributes: {} };
}

export function buildSeries(listing: TiffListing, file: string): TiffSeries[] {
  const pages = listing.pages;
  if (pages.length === 0) throw invalid(file, 'no images');
  const first = pages[0].description;
  if (isOmeXml(first)) {
    const images = parseOmeXml(first as string, file);
    const own = ownUuid(first as string, images, file);
    return images.map((image) => omeSeries(listing, image, own, file));
  }
  const imagej = imagejSeries(listing, file);
  if (imagej) return [imagej];

  const out: TiffSeries[] = [];
  const rest: TiffPage[] = [];
  for (let i = 0; i < pages.length;) {
    const shaped = shapedAt(pages, i);
    if (shaped) {
      out.push(shaped);
      i += shaped.pages.length;
    } else {
      rest.push(pages[i++]);
    }
  }
  out.push(...genericSeries(rest));
  return out;
}

/** tifffile's _series_generic: pages grouped by page hash, in order of first appearance. */
function genericSeries(pages: TiffPage[]): TiffSeries[] {
  const out: TiffSeries[] = [];
  const groups = new Map<string, TiffSeries>();
  for (const page of pages) {
    const key = seriesKey(page);
    let series = page.dtype === null ? undefined : groups.get(key);
    if (!series) {
      series = { kind: 'generic', gridAxes: '', gridShape: [], pages: [], chainLevels: [], attributes: {} };
      out.push(series);
      if (page.dtype !== null) groups.set(key, series);
    }
    series.pages.push(page);
  }
  for (const s of out) {
    if (s.pages.length > 1) {
      s.gridAxes = 'I';
      s.gridShape = [s.pages.length];
    }
  }
  return pyramidize(out);
}

const seriesShape = (s: TiffSeries, pages: TiffPage[]): number[] => [...s.gridShape, ...pageShape(pages[0])];
const seriesAxes = (s: TiffSeries, pages: TiffPage[]): string => s.gridAxes + pageAxes(pages[0]);

/**
 * tifffile's subresolution(): the pyramid level of b below a with
 * downsampling factor p (floor or ceiling division on Y and X, every other
 * axis equal), or null.
 */
function subresolution(a: TiffSeries, aPages: TiffPage[], b: TiffSeries, p: number): number | null {
  const axes = seriesAxes(a, aPages);
  if (axes !== seriesAxes(b, b.pages) || aPages[0].dtype !== b.pages[0].dtype) return null;
  const as = seriesShape(a, aPages), bs = seriesShape(b, b.pages);
  let level: number | null = null;
  for (let k = 0; k < axes.length; ++k) {
    const i = as[k], j = bs[k];
    if (axes[k] !== 'X' && axes[k] !== 'Y') {
      if (i !== j) return null;
      continue;
    }
    const fits = (r: number): boolean => i >= p ** r && (Math.floor(i / p ** r) === j || Math.ceil(i / p ** r) === j);
    if (level === null) {
      for (let r = 0; r < 16 && p ** r <= i; ++r) if (fits(r)) { level = r; break; }
      if (level === null) return null;
    } else if (!fits(level)) {
      return null;
    }
  }
  return level;
}

/**
 * tifffile's pyramidize_series: a later series exactly one downsampling
 * step (2, 3 or 4, fixed by the first level found) below the last level of
 * an earlier one becomes its next level. Series with SubIFD levels keep those.
 */
function pyramidize(series: TiffSeries[]): TiffSeries[] {
  const hasSubIfds = (s: TiffSeries): boolean => (s.pages[0].subIFDs?.length ?? 0) > 0;
  for (let i = 0; i < series.length; ++i) {
    const a = series[i];
    if (a.pages[0].dtype === null || hasSubIfds(a)) continue;
    let factor: number | null = null;
    for (let j = i + 1; j < series.length;) {
      const b = series[j];
      const last = a.chainLevels.length > 0 ? a.chainLevels[a.chainLevels.length - 1] : a.pages;
      const usable = b.pages[0].dtype !== null && !hasSubIfds(b);
      const step: number | undefined = !usable ? undefined : factor ?? [2, 3, 4].find((f) => subresolution(a, last, b, f) === 1);
      if (step === undefined || subresolution(a, last, b, step) !== 1) {
        ++j;
        continue;
      }
      factor = step;
      a.chainLevels.push(b.pages);
      series.splice(j, 1);
    }
  }
  return series;
}

/** Number of pyramid levels of a series (1 when it has none). */
export function levelCount(series: TiffSeries): number {
  if (series.chainLevels.length > 0) return 1 + series.chainLevels.length;
  return 1 + Math.min(...series.pages.map((p) => p.subIFDs?.length ?? 0));
}

export function levelPages(series: TiffSeries, level: number): TiffPage[] {
  if (level === 0) return series.pages;
  if (series.chainLevels.length > 0) return series.chainLevels[level - 1];
  return series.pages.map((p) => (p.subIFDs as TiffPage[])[level - 1]);
}
