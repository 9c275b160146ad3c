/** The public `io` namespace: reading, writing, pyramids, OME-Zarr images and sinks. */
import { read } from './read/read';
import { write } from './write/write';
import { writeLevels } from './write/levels';
import { writeOmeZarr } from './write/ome-zarr';
import { createSink } from './write/sink';

export type { ReadOptions } from './read/read';
export type { WriteOptions, WriteReport } from './write/write';
export type { LevelOutput, WriteLevelsOptions, WriteLevelsReport } from './write/levels';
export type { WriteOmeZarrOptions } from './write/ome-zarr';
export type { Sink, SinkOptions } from './write/sink';
export { read, write, writeLevels, writeOmeZarr, createSink };

/**
 * Reading and writing: the `io` namespace.
 * @example
 * ```ts
 * import { io } from 'dyna_zarr';
 * const a = await io.read('image.tif');            // TIFF, Zarr v2 or Zarr v3, lazily
 * const report = await io.write(a.get('::2, ::2').abs(), 'out.zarr', { zarrFormat: 3 });
 * ```
 */
export const io = {
  /** Opens a TIFF, Zarr v2 or Zarr v3 array lazily (see {@link ReadOptions}). */
  read,
  /** Writes an array (any lazy expression) to a Zarr v2 or v3 store, region by region (see {@link WriteOptions}). */
  write,
  /** Writes several downsampled levels of one array, reading the source once (see {@link WriteLevelsOptions}). */
  writeLevels,
  /** Writes an OME-Zarr multiscale image (NGFF 0.4 for Zarr v2, 0.5 for v3; see {@link WriteOmeZarrOptions}). */
  writeOmeZarr,
  /** Creates a Zarr array written block by block (see {@link Sink}). */
  createSink,
};
