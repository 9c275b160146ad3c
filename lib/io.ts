/** The public `io` namespace: io.read and io.write. */
import { read } from './read/read';
import { write } from './write/write';

export type { ReadOptions } from './read/read';
export type { WriteOptions, WriteReport } from './write/write';
export { read, write };

export const io = { read, write };
