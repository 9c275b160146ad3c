/** The ImageJ hyperstack description ("ImageJ=1.x\nimages=..\nchannels=..."). */

export interface ImageJInfo {
  images: number;
  /** Leading axes (tifffile order T, Z, C), length-1 axes dropped. */
  axes: string;
  shape: number[];
  spacing?: number;
  unit?: string;
}

export function parseImageJ(description: string | undefined): ImageJInfo | null {
  if (!description || !description.startsWith('ImageJ=')) return null;
  const values = new Map<string, string>();
  for (const line of description.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const int = (key: string): number => {
    const v = Number(values.get(key) ?? '1');
    return Number.isSafeInteger(v) && v > 0 ? v : 1;
  };
  const frames = int('frames'), slices = int('slices'), channels = int('channels');
  const images = values.has('images') ? int('images') : frames * slices * channels;
  let axes = '';
  const shape: number[] = [];
  for (const [letter, n] of [['T', frames], ['Z', slices], ['C', channels]] as const) {
    if (n > 1) {
      axes += letter;
      shape.push(n);
    }
  }
  // Files without hyperstack counts are a plain stack of `images` pages.
  if (shape.reduce((a, b) => a * b, 1) !== images) {
    axes = images > 1 ? 'I' : '';
    shape.length = 0;
    if (images > 1) shape.push(images);
  }
  const info: ImageJInfo = { images, axes, shape };
  const spacing = Number(values.get('spacing'));
  if (Number.isFinite(spacing)) info.spacing = spacing;
  if (values.has('unit')) info.unit = values.get('unit');
  return info;
}
