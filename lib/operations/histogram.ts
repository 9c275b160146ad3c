/**
 * np.histogram with `bins` equal bins over `range` (default: the data's min
 * and max), NumPy's edges (its np.linspace, in its bin dtype: the input's
 * float dtype, else float64; returned widened to float64) and its bin rule
 * (the last bin is closed; values outside the range and NaN not counted).
 *
 * Lazy forms: `ops.histogram(a, bins, range)` is a DynamicArray of the
 * counts (int64, [bins]) and `ops.histogramBinEdges(a, bins, range)` one of
 * the edges (float64, [bins + 1]), NumPy's np.histogram_bin_edges. Without
 * a range the input is read twice (min and max, then counting), like NumPy.
 * `a.histogram(bins, range)` evaluates both. Counts computed on their own
 * (a.histogram(), ops.histogram(…).compute()) run as the histogram sink, in
 * parallel regions; inside a larger graph the histogram node streams its
 * input in one region.
 */
import { checkComputeOptions, DynamicArray, type ComputeOptions } from '../dynamic-array';
import { isComplex, type NdArray } from '../dtype';
import { captureCallerStack, invalidArgument, publicError } from '../errors';
import { evaluateHistogram } from '../job/execute';
import { castNode, type LazyNode } from '../graph/nodes';
import { checkArray, describe } from './common';

/** [lower, upper] edges of the histogram range (default: the data's min and max). */
export type HistogramRange = [number, number];

interface Checked { x: DynamicArray; input: LazyNode; bins: number; range: HistogramRange | null }

function checkHistogramArgs(op: string, a: unknown, bins: unknown, range: unknown): Checked {
  const x = checkArray(a, `${op}(a)`);
  if (isComplex(x.dtype)) throw invalidArgument(`${op}: a of dtype ${x.dtype} is not supported (complex values have no order)`);
  if (!(typeof bins === 'number' && Number.isSafeInteger(bins) && bins >= 1)) {
    throw invalidArgument(`${op}: bins must be a positive integer, got ${describe(bins)}`);
  }
  let r: HistogramRange | null = null;
  if (range !== undefined && range !== null) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number')) {
      throw invalidArgument(`${op}: range must be [min, max] (two numbers), got ${describe(range)}`);
    }
    const [lo, hi] = range as HistogramRange;
    if (lo > hi) throw invalidArgument(`${op}: range: max must be larger than min, got [${lo}, ${hi}]`);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw invalidArgument(`${op}: supplied range of [${lo}, ${hi}] is not finite`);
    r = [lo, hi];
  }
  // NumPy counts bools as uint8.
  return { x, input: castNode(x.node, x.dtype === 'bool' ? 'uint8' : x.dtype), bins, range: r };
}

function lazyHistogram(c: Checked, output: 'counts' | 'edges'): DynamicArray {
  const n = output === 'counts' ? c.bins : c.bins + 1;
  const node: LazyNode = {
    kind: 'histogram', input: c.input, bins: c.bins, range: c.range, output, shape: [n], dtype: output === 'counts' ? 'int64' : 'float64', inputChunks: c.x.chunks,
  };
  // One chunk: the whole output is one region, so the input is read by one region only.
  return DynamicArray.derived(node, { chunks: [n], dimensionNames: null });
}

/**
 * Lazy `numpy.histogram` counts (int64, `bins` values) of the whole array; `a.histogram()` evaluates counts and edges at once.
 * @example
 * ```ts
 * const { counts, edges } = await a.histogram(16, [0, 4096]);
 * ```
 */
export function histogram(a: DynamicArray, bins = 256, range?: HistogramRange): DynamicArray {
  return lazyHistogram(checkHistogramArgs('histogram', a, bins, range), 'counts');
}

/** The `bins + 1` float64 edges `numpy.histogram_bin_edges` gives for the same arguments; lazy. */
export function histogramBinEdges(a: DynamicArray, bins = 256, range?: HistogramRange): DynamicArray {
  return lazyHistogram(checkHistogramArgs('histogramBinEdges', a, bins, range), 'edges');
}

/** a.histogram(bins, range, options): both counts and edges, evaluated. */
export async function histogramNow(a: DynamicArray, bins = 256, range?: HistogramRange, options?: ComputeOptions): Promise<{ counts: NdArray; edges: NdArray }> {
  const callerStack = captureCallerStack();
  try {
    const c = checkHistogramArgs('histogram', a, bins, range);
    return await evaluateHistogram(c.input, c.bins, c.range, { ...checkComputeOptions(options), align: a.chunks }, callerStack);
  } catch (err) {
    throw publicError(err, callerStack);
  }
}
