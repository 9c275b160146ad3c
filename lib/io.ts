/** The public `io` namespace: io.read and io.write. */
import { read } from './read/read';
import { write } from './write/write';
import { createSink } from './write/sink';

export type { ReadOptions } from './read/read';
export type { WriteOptions, WriteReport } from './write/write';
export type { Sink, SinkOptions } from './write/sink';
export { read, write, createSink };

export const io = { read, write, createSink };
