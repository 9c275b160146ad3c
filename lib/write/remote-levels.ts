/**
 * io.writeLevels and io.writeOmeZarr to s3://: every level is written in
 * place under its own prefix in the order of remote-write.ts (old metadata
 * deleted first, chunks, new metadata, then stale objects), and the caller
 * puts an image group's metadata after every level's, so nothing is
 * readable before all of it is complete. On failure what was written is
 * removed (removeAllRemote).
 */
import { DynaZarrError, invalidArgument } from '../errors';
import { remoteDelete, remoteList, remoteUrl, type StorageOptions } from '../store/remote';
import { isMetadataKey, listForOverwrite, remoteOverlap } from './remote-write';

/** The s3:// URLs of `targets` when every one is remote, null when none is; else an error. */
export function remoteTargets(targets: unknown[], what: string): string[] | null {
  const urls = targets.map((t) => remoteUrl(t));
  if (urls.every((u) => u === null)) return null;
  if (urls.some((u) => u === null)) throw invalidArgument(`${what}: outputs must be all local paths or all s3:// URLs`);
  for (const u of urls) {
    if (!/^s3:\/\//i.test(u!)) throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${what}: ${u}: HTTP stores are read-only (write to s3:// or a local path)`);
  }
  return urls as string[];
}

/**
 * Checks the targets (no two overlap, none overlaps an input), lists each
 * for overwrite, then deletes their old metadata (from here nothing old is
 * readable). Returns each target's prior keys.
 */
export async function beginRemoteLevels(dests: string[], sources: string[], storage: StorageOptions | undefined, overwrite: boolean, what: string): Promise<string[][]> {
  for (let a = 0; a < dests.length; a++) {
    for (let b = a + 1; b < dests.length; b++) {
      if (remoteOverlap(dests[a], dests[b])) throw invalidArgument(`${what}: outputs[${a}].path ${dests[a]} and outputs[${b}].path ${dests[b]} overlap`);
    }
    for (const p of sources) {
      if (remoteOverlap(p, dests[a])) throw invalidArgument(`${what}: outputs[${a}].path ${dests[a]} overlaps the input ${p} that this write reads`);
    }
  }
  const priors: string[][] = [];
  for (const dest of dests) priors.push(await listForOverwrite(dest, storage, overwrite, what));
  for (const [k, dest] of dests.entries()) await remoteDelete(dest, priors[k].filter(isMetadataKey), storage);
  return priors;
}

/** Chunk objects written under a level's prefix (its metadata not counted). */
export async function remoteChunkCount(dest: string, storage: StorageOptions | undefined): Promise<number> {
  return (await remoteList(dest, storage)).filter((k) => !isMetadataKey(k)).length;
}
