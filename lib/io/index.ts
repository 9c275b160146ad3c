/** The public `io` namespace: io.read and io.write. */
import { read } from './read';
import { write } from './write';

export type { ReadOptions } from './read';
export type { WriteOptions, WriteReport } from './write';
export { read, write };

export const io = { read, write };
