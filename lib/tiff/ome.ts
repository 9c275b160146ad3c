/**
 * The parts of OME-XML a reader needs: per Image (= series), its sizes,
 * dimension order, physical sizes and the TiffData blocks that map planes
 * to IFDs. A small tag scanner, not a general XML parser: OME-XML written by
 * Bio-Formats, tifffile and others is regular enough for it.
 */
import { DynaZarrError } from '../errors';

export interface OmeTiffData {
  ifd: number;
  /** null: not given (then 1 when ifd was given, else every plane). */
  planeCount: number | null;
  firstZ: number;
  firstC: number;
  firstT: number;
  /** The TiffData's UUID element: which file holds the planes (null: this one). */
  uuid: string | null;
  fileName: string | null;
}

export interface OmeImage {
  name: string | null;
  dimensionOrder: string;
  sizes: { X: number; Y: number; Z: number; C: number; T: number };
  physical: Record<string, { value: number; unit: string | null }>;
  channelNames: string[];
  tiffData: OmeTiffData[];
}

const ATTR = /([\w:]+)\s*=\s*"([^"]*)"|([\w:]+)\s*=\s*'([^']*)'/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) {
    const key = (m[1] ?? m[3]).replace(/^\w+:/, '');
    out.set(key, m[2] ?? m[4]);
  }
  return out;
}

/** Every `<Tag ...>` / `<ns:Tag .../>` opening in text, with its attributes and (for non-empty elements) body. */
function elements(text: string, tag: string): Array<{ attrs: Map<string, string>; body: string }> {
  const re = new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*?)(/>|>([\\s\\S]*?)</(?:\\w+:)?${tag}\\s*>)`, 'g');
  return [...text.matchAll(re)].map((m) => ({ attrs: attributes(m[1]), body: m[3] ?? '' }));
}

function nonNegative(value: string | undefined, fallback: number, what: string, file: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new DynaZarrError('ERR_TIFF_INVALID', `${file}: OME-XML ${what}="${value}" is not a non-negative integer`);
  return n;
}

export function isOmeXml(description: string | undefined): boolean {
  return !!description && /<(?:\w+:)?OME[\s>]/.test(description.slice(0, 4096));
}

/** The UUID attribute of the root OME element: this file's identity. */
export function omeRootUuid(xml: string): string | null {
  const root = /<(?:\w+:)?OME\b([^>]*)>/.exec(xml);
  return root ? attributes(root[1]).get('UUID') ?? null : null;
}

export function parseOmeXml(xml: string, file: string): OmeImage[] {
  return elements(xml, 'Image').map(({ attrs, body }) => {
    const pixels = elements(body, 'Pixels')[0];
    if (!pixels) throw new DynaZarrError('ERR_TIFF_INVALID', `${file}: OME-XML Image without Pixels`);
    const p = pixels.attrs;
    const size = (key: string): number => {
      const n = nonNegative(p.get(key), 1, key, file);
      if (n < 1) throw new DynaZarrError('ERR_TIFF_INVALID', `${file}: OME-XML ${key} must be at least 1`);
      return n;
    };
    const order = (p.get('DimensionOrder') ?? 'XYZCT').toUpperCase();
    if (!/^XY(ZCT|ZTC|CZT|CTZ|TZC|TCZ)$/.test(order)) {
      throw new DynaZarrError('ERR_TIFF_INVALID', `${file}: OME-XML DimensionOrder "${order}" is not valid`);
    }
    const physical: OmeImage['physical'] = {};
    for (const axis of ['X', 'Y', 'Z'] as const) {
      const v = Number(p.get(`PhysicalSize${axis}`));
      if (p.has(`PhysicalSize${axis}`) && Number.isFinite(v)) {
        physical[axis.toLowerCase()] = { value: v, unit: p.get(`PhysicalSize${axis}Unit`) ?? null };
      }
    }
    const tiffData = elements(pixels.body, 'TiffData').map(({ attrs: t, body: inner }) => {
      const uuid = elements(inner, 'UUID')[0];
      return {
        ifd: nonNegative(t.get('IFD'), 0, 'IFD', file),
        planeCount: t.has('PlaneCount') ? nonNegative(t.get('PlaneCount'), 1, 'PlaneCount', file) : t.has('IFD') ? 1 : null,
        firstZ: nonNegative(t.get('FirstZ'), 0, 'FirstZ', file),
        firstC: nonNegative(t.get('FirstC'), 0, 'FirstC', file),
        firstT: nonNegative(t.get('FirstT'), 0, 'FirstT', file),
        uuid: uuid ? uuid.body.trim() || null : null,
        fileName: uuid?.attrs.get('FileName') ?? null,
      };
    });
    return {
      name: attrs.get('Name') ?? null,
      dimensionOrder: order,
      sizes: { X: size('SizeX'), Y: size('SizeY'), Z: size('SizeZ'), C: size('SizeC'), T: size('SizeT') },
      physical,
      channelNames: elements(pixels.body, 'Channel').map((c) => c.attrs.get('Name') ?? ''),
      tiffData,
    };
  });
}
