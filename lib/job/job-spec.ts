/**
 * The one plain object TypeScript hands the native engine per job
 * (JSON text + host buffers). binding/core parses exactly these shapes; keep
 * the two sides in step. Every coordinate is a plain integer (JSON number).
 */
import type { DType } from '../dtype';

/** A v3-style codec entry. v2 metadata is translated into this form too. */
export interface CodecSpec {
  /**
   * One of ENGINE_CODECS (lib/codecs/names.ts); numcodecs.* names are normalised
   * before they get here ('lz4' is the numcodecs LZ4 format). The configuration
   * is always present with every field written out: see lib/metadata/codec-chain.ts
   * and lib/metadata/filters.ts. The engine reads it and never fills defaults.
   */
  name: string;
  configuration?: Record<string, unknown>;
}

/** How chunk grid coordinates become store keys. */
export interface KeyEncodingSpec {
  /** 'default': "c/0/1" (v3); 'v2': "0.1" (v2, and v3's v2 encoding). 0-d arrays: "c" and "0". */
  kind: 'default' | 'v2';
  separator: '/' | '.';
}

/** A Zarr array as the engine sees it, whatever its format on disk. */
export interface ZarrArraySpec {
  /** Absolute directory of the array, or its http(s):// / s3:// URL. */
  path: string;
  shape: number[];
  /** The decoded element type (in memory: native little-endian). */
  dtype: DType;
  /** The stored grid: the shard shape when sharded, else the chunk shape. */
  chunkShape: number[];
  keyEncoding: KeyEncodingSpec;
  /** Fill value as hex of the element's little-endian bytes. */
  fillValue: string;
  /** Full v3 chain (array→array*, array→bytes, bytes→bytes*). v2: [transpose if order F], bytes(endian), compressor. */
  codecs: CodecSpec[];
  /** For an http(s):// or s3:// path: the storageOptions its store opens with (binding/core/store). */
  storageOptions?: Record<string, unknown>;
}

export interface ZarrSourceSpec extends ZarrArraySpec {
  kind: 'zarr';
  /** io.read cacheMb: the id of the array's decoded-chunk cache (native().chunkCache). */
  chunkCache?: number;
}

/** A C-order buffer from JavaScript: `buffers[buffer]` of the run call. */
export interface MemorySourceSpec {
  kind: 'memory';
  buffer: number;
  shape: number[];
  dtype: DType;
}

/**
 * One level of one TIFF series (IFDs are listed by lib/tiff). The first
 * `gridRank` axes of `shape` index pages (C order over them: `pages`); the
 * rest are the page axes: [H, W] (1 sample), [H, W, S] (contiguous samples)
 * or [S, H, W] (planar separate). Every page must have the layout of the
 * first; binding/core/tiff checks this as it reads.
 */
export interface TiffSourceSpec {
  kind: 'tiff';
  /** Absolute path of the file. */
  path: string;
  shape: number[];
  dtype: DType;
  /** Number of leading page-grid axes (0 for a single page). */
  gridRank: number;
  /** File offset of each page's IFD (main chain or SubIFD), product(shape[0:gridRank]) entries. */
  pages: number[];
}

export type SourceSpec = ZarrSourceSpec | MemorySourceSpec | TiffSourceSpec;

interface NodeBase {
  shape: number[];
  dtype: DType;
}

/** Reads source `source` (shape and dtype equal the source's). */
export interface SourceNode extends NodeBase {
  kind: 'source';
  source: number;
}

/**
 * A strided, permuted, broadcasting view of `input`: output axis j takes
 * input axis axes[j].input at coordinate start + step * k (step may be
 * negative, or 0 to broadcast a length-1 axis). axes[j].input === -1 makes a
 * new axis (repeated shape[j] times). fixed[i] is the coordinate for input
 * axis i when no output axis maps to it (dropped by an integer index), else null.
 * Covers get()/slice, expandDims, squeeze, swapAxes, transpose, flip, broadcasting.
 */
export interface ViewNode extends NodeBase {
  kind: 'view';
  input: number;
  axes: Array<{ input: number; start: number; step: number }>;
  fixed: Array<number | null>;
}

