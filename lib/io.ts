/** The public `io` namespace: io.read and io.write. */
import { read } from './read/read';
import { write } from './write/write';
import { writeLevels } from './write/levels';
import { writeOmeZarr } from './write/ome-zarr';

export type { ReadOptions } from './read/read';
export type { WriteOptions, WriteReport } from './write/write';
export type { LevelOutput, WriteLevelsOptions, WriteLevelsReport } from './write/levels';
export type { WriteOmeZarrOptions } from './write/ome-zarr';
export { read, write, writeLevels, writeOmeZarr };

export const io = { read, write, writeLevels, writeOmeZarr };
