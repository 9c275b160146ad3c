/**
 * How io.write puts a finished array in place without ever losing one.
 *
 * The array is written into a staging folder beside the target; only when it
 * is complete (and synced) does it take the target's name:
 * - new target: one rename; a rival that got there first makes it ERR_ZARR_EXISTS;
 * - existing target: one atomic exchange (renameat2 RENAME_EXCHANGE), after
 *   which the staging name holds the previous array, which is then removed;
 * - where the filesystem cannot exchange: the old array is renamed aside,
 *   the new one renamed in, the old one removed. A kill between those two
 *   renames leaves the target missing and the complete old array aside;
 *   the next write to that target puts it back (recoverInterrupted).
 *
 * Staging and aside names carry their owner (host, PID, process start time),
 * so a later write can tell leftovers of dead processes from work in progress.
 */
import { createHash, randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynaZarrError } from '../errors';
import { native } from '../job/native';

/** A filesystem failure as ERR_ZARR_IO naming the path. */
export function ioError(action: string, p: string, err: unknown): DynaZarrError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason = code === 'ENOTDIR' || code === 'EEXIST' ? `${(err as Error).message} (a parent folder is a file?)` : (err as Error).message;
  return new DynaZarrError('ERR_ZARR_IO', `cannot ${action} ${p}: ${reason}`, { cause: err });
}

/** fsync of files and folders; DYNA_ZARR_NO_FSYNC=1 turns it off (used only by the benchmark that measures its cost). */
export function durableWrites(): boolean {
  return process.env.DYNA_ZARR_NO_FSYNC !== '1';
}

export interface Owner {
  host: string;
  pid: number;
  start: number;
}

const HOST = createHash('sha1').update(os.hostname()).digest('hex').slice(0, 8);

/** Start time of a process in clock ticks since boot (Linux /proc), null when unknown or gone. */
function processStart(pid: number | 'self'): number | null {
  try {
    const stat = fsSync.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]); // field 22, starttime
    return Number.isSafeInteger(start) ? start : null;
  } catch {
    return null;
  }
}

let self: Owner | undefined;
/** This process as the owner of the staging it creates. */
export const currentOwner = (): Owner => (self ??= { host: HOST, pid: process.pid, start: processStart('self') ?? 0 });
const me = currentOwner;

const ownerTag = (o: Owner): string => `${o.host}.${o.pid}.${o.start}`;
const LEFTOVER = /^(.*)\.dz-(tmp|old)-([0-9a-f]{8})\.(\d+)\.(\d+)-[0-9a-f]{12}$/;

/** A fresh staging folder name beside dest (exported with `owner` for tests that fake a dead writer). */
export function stagingPath(dest: string, owner: Owner = me()): string {
  return `${dest}.dz-tmp-${ownerTag(owner)}-${randomBytes(6).toString('hex')}`;
}

/** Where the previous array waits while the new one is renamed in (no-exchange filesystems). */
export function asidePath(dest: string, owner: Owner = me()): string {
  return `${dest}.dz-old-${ownerTag(owner)}-${randomBytes(6).toString('hex')}`;
}

