/**
 * Reading one Zarr metadata file (zarr.json, .zarray, .zattrs, .zgroup,
 * .zmetadata). Only a regular file is read: a FIFO or device would block
 * forever, so the file is opened non-blocking (which a FIFO needs to open at
 * all, and which changes nothing for regular-file reads) and checked with
 * fstat before a byte is read. Its size is checked against
 * MAX_METADATA_BYTES first, so a huge file is never read whole.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { DynaZarrError } from '../errors';
import { abortedError } from '../job/run-job';
import { isRemote, remoteGet, type StorageOptions } from '../store/remote';

/** The largest metadata file read (64 MiB): consolidated metadata of a big hierarchy fits many times over. */
export const MAX_METADATA_BYTES = 64 * 2 ** 20;

const CHUNK = 2 ** 20;

/** The file's text, null when it does not exist; ERR_ZARR_IO, ERR_ZARR_LIMIT or ERR_ZARR_ABORTED otherwise. */
export async function readMetadataText(file: string, signal?: AbortSignal, storage?: StorageOptions): Promise<string | null> {
  if (signal?.aborted) throw abortedError(signal);
  if (isRemote(file)) {
    // A URL: fetched natively (binding/core/store), 404 → null like ENOENT.
    const bytes = await remoteGet(file, storage, MAX_METADATA_BYTES);
    if (signal?.aborted) throw abortedError(signal);
    return bytes === null ? null : bytes.toString('utf8');
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new DynaZarrError('ERR_ZARR_IO', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new DynaZarrError('ERR_ZARR_IO', `cannot read ${file}: not a regular file`);
    if (stat.size > MAX_METADATA_BYTES) {
      throw new DynaZarrError('ERR_ZARR_LIMIT', `${file} is ${stat.size} bytes, more than the ${MAX_METADATA_BYTES} (64 MiB) a metadata file may have`);
    }
    // Read what fstat reported, a piece at a time so an abort is seen between pieces.
    const buf = Buffer.alloc(stat.size);
    let done = 0;
    while (done < buf.length) {
      if (signal?.aborted) throw abortedError(signal);
      const { bytesRead } = await handle.read(buf, done, Math.min(CHUNK, buf.length - done), done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    if (signal?.aborted) throw abortedError(signal);
    return buf.toString('utf8', 0, done);
  } catch (err) {
    if (err instanceof DynaZarrError) throw err;
    throw new DynaZarrError('ERR_ZARR_IO', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  } finally {
    await handle.close();
  }
}