/**
 * Elementwise operation; consecutive ew nodes are fused into one pass.
 * args: node indices (same shape as this node) or scalar literals (strings)
 * already converted to the operation's input dtype. A scalar literal is
 * decimal text (binding/core/graph/scalar_parse.cpp): integers "-3" (already
 * in range), floats as JS String(number) ("0.5", "NaN", "-Infinity"), bool
 * "true"/"false", complex "re,im". Input dtypes:
 * - cast: any → dtype.
 * - abs: input dtype == dtype, except complex64→float32, complex128→float64.
 * - sign, sqrt, round, clip, add, subtract, multiply, divide: every array
 *   arg and scalar has this node's dtype (TypeScript inserts casts).
 *   clip: args [a, lo | null, hi | null]. round: `decimals`.
 * - where: args [cond (bool), x, y], x and y of this node's dtype.
 * - every UfuncOp (binding/core/kernels/ew_registry.h): `argDtypes` gives
 *   each arg's dtype (the NumPy loop TypeScript picked; literals are in it).
 *   isin: `values` (literals of argDtypes[0]); digitize: `values` = the
 *   monotonic bins, `right`.
 */
export interface ElementwiseNode extends NodeBase {
  kind: 'ew';
  op: 'cast' | 'abs' | 'sign' | 'sqrt' | 'round' | 'clip' | 'add' | 'subtract' | 'multiply' | 'divide' | 'where' | UfuncOp;
  args: Array<number | string | null>;
  decimals?: number;
  argDtypes?: DType[];
  values?: string[];
  right?: boolean;
}

/** The registered pointwise ops (lib/operations/ufunc-loops.ts has their NumPy loops). */
export type UfuncOp =
  | 'arccos' | 'arccosh' | 'arcsin' | 'arcsinh' | 'arctan' | 'arctanh' | 'cos' | 'cosh' | 'sin' | 'sinh' | 'tan' | 'tanh'
  | 'exp' | 'exp2' | 'expm1' | 'log' | 'log10' | 'log1p' | 'log2' | 'cbrt' | 'fabs' | 'deg2rad' | 'radians' | 'rad2deg'
  | 'degrees' | 'spacing' | 'arctan2' | 'copysign' | 'hypot' | 'heaviside' | 'logaddexp' | 'logaddexp2' | 'nextafter'
  | 'ldexp' | 'negative' | 'positive' | 'conjugate' | 'square' | 'reciprocal' | 'power' | 'floatPower' | 'floorDivide'
  | 'remainder' | 'mod' | 'fmod' | 'maximum' | 'minimum' | 'fmax' | 'fmin' | 'saturateCast' | 'equal' | 'notEqual'
  | 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'logicalAnd' | 'logicalOr' | 'logicalXor' | 'logicalNot'
  | 'isnan' | 'isinf' | 'isfinite' | 'signbit' | 'isin' | 'digitize' | 'bitwiseAnd' | 'bitwiseOr' | 'bitwiseXor'
  | 'invert' | 'leftShift' | 'rightShift' | 'gcd' | 'lcm' | 'ceil' | 'floor' | 'trunc' | 'rint';

/** Inputs share dtype and all axes but `axis`. */
export interface ConcatNode extends NodeBase {
  kind: 'concat';
  inputs: number[];
  axis: number;
}

/** C-order reshape of `input` to shape (same size). */
export interface ReshapeNode extends NodeBase {
  kind: 'reshape';
  input: number;
}

/**
 * Per-axis coordinate remapping (tile, roll, pad). For output coordinate o:
 *   identity: i = o
 *   mod:      i = (o + offset) mod n          (tile: offset 0; roll: offset -shift)
 *   clamp:    i = min(max(o - offset, 0), n - 1)   (pad mode edge; offset = before)
 *   fill:     i = o - offset, or fillValue when outside [0, n) (pad mode constant)
 */
export interface RemapNode extends NodeBase {
  kind: 'remap';
  input: number;
  axes: Array<{ kind: 'identity' } | { kind: 'mod' | 'clamp' | 'fill'; offset: number; n: number }>;
  /** Hex of one element of dtype, for 'fill' axes. */
  fillValue?: string;
}

