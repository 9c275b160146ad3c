/**
 * The one plain object TypeScript hands the native engine per job
 * (JSON text + host buffers). binding/core parses exactly these shapes; keep
 * the two sides in step. Every coordinate is a plain integer (JSON number).
 */
import type { DType } from './dtype';

/** A v3-style codec entry. v2 metadata is translated into this form too. */
export interface CodecSpec {
  /**
   * 'bytes' | 'transpose' | 'blosc' | 'zstd' | 'gzip' | 'zlib' | 'lz4' | 'bz2' | 'crc32c' | 'sharding_indexed'
   * (numcodecs.* names are normalised before they get here; 'lz4' is the numcodecs LZ4 format).
   * Every configuration key of each codec is listed in lib/metadata/codec-chain.ts.
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
  /** Absolute directory of the array. */
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
}

export interface ZarrSourceSpec extends ZarrArraySpec {
  kind: 'zarr';
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
 */
export interface ElementwiseNode extends NodeBase {
  kind: 'ew';
  op: 'cast' | 'abs' | 'sign' | 'sqrt' | 'round' | 'clip' | 'add' | 'subtract' | 'multiply' | 'divide' | 'where';
  args: Array<number | string | null>;
  decimals?: number;
}

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

/** Reduction over `axes` (sorted, no keepdims). Input dtype == dtype (casts inserted before). */
export interface ReduceNode extends NodeBase {
  kind: 'reduce';
  input: number;
  op: 'sum' | 'min' | 'max' | 'mean';
  axes: number[];
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

export type NodeSpec = SourceNode | ViewNode | ElementwiseNode | ConcatNode | ReshapeNode | RemapNode | ReduceNode | FilterNode;

/** Fill the `output` buffer (C order, root shape and dtype). */
export interface ComputeSink {
  kind: 'compute';
}

/** Encode and write every chunk (or shard) of the root into `path`. */
export interface WriteSink extends ZarrArraySpec {
  kind: 'write';
  /** When false, chunks (and shards) equal to the fill value are not written. */
  writeEmptyChunks: boolean;
}

/** Reduce every element of the root to one value written to `output` (dtype of the root). */
export interface ReduceSink {
  kind: 'reduce';
  op: 'sum' | 'min' | 'max' | 'mean';
}

export type SinkSpec = ComputeSink | WriteSink | ReduceSink;

export interface JobSpec {
  /** Regions in flight at once (and worker threads used). */
  threads: number;
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
  sink: SinkSpec;
}

/** What a finished job reports back. */
export interface JobResult {
  regions: number;
  chunksWritten: number;
  bytesWritten: number;
}

/** Progress as the engine reports it (throttled to 10 per second). */
export interface JobProgress {
  done: number;
  total: number;
  bytesWritten: number;
}
