/**
 * `dyna-zarr compare <a> <b>`: streams both arrays slab by slab (bounded
 * memory whatever their size) and reports the first differing element.
 * NaN equals NaN; a dtype or shape difference alone is a difference.
 */
import { io, slice, type DType, type DynamicArray, type NdArray } from '../index';
import { fromHalfBits } from '../metadata/fill-value';
import { formatShape, formatValue } from './format';

export interface CompareOptions {
  /** Bytes per array per slab, in MiB. */
  slabMb?: number;
}

const DEFAULT_SLAB_MB = 64;

type Lane = number | bigint;

function sameLane(x: Lane, y: Lane): boolean {
  // `===` makes 0 equal -0 (as NumPy's ==); NaN is the one value unequal to itself.
  return x === y || (x !== x && y !== y);
}

/** A readable element value: booleans as true/false, float16 decoded, complex as a+bj. */
function elementValue(dtype: DType, data: ArrayLike<Lane>, index: number): string {
  if (dtype === 'complex64' || dtype === 'complex128') {
    return formatValue([data[2 * index] as number, data[2 * index + 1] as number]);
  }
  if (dtype === 'bool') return data[index] ? 'true' : 'false';
  if (dtype === 'float16') return formatValue(fromHalfBits(data[index] as number));
  return formatValue(data[index]);
}

/** Index of the first element that differs, or -1. */
function firstDifference(dtype: DType, a: NdArray, b: NdArray): number {
  const ab = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const bb = Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  if (ab.equals(bb)) return -1; // the common case, at memcmp speed
  const x = a.data as ArrayLike<Lane>;
  const y = b.data as ArrayLike<Lane>;
  const lanes = dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
  for (let i = 0; i < x.length; i += 1) {
    const same = dtype === 'float16'
      ? sameLane(fromHalfBits(x[i] as number), fromHalfBits(y[i] as number))
      : sameLane(x[i], y[i]);
    if (!same) return Math.floor(i / lanes);
  }
  return -1;
}

/**
 * The slabs: the leading axes are walked one index at a time until the
 * remaining axes fit the budget, then `rows` indices of that axis per slab.
 */
function* slabs(shape: number[], itemBytes: number, budget: number): Generator<{ start: number[]; extent: number[] }> {
  const n = shape.length;
  let axis = 0;
  let inner = shape.reduce((p, s) => p * s, 1) / Math.max(shape[0] ?? 1, 1);
  while (axis < n - 1 && inner * itemBytes > budget) {
    axis += 1;
    inner /= Math.max(shape[axis], 1);
  }
  const rows = Math.max(1, Math.floor(budget / Math.max(inner * itemBytes, 1)));
  const outer = shape.slice(0, axis);
  const position = outer.map(() => 0);
  for (;;) {
    for (let r = 0; r < shape[axis]; r += rows) {
      const start = [...position, r, ...shape.slice(axis + 1).map(() => 0)];
      const extent = [...outer.map(() => 1), Math.min(rows, shape[axis] - r), ...shape.slice(axis + 1)];
      yield { start, extent };
    }
    let k = outer.length - 1;
    while (k >= 0 && position[k] + 1 >= outer[k]) {
      position[k] = 0;
      k -= 1;
    }
    if (k < 0) return;
    position[k] += 1;
  }
}

function unravel(flat: number, extent: number[]): number[] {
  const out = extent.map(() => 0);
  for (let d = extent.length - 1; d >= 0; d -= 1) {
    out[d] = flat % extent[d];
    flat = Math.floor(flat / extent[d]);
  }
  return out;
}

function itemBytesOf(a: DynamicArray): number {
  return a.size === 0 ? 1 : Math.max(1, a.nbytes / a.size);
}

export async function runCompare(pathA: string, pathB: string, options: CompareOptions): Promise<number> {
  const [a, b] = await Promise.all([io.read(pathA), io.read(pathB)]);
  const out = process.stdout;
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) {
    out.write(`different shape: ${pathA} is ${formatShape(a.shape)}, ${pathB} is ${formatShape(b.shape)}\n`);
    return 1;
  }
  if (a.dtype !== b.dtype) {
    out.write(`different dtype: ${pathA} is ${a.dtype}, ${pathB} is ${b.dtype}\n`);
    return 1;
  }
  const budget = Math.max(1, Math.floor((options.slabMb ?? DEFAULT_SLAB_MB) * 1024 * 1024));
  if (a.shape.length === 0) {
    const [ra, rb] = await Promise.all([a.compute(), b.compute()]);
    if (firstDifference(a.dtype, ra, rb) >= 0) {
      out.write(`values differ at []: ${pathA} has ${elementValue(a.dtype, ra.data as ArrayLike<Lane>, 0)}, `
        + `${pathB} has ${elementValue(b.dtype, rb.data as ArrayLike<Lane>, 0)}\n`);
      return 1;
    }
  } else if (a.size > 0) {
    const shape = a.shape;
    for (const { start, extent } of slabs(shape, itemBytesOf(a), budget)) {
      const selection = shape.map((_, d) => slice(start[d], start[d] + extent[d]));
      const [ra, rb] = await Promise.all([a.get(selection).compute(), b.get(selection).compute()]);
      const at = firstDifference(a.dtype, ra, rb);
      if (at >= 0) {
        const index = unravel(at, extent).map((v, d) => v + start[d]);
        out.write(
          `values differ at [${index.join(', ')}]: ${pathA} has ${elementValue(a.dtype, ra.data as ArrayLike<Lane>, at)}, `
          + `${pathB} has ${elementValue(b.dtype, rb.data as ArrayLike<Lane>, at)}\n`,
        );
        return 1;
      }
    }
  }
  out.write(`identical: ${a.dtype} ${formatShape(a.shape)}\n`);
  return 0;
}