/** Whether the process that owns a leftover has ended (a reused PID counts as ended). */
function ownerGone(o: Owner): boolean {
  if (o.host !== HOST) return false; // another machine's process: we cannot tell
  if (o.pid === process.pid && o.start === me().start) return false;
  const start = processStart(o.pid);
  if (start !== null) return o.start !== 0 && start !== o.start;
  try {
    process.kill(o.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Before writing dest: leftovers of dead writers beside it are dealt with.
 * A missing target with a set-aside old array means a replace was killed
 * between its two renames: the old array goes back. Other leftovers (staging
 * folders, old arrays of finished replaces) are removed. Returns warnings for
 * leftovers that could not be removed.
 */
export async function recoverInterrupted(dest: string): Promise<string[]> {
  const parent = path.dirname(dest);
  const base = path.basename(dest);
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch {
    return []; // no parent folder yet (or unreadable: the write itself will report it)
  }
  const stale: Array<{ file: string; kind: string }> = [];
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m || m[1] !== base) continue;
    if (ownerGone({ host: m[3], pid: Number(m[4]), start: Number(m[5]) })) stale.push({ file: path.join(parent, name), kind: m[2] });
  }
  if (stale.length === 0) return [];
  const old = stale.find((s) => s.kind === 'old');
  if (old && !fsSync.existsSync(dest)) {
    try {
      await fs.rename(old.file, dest);
    } catch (err) {
      throw ioError(`restore the previous array ${dest} from`, old.file, err);
    }
    stale.splice(stale.indexOf(old), 1);
    await syncPath(parent);
  }
  const warnings: string[] = [];
  for (const s of stale) {
    const problem = await discard(s.file, dest);
    if (problem) warnings.push(`could not remove ${s.file}, left by an interrupted write: ${problem}`);
  }
  return warnings;
}

/**
 * Removes a leftover. It is first renamed to a staging name of ours, so a
 * removal cut short never leaves a partial array under an "old" name, which
 * recoverInterrupted would take for a complete previous array. Resolves to
 * an error message, or null when done.
 */
async function discard(p: string, dest: string): Promise<string | null> {
  let doomed = p;
  try {
    if (LEFTOVER.exec(path.basename(p))?.[2] === 'old') {
      doomed = stagingPath(dest);
      await fs.rename(p, doomed);
    }
    await fs.rm(doomed, { recursive: true, force: true });
    return null;
  } catch (err) {
    return `${(err as Error).message}${doomed !== p ? ` (what is left is at ${doomed})` : ''}`;
  }
}

/** fsyncs a file or folder (a no-op when durability is off or the filesystem cannot sync folders). */
export async function syncPath(p: string): Promise<void> {
  if (!durableWrites()) return;
  let handle;
  try {
    handle = await fs.open(p, 'r');
    await handle.sync();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw ioError('sync', p, err);
  } finally {
    await handle?.close();
  }
}

/** Writes a small file (metadata) and, when durable, syncs it. */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(file, 'w');
    await handle.writeFile(text);
    if (durableWrites()) await handle.sync();
  } catch (err) {
    throw ioError('write', file, err);
  } finally {
    await handle?.close();
  }
}

export interface MoveOptions {
  overwrite: boolean;
  /** The atomic swap; tests pass `() => false` to take the no-exchange path. */
  exchange?: (a: string, b: string) => boolean;
}

/**
 * Gives the finished staging folder dest's name. Resolves to warnings (a
 * previous array that could not be fully removed); throws ERR_ZARR_EXISTS
 * when dest appeared meanwhile without overwrite, ERR_ZARR_IO otherwise.
 */
export async function moveIntoPlace(staging: string, dest: string, options: MoveOptions): Promise<string[]> {
  const parent = path.dirname(dest);
  if (await renameIfAbsent(staging, dest)) {
    native().invalidateCaches(path.resolve(dest));
    await syncPath(parent);
    return [];
  }
  if (!options.overwrite) throw new DynaZarrError('ERR_ZARR_EXISTS', `io.write: ${dest} already exists (another write created it first)`);
  const exchange = options.exchange ?? ((a: string, b: string) => native().exchangePaths(a, b));
  let previous: string;
  if (exchange(staging, dest)) {
    previous = staging; // the staging name now holds the previous array
  } else {
    previous = asidePath(dest);
    await rename(dest, previous);
    try {
      await rename(staging, dest);
    } catch (err) {
      await fs.rename(previous, dest).catch(() => undefined);
      throw err;
    }
  }
  // Cached chunks and shard indexes of the previous array must not be served for the new one.
  native().invalidateCaches(path.resolve(dest));
  await syncPath(parent);
  const problem = await discard(previous, dest);
  return problem ? [`the new array is in place at ${dest}, but the previous one could not be fully removed (${previous}): ${problem}`] : [];
}

/** rename that refuses to replace a non-empty folder: false when dest is taken. */
async function renameIfAbsent(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw ioError(`rename ${from} to`, to, err);
  }
}

async function rename(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    throw ioError(`rename ${from} to`, to, err);
  }
}