export type ReduceOpName = 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'var' | 'std' | 'any' | 'all' | 'argmin' | 'argmax';

/**
 * Reduction over `axes` (sorted, no keepdims). The input is already cast to
 * the dtype the op takes (lib/promotion.ts reduceInputType); dtype is the
 * op's result dtype for it (var/std of complex: real; any/all: bool;
 * argmin/argmax: int64, the C-order flat index over the reduced axes).
 */
export interface ReduceNode extends NodeBase {
  kind: 'reduce';
  input: number;
  op: ReduceOpName;
  axes: number[];
  /** var/std only (default 0). */
  ddof?: number;
}

/** Median over `axes` (sorted, no keepdims); input float32/64 or complex, dtype == input dtype. */
export interface MedianNode extends NodeBase {
  kind: 'median';
  input: number;
  axes: number[];
}

/** No input: every element is `value` (hex of one element of dtype). */
export interface ConstantNode extends NodeBase {
  kind: 'constant';
  value: string;
}

/**
 * No input; dtype float16/32/64. Element at flat C-order index i (of this
 * node's shape) is output i of SplitMix64 seeded with `seed` (decimal uint64
 * text), top 11/24/53 bits scaled to [0, 1) (binding/core/graph/random_node.cpp).
 */
export interface RandomNode extends NodeBase {
  kind: 'random';
  seed: string;
}

/**
 * NumPy's add/multiply/maximum/minimum.accumulate along `axis`; shape and
 * dtype equal the input's (TypeScript casts to the result dtype first).
 */
export interface ScanNode extends NodeBase {
  kind: 'scan';
  input: number;
  op: 'sum' | 'prod' | 'max' | 'min';
  axis: number;
}

/**
 * np.histogram over every element of `input` (a real dtype; bools cast to
 * uint8 first) with `bins` equal bins: output 'counts' (int64, [bins]) or
 * 'edges' (float64, [bins + 1], NumPy's edges in its bin dtype, widened).
 * range null: the data's min and max (the node reads its input twice).
 * autoRange: the given range is the data's min/max (NumPy then computes the
 * edges in the input's float dtype rather than in float64).
 */
export interface HistogramNode extends NodeBase {
  kind: 'histogram';
  input: number;
  bins: number;
  range: [number, number] | null;
  autoRange?: boolean;
  output: 'counts' | 'edges';
}

/**
 * Block downsampling as tensorstore.downsample: output element o reduces the
 * input block [o·f, min((o+1)·f, n)) per axis (partial blocks at the end
 * over what exists). shape = ceil(input shape / factors), dtype = input
 * dtype; complex only with 'mean' and 'mode'. Semantics in
 * binding/core/kernels/downsample.h.
 */
export interface CoarsenNode extends NodeBase {
  kind: 'coarsen';
  input: number;
  method: 'mean' | 'median' | 'mode' | 'min' | 'max';
  /** One per axis, each >= 1 (and at most the axis length, or 1). */
  factors: number[];
}

/**
 * One pass of a neighbourhood filter (scipy.ndimage semantics). A pass with
 * `axis` is 1-D along it; window `size` with `origin`, it reads
 * size // 2 + origin before and size - 1 - size // 2 - origin after each
 * element. correlate1d weights in correlation order. 'correlate' and 'rank'
 * are N-d windows (weights C order; rank: the rank-th smallest) and stand
 * alone in their term.
 */
export type FilterPassSpec =
  | { kind: 'correlate1d'; axis: number; size: number; origin: number; weights: number[] }
  | { kind: 'uniform1d' | 'minimum1d' | 'maximum1d'; axis: number; size: number; origin: number }
  | { kind: 'correlate'; window: number[]; origin: number[]; weights: number[] }
  | { kind: 'rank'; window: number[]; origin: number[]; rank: number };

/**
 * A neighbourhood filter: each term's passes run in order, each storing its
 * result in dtype (as scipy's output array does between passes); terms then
 * combine in dtype arithmetic: 'none' (one term), 'sum' (laplace) or
 * 'magnitude' (sqrt of the sum of squares). Outside the array the input is
 * extended by `boundary` (scipy's mode); `cval` (String(number)) for
 * 'constant'. Shape and dtype equal the input's.
 */
