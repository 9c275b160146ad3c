/**
 * The lazy node of one block with its halo: the box [start - depth, start +
 * shape + depth) of `input`, where coordinates outside the array take the
 * boundary's values (scipy.ndimage's modes, any depth, even one larger than
 * the axis). Inside the array the halo holds the neighbouring blocks' real
 * values, so a filter applied to it equals the filter over the whole array.
 *
 * Per axis the box's coordinates map to input coordinates in a few runs of
 * step +1 or -1 (the block itself, a mirrored or wrapped edge) or constant
 * runs; the box is the concatenation of one strided view per combination of
 * runs, so the engine reads only the elements the halo needs.
 */
import { castNode, makeView, type LazyNode, type MapBoundary, type ViewAxis } from '../graph/nodes';

/** Input coordinate of coordinate `i` of an axis of length n, or -1 for the constant. */
export function boundaryIndex(i: number, n: number, boundary: MapBoundary): number {
  if (i >= 0 && i < n) return i;
  const mod = (x: number, m: number): number => ((x % m) + m) % m;
  switch (boundary) {
    case 'constant': return -1;
    case 'nearest': return i < 0 ? 0 : n - 1;
    case 'wrap': return mod(i, n);
    case 'reflect': { // d c b a | a b c d | d c b a (period 2n)
      const j = mod(i, 2 * n);
      return j < n ? j : 2 * n - 1 - j;
    }
    case 'mirror': { // d c b | a b c d | c b a (period 2n - 2)
      if (n === 1) return 0;
      const j = mod(i, 2 * n - 2);
      return j < n ? j : 2 * n - 2 - j;
    }
  }
}

interface Run {
  /** Input coordinate of the first element, or -1 for a constant run. */
  from: number;
  step: 1 | -1;
  length: number;
}

/** Coordinates lo..hi-1 of an axis of length n as maximal runs (a run's step is set by its second element). */
function runsOf(lo: number, hi: number, n: number, boundary: MapBoundary): Run[] {
  const runs: Run[] = [];
  for (let i = lo; i < hi; i++) {
    const f = boundaryIndex(i, n, boundary);
    const last = runs[runs.length - 1];
    if (last && (f < 0) === (last.from < 0)) {
      if (f < 0) { last.length++; continue; }
      const d = f - (last.from + last.step * (last.length - 1));
      if ((last.length === 1 && (d === 1 || d === -1)) || d === last.step) {
        last.step = d as 1 | -1;
        last.length++;
        continue;
      }
    }
    runs.push({ from: f, step: 1, length: 1 });
  }
  return runs;
}

/** A node of `shape` whose every element is cval cast to dtype (one element, broadcast). */
function constantNode(like: LazyNode, shape: number[], cval: number): LazyNode {
  const ones = shape.map(() => 1);
  const buffer = new Float64Array([cval]);
  const one: LazyNode = {
    kind: 'source', shape: ones, dtype: 'float64',
    info: {
      spec: { kind: 'memory', buffer: 0, shape: ones, dtype: 'float64' }, buffer, shape: ones, dtype: 'float64',
      chunks: null, shards: null, zarrFormat: null, codecs: null, fillValue: null, attributes: {}, dimensionNames: null,
    },
  };
  const cast = castNode(one, like.dtype);
  return makeView(cast, shape, shape.map((): ViewAxis => ({ input: -1, start: 0, step: 0 })), shape.map(() => 0));
}

function concat(inputs: LazyNode[], axis: number): LazyNode {
  if (inputs.length === 1) return inputs[0];
  const shape = inputs[0].shape.slice();
  shape[axis] = inputs.reduce((n, x) => n + x.shape[axis], 0);
  return { kind: 'concat', inputs, axis, shape, dtype: inputs[0].dtype };
}

export function haloNode(input: LazyNode, start: number[], shape: number[], depth: number[], boundary: MapBoundary, cval: number): LazyNode {
  const n = input.shape;
  const perAxis = n.map((len, k) => runsOf(start[k] - depth[k], start[k] + shape[k] + depth[k], len, boundary));
  // Nested concatenation: axis 0 of (axis 1 of (… one view per combination of runs)).
  const build = (axis: number, chosen: Run[]): LazyNode => {
    if (axis === n.length) {
      const pieceShape = chosen.map((r) => r.length);
      if (chosen.some((r) => r.from < 0)) return constantNode(input, pieceShape, cval);
      const axes = chosen.map((r, k): ViewAxis => ({ input: k, start: r.from, step: r.step }));
      return makeView(input, pieceShape, axes, n.map(() => null));
    }
    return concat(perAxis[axis].map((r) => build(axis + 1, [...chosen, r])), axis);
  };
  return build(0, []);
}
