/**
 * What a reader (Zarr metadata, TIFF, fromArray) hands the lazy layer: the
 * engine-facing spec plus the public properties of the resulting DynamicArray.
 */
import type { Codecs } from './codecs/codecs';
import type { DType } from './dtype';
import type { SourceSpec } from './job/job-spec';

/**
 * A fill value: a number (NaN and ±Infinity included), bigint for 64-bit integers, boolean, [re, im] for complex, or null (none).
 */
export type FillValue = number | bigint | boolean | [number, number] | null;

export interface SourceInfo {
  /** What binding/core opens (kind zarr | tiff | memory). */
  spec: SourceSpec;
  /** For kind 'memory': the buffer the spec's `buffer` index refers to. */
  buffer?: ArrayBufferView;
  shape: number[];
  dtype: DType;
  /** Chunk shape (inner chunk when sharded; tile/strip shape for TIFF). */
  chunks: number[] | null;
  /** Shard shape, or null. */
  shards: number[] | null;
  zarrFormat: 2 | 3 | null;
  codecs: Codecs | null;
  fillValue: FillValue;
  attributes: Record<string, unknown>;
  dimensionNames: Array<string | null> | null;
  /** io.read cacheMb: the native decoded-chunk cache spec.chunkCache names, kept alive with this info. */
  chunkCache?: { id: number };
}
