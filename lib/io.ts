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

export const io = { read, write, writeLevels, writeOmeZarr, createSink };
