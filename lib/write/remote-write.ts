/**
 * io.write to s3://: every chunk or shard is one PUT made by the engine (an
 * object appears whole or not at all), the metadata last. S3 has no rename,
 * so the order of the steps is what keeps readers safe:
 *
 * 1. List what is under the prefix. Something that is not a Zarr node, or
 *    anything at all without `overwrite`, is ERR_ZARR_EXISTS.
 * 2. Delete the old metadata documents first. From here the prefix holds no
 *    readable array, so no reader ever combines old metadata with new chunks
 *    (which could decode to wrong values rather than fail).
 * 3. The engine PUTs the chunks (and deletes in-grid keys whose chunk is now
 *    all fill value, as on disk).
 * 4. PUT the new metadata: the new array becomes readable, complete.
 * 5. Delete old objects outside the new array's key space (other chunk
 *    grid, other key encoding, other format's metadata). A reader of the new
 *    metadata never asks for them, so this can come after step 4.
 *
 * A failure or an abort before step 4 leaves no metadata (nothing readable),
 * and what the write left under the prefix is removed, best effort. With
 * overwrite, the old array is gone from step 2 on: unlike on disk, S3 cannot
 * keep it until the new one is complete.
 */
import { DynaZarrError, invalidArgument } from '../errors';
import type { JobResult, WriteSink } from '../job/job-spec';
import { abortedError } from '../job/run-job';
import { joinRemote, remoteDelete, remoteList, remotePut, type StorageOptions } from '../store/remote';
import type { Layout } from './write';

const METADATA = new Set(['zarr.json', '.zarray', '.zattrs', '.zgroup', '.zmetadata']);
export const isMetadataKey = (key: string): boolean => METADATA.has(key.slice(key.lastIndexOf('/') + 1));

/** Whether key is a chunk key of the array `sink` describes (inside its grid). */
export function isChunkKeyOf(sink: WriteSink, key: string): boolean {
  const { separator, kind } = sink.keyEncoding;
  const rank = sink.shape.length;
  let parts: string[];
  if (kind === 'default') {
    if (key === 'c') return rank === 0;
    if (!key.startsWith(`c${separator}`)) return false;
    parts = key.slice(2).split(separator);
  } else {
    if (rank === 0) return key === '0';
    parts = key.split(separator);
  }
  if (parts.length !== rank) return false;
  return parts.every((p, i) => /^(0|[1-9]\d*)$/.test(p) && Number(p) < Math.ceil(sink.shape[i] / sink.chunkShape[i]));
}

/** Step 1: the keys under dest, after the overwrite checks. */
export async function listForOverwrite(dest: string, storage: StorageOptions | undefined, overwrite: boolean, what: string): Promise<string[]> {
  const prior = await remoteList(dest, storage);
  if (prior.length > 0) {
    if (!overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `${what}: ${dest} already exists (pass overwrite: true to replace it)`);
    if (!prior.some(isMetadataKey)) {
      throw new DynaZarrError('ERR_ZARR_EXISTS', `${what}: ${dest} holds objects but no Zarr array or group; refusing to replace it`);
    }
  }
  return prior;
}

export interface RemoteWriteOptions {
  overwrite: boolean;
  storage: StorageOptions | undefined;
  signal?: AbortSignal;
  /** Locations the job reads (a target inside one, or around one, is refused). */
  sources: string[];
  /** Runs the native write job into `sink`. */
  run: (sink: WriteSink) => Promise<JobResult>;
}

/** Whether two locations are the same or one holds the other. */
export const remoteOverlap = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** After a failure before step 4: removes whatever is under dest, best effort. */
export async function removeAllRemote(dest: string, storage: StorageOptions | undefined): Promise<void> {
  const left = await remoteList(dest, storage).catch(() => [] as string[]);
  await remoteDelete(dest, left, storage).catch(() => undefined);
}

/** Step 5: deletes the prior keys that are neither the new metadata nor chunk keys of the new array. */
export function removeStale(dest: string, prior: string[], layout: Layout, sink: WriteSink, storage: StorageOptions | undefined): Promise<void> {
  const written = new Set(layout.files.map(([name]) => name));
  return remoteDelete(dest, prior.filter((k) => !written.has(k) && !isChunkKeyOf(sink, k)), storage);
}

/** Step 4: the array's metadata documents. */
export async function putMetadata(dest: string, layout: Layout, storage: StorageOptions | undefined): Promise<void> {
  for (const [name, text] of layout.files) await remotePut(joinRemote(dest, name), storage, text);
}

export async function writeRemote(dest: string, layout: Layout, sink: WriteSink, o: RemoteWriteOptions): Promise<JobResult> {
  for (const p of o.sources) {
    if (remoteOverlap(p, dest)) throw invalidArgument(`io.write: the target ${dest} overlaps the input ${p} that this write reads`);
  }
  const prior = await listForOverwrite(dest, o.storage, o.overwrite, 'io.write');
  if (o.signal?.aborted) throw abortedError(o.signal);
  await remoteDelete(dest, prior.filter(isMetadataKey), o.storage);
  let result: JobResult;
  try {
    result = await o.run(sink);
    if (o.signal?.aborted) throw abortedError(o.signal);
    await putMetadata(dest, layout, o.storage);
  } catch (err) {
    await removeAllRemote(dest, o.storage);
    throw err;
  }
  await removeStale(dest, prior, layout, sink, o.storage);
  return result;
}