export interface FilterNode extends NodeBase {
  kind: 'filter';
  input: number;
  boundary: 'reflect' | 'nearest' | 'mirror' | 'wrap' | 'constant';
  cval: string;
  terms: Array<{ passes: FilterPassSpec[] }>;
  combine: 'none' | 'sum' | 'magnitude';
}

export type NodeSpec = SourceNode | ViewNode | ElementwiseNode | ConcatNode | ReshapeNode | RemapNode | ReduceNode | MedianNode | HistogramNode | ScanNode | ConstantNode | RandomNode | CoarsenNode | FilterNode;

/** Fill the `output` buffer (C order, root shape and dtype). */
export interface ComputeSink {
  kind: 'compute';
}

/** Encode and write every chunk (or shard) of the root into `path`. */
export interface WriteSink extends ZarrArraySpec {
  kind: 'write';
  /** When false, chunks (and shards) equal to the fill value are not written. */
  writeEmptyChunks: boolean;
  /** fsync each file before its rename and each folder once at the end (default true). */
  fsync?: boolean;
  /**
   * Local files are written by a thread of their own whose queue holds a few
   * encoded files (default true); false when a memory budget must count every byte.
   */
  writerThread?: boolean;
}

/**
 * Several reductions of every element of the root, in one read: reduction
 * i folds the root's values cast to `dtype` and writes its one result
 * element at byte 16 · i of `output`.
 */
export interface ReduceSink {
  kind: 'reduce';
  reductions: Array<{ op: ReduceOpName; dtype: DType; ddof?: number }>;
}

/** np.histogram of the root with a known range: output = counts (int64 × bins) then edges (float64 × (bins + 1)). */
export interface HistogramSink {
  kind: 'histogram';
  bins: number;
  range: [number, number];
  autoRange: boolean;
}

/**
 * np.unique of the root: output = the count (int64) then the sorted distinct
 * values (root dtype), at most `capacity` of them (more is ERR_ZARR_LIMIT).
 */
export interface UniqueSink {
  kind: 'unique';
  capacity: number;
}

/**
 * io.writeLevels: each region of the root feeds every level; level k is the
 * region reduced by `factors` (tensorstore.downsample's `method`, or every
 * factors-th element for 'simple') written as by that level's write sink
 * (its shape: ceil(root shape / factors)). Regions start on multiples of
 * factors × the level's stored block, for every level.
 */
export interface LevelsSink {
  kind: 'levels';
  method: 'simple' | CoarsenNode['method'];
  levels: Array<{ factors: number[]; sink: WriteSink }>;
}

export type SinkSpec = ComputeSink | WriteSink | ReduceSink | HistogramSink | UniqueSink | LevelsSink;

export interface JobSpec {
  /** Regions in flight at once (and worker threads used). */
  threads: number;
  /** A small read (lib/job/fast-read.ts): run on the engine's small-read pool, never queued behind a long job. */
  interactive?: boolean;
  sources: SourceSpec[];
  nodes: NodeSpec[];
  root: number;
  /** Regions tile the root's shape on this grid, C order (a 0-d root: []). */
  regionShape: number[];
  /**
   * The region budget (regionSizeMb) in bytes: a node whose output region
   * needs a much larger input box (a strided view of a reshape) evaluates
   * that input in pieces of at most this size. Default 16 MiB.
   */
  regionBytes?: number;
  /**
   * Only the regions [first, end) of the C-order region grid (a partition of
   * a cluster write, lib/cluster/partition.ts); default: every region.
   * Progress then counts these regions only.
   */
  regionRange?: [number, number];
  sink: SinkSpec;
}

/** What a finished job reports back. */
export interface JobResult {
  regions: number;
  chunksWritten: number;
  bytesWritten: number;
  /** The bytes of a result whose size the data decides (the unique sink's sorted values). */
  result?: ArrayBuffer;
}

/** Progress as the engine reports it (throttled to 10 per second). */
export interface JobProgress {
  /** Regions finished so far. */
  done: number;
  /** Regions in the job. */
  total: number;
  /** Bytes written to chunk or shard files so far. */
  bytesWritten: number;
}
