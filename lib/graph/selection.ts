/**
 * NumPy basic indexing: integers, slices (clamped bounds, negative steps),
 * one ellipsis, newaxis and null (the whole axis), in the array form or the
 * NumPy-style string form. A selection becomes a list of view axes; the
 * caller turns it into one job-spec view node (composed with earlier views).
 */
import { DynaZarrError } from '../errors';
import type { ViewAxis } from './nodes';

/** Python's slice: any bound may be null/undefined. */
export class Slice {
  constructor(
    /** First index (null: from the start, or the end for a negative step). */
    readonly start: number | null,
    /** Index to stop before (null: to the end). */
    readonly stop: number | null,
    /** Step (null: 1; negative walks backwards). */
    readonly step: number | null,
  ) {}

  /** Python's notation, e.g. '1:10:2'. */
  toString(): string {
    return `${this.start ?? ''}:${this.stop ?? ''}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/** As Python's slice(): one argument is the stop, two are start and stop. */
export function slice(start?: number | null, stop?: number | null, step?: number | null): Slice {
  if (arguments.length === 1) return new Slice(null, start ?? null, null);
  return new Slice(start ?? null, stop ?? null, step ?? null);
}

/** A new length-1 axis in a selection, as NumPy's np.newaxis (the string form writes it None). */
export const newaxis: unique symbol = Symbol('dyna_zarr.newaxis');

/** One item of a selection: an index, a Slice, null (the whole axis), '...' or newaxis. */
export type SelectionItem = number | Slice | null | '...' | typeof newaxis;
/**
 * NumPy basic indexing: a list of items, one item, or the same in NumPy's string form.
 * @example
 * ```ts
 * a.get([0, slice(10, 20), null]);   // a[0, 10:20, :]
 * a.get('0, 10:20, ::-1, None');     // the string form
 * ```
 */
export type Selection = SelectionItem[] | string | SelectionItem;

function invalid(message: string): DynaZarrError {
  return new DynaZarrError('ERR_ZARR_INVALID_SELECTION', message);
}

function parseBound(text: string, whole: string): number | null {
  const t = text.trim();
  if (t === '' || t === 'None') return null;
  if (!/^[+-]?\d+$/.test(t)) throw invalid(`selection "${whole}": "${t}" is not an integer`);
  return Number(t);
}

/** '10:20, :, ::2, -1, ..., None' → items. */
export function parseSelectionString(text: string): SelectionItem[] {
  const body = text.trim().replace(/^\[(.*)\]$/s, '$1').trim();
  if (body === '') return [];
  return body.split(',').map((raw, k, all): SelectionItem => {
    const t = raw.trim();
    if (t === '') {
      if (k === all.length - 1 && all.length > 1) return undefined as unknown as SelectionItem; // trailing comma
      throw invalid(`selection "${text}": empty item`);
    }
    if (t === '...' || t === 'Ellipsis') return '...';
    if (t === 'None' || t === 'newaxis' || t === 'np.newaxis') return newaxis;
    if (t.includes(':')) {
      const parts = t.split(':');
      if (parts.length > 3) throw invalid(`selection "${text}": "${t}" has too many colons`);
      return new Slice(parseBound(parts[0], text), parseBound(parts[1], text), parts.length === 3 ? parseBound(parts[2], text) : null);
    }
    return parseBound(t, text) as number;
  }).filter((x) => x !== undefined);
}

function describe(item: unknown): string {
  if (item === newaxis) return 'newaxis';
  if (item instanceof Slice) return `slice(${item.toString()})`;
  try { return JSON.stringify(item) ?? String(item); } catch { return String(item); }
}

export function normalizeSelection(selection: Selection): SelectionItem[] {
  if (typeof selection === 'string' && selection !== '...') return parseSelectionString(selection);
  const items = (Array.isArray(selection) ? selection : [selection]) as SelectionItem[];
  for (const it of items) {
    const ok = it === null || it === '...' || it === newaxis || it instanceof Slice
      || (typeof it === 'number' && Number.isInteger(it));
    if (!ok) throw invalid(`selection item ${describe(it)} is not an integer, slice, null, '...' or newaxis`);
  }
  return items;
}

/** Python's slice.indices(n) and the resulting length. */
export function sliceIndices(s: Slice, n: number, axis: number): { start: number; step: number; length: number } {
  const step = s.step ?? 1;
  if (step === 0) throw invalid(`slice step cannot be zero (axis ${axis})`);
  let start: number;
  let stop: number;
  if (step > 0) {
    start = s.start === null ? 0 : s.start < 0 ? Math.max(0, s.start + n) : Math.min(s.start, n);
    stop = s.stop === null ? n : s.stop < 0 ? Math.max(0, s.stop + n) : Math.min(s.stop, n);
  } else {
    start = s.start === null ? n - 1 : s.start < 0 ? Math.max(-1, s.start + n) : Math.min(s.start, n - 1);
    stop = s.stop === null ? -1 : s.stop < 0 ? Math.max(-1, s.stop + n) : Math.min(s.stop, n - 1);
  }
  const length = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  // An empty axis keeps a harmless in-range start.
  return { start: length === 0 ? 0 : start, step, length };
}

export interface ResolvedSelection {
  shape: number[];
  axes: ViewAxis[];
  fixed: Array<number | null>;
  /** Input axis of each output axis (-1: new axis), for chunks and dimension names. */
  inputAxis: number[];
}

/** Applies basic indexing to an array of `shape`. */
export function resolveSelection(selection: Selection, shape: number[]): ResolvedSelection {
  const items = normalizeSelection(selection);
  const ellipses = items.filter((it) => it === '...').length;
  if (ellipses > 1) throw invalid(`an index can only have a single ellipsis ('...')`);
  const consuming = items.filter((it) => it !== '...' && it !== newaxis).length;
  if (consuming > shape.length) {
    throw invalid(`too many indices for array: array is ${shape.length}-dimensional, but ${consuming} were indexed`);
  }
  const expanded: SelectionItem[] = [];
  for (const it of items) {
    if (it === '...') for (let k = 0; k < shape.length - consuming; k++) expanded.push(null);
    else expanded.push(it);
  }
  while (expanded.filter((it) => it !== newaxis).length < shape.length) expanded.push(null);

  const out: ResolvedSelection = { shape: [], axes: [], fixed: shape.map(() => null), inputAxis: [] };
  let axis = 0;
  for (const it of expanded) {
    if (it === newaxis) {
      out.shape.push(1);
      out.axes.push({ input: -1, start: 0, step: 0 });
      out.inputAxis.push(-1);
      continue;
    }
    const n = shape[axis];
    if (typeof it === 'number') {
      if (it < -n || it >= n) throw invalid(`index ${it} is out of bounds for axis ${axis} with size ${n}`);
      out.fixed[axis] = it < 0 ? it + n : it;
    } else {
      const s = it === null ? new Slice(null, null, null) : (it as Slice);
      const { start, step, length } = sliceIndices(s, n, axis);
      out.shape.push(length);
      out.axes.push({ input: axis, start, step });
      out.inputAxis.push(axis);
    }
    axis++;
  }
  return out;
}
