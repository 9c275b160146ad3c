/**
 * io.write never loses an array and never leaves debris: the replace is one
 * atomic exchange (or, where that is unsupported, two renames that the next
 * write recovers from), staging of dead writers is removed by the next write
 * to the same target, and every filesystem failure is ERR_ZARR_IO naming the
 * path (ERR_ZARR_EXISTS for a lost race). Values are checked with zarr-python.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DynaZarrError, io, type DynamicArray } from '../lib/index';
import { native } from '../lib/job/native';
import { asidePath, currentOwner, moveIntoPlace, stagingPath, type Owner } from '../lib/write/replace';
import { runPython, runPythonPlan } from './helpers/python';
import { listFilesRecursive, makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
let small: DynamicArray; // fixtures written by zarr-python
let other: DynamicArray;
const fx = (name: string) => path.join(dir, 'fx', name);

interface Described { equal: boolean }
const sameValues = async (pairs: Array<[string, string]>) =>
  (await runPythonPlan<Described[]>('write_safety.py', 'check', path.join(dir, 'plan.json'), pairs.map(([a, b]) => ({ a, b })))).map((d) => d.equal);

/** A PID that no longer runs (a child that has exited) as an owner on this host. */
function deadOwner(): Owner {
  const child = spawnSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' });
  return { ...currentOwner(), pid: Number(child.stdout.trim()) };
}

/** A fresh empty folder for one test. */
const folder = (name: string) => fs.mkdtempSync(path.join(dir, `${name}-`));

async function caught(run: () => Promise<unknown>): Promise<DynaZarrError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof DynaZarrError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** chattr +i / -i (immutable even for root); false when this filesystem or user cannot. */
function setImmutable(p: string, on: boolean): boolean {
  return spawnSync('chattr', [on ? '+i' : '-i', p]).status === 0;
}

beforeAll(async () => {
  dir = makeTempDir('write-safety');
  fs.mkdirSync(path.join(dir, 'fx'));
  await runPython('write_safety.py', ['make', path.join(dir, 'fx')]);
  small = await io.read(fx('small.zarr'));
  other = await io.read(fx('other.zarr'));
}, 120_000);
afterAll(() => removeTempDir(dir));

describe('replacing an existing array', () => {
  test('exchangePaths swaps two folders in one step', () => {
    const d = folder('xchg');
    fs.mkdirSync(path.join(d, 'a'));
    fs.writeFileSync(path.join(d, 'a', 'mark'), 'A');
    fs.mkdirSync(path.join(d, 'b'));
    fs.writeFileSync(path.join(d, 'b', 'mark'), 'B');
    expect(native().exchangePaths(path.join(d, 'a'), path.join(d, 'b'))).toBe(true); // ext4 supports it
    expect(fs.readFileSync(path.join(d, 'a', 'mark'), 'utf8')).toBe('B');
    expect(fs.readFileSync(path.join(d, 'b', 'mark'), 'utf8')).toBe('A');
    expect(() => native().exchangePaths(path.join(d, 'a'), path.join(d, 'missing'))).toThrow(/ERR_ZARR_IO|missing/);
  });

  test('overwrite replaces the array and leaves nothing beside it', async () => {
    const d = folder('over');
    const t = path.join(d, 't.zarr');
    await io.write(other, t);
    const report = await io.write(small, t, { overwrite: true });
    expect(report.warnings).toEqual([]);
    expect(fs.readdirSync(d)).toEqual(['t.zarr']);
    expect(await sameValues([[fx('small.zarr'), t]])).toEqual([true]);
  });

  test('without exchange support: old aside, new in, old removed', async () => {
    const d = folder('noxchg');
    const t = path.join(d, 't.zarr');
    await io.write(other, t);
    const staged = path.join(d, 'new.zarr');
    await io.write(small, staged);
    expect(await moveIntoPlace(staged, t, { overwrite: true, exchange: () => false })).toEqual([]);
    expect(fs.readdirSync(d)).toEqual(['t.zarr']);
    expect(await sameValues([[fx('small.zarr'), t]])).toEqual([true]);
  });

  test('a kill between "old aside" and "new in": the next write puts the old array back first', async () => {
    const d = folder('killed-swap');
    const t = path.join(d, 't.zarr');
    await io.write(other, t);
    // What a writer killed between its two renames leaves: no target, the
    // complete old array aside, and its complete staging folder.
    const dead = deadOwner();
    fs.renameSync(t, asidePath(t, dead));
    await io.write(small, stagingPath(t, dead));

    const refused = await caught(() => io.write(small, t));
    expect(refused.code).toBe('ERR_ZARR_EXISTS');
    expect(fs.readdirSync(d)).toEqual(['t.zarr']);
    expect(await sameValues([[fx('other.zarr'), t]])).toEqual([true]);

    // And the same state followed by an overwrite ends with the new array only.
    fs.renameSync(t, asidePath(t, dead));
    await io.write(small, stagingPath(t, dead));
    await io.write(small, t, { overwrite: true });
    expect(fs.readdirSync(d)).toEqual(['t.zarr']);
    expect(await sameValues([[fx('small.zarr'), t]])).toEqual([true]);
  });

  test('an old copy that cannot be deleted: success with a warning naming what is left', async () => {
    const d = folder('undeletable');
    const t = path.join(d, 't.zarr');
    await io.write(other, t);
    const chunk = listFilesRecursive(t).find((f) => f.startsWith('c/'))!;
    if (!setImmutable(path.join(t, chunk), true)) {
      console.warn('skipped: chattr +i is not available here, so no file can be made undeletable');
      return;
    }
    let report;
    try {
      report = await io.write(small, t, { overwrite: true });
    } finally {
      for (const name of fs.readdirSync(d)) setImmutable(path.join(d, name, chunk), false);
    }
    expect(await sameValues([[fx('small.zarr'), t]])).toEqual([true]);
    expect(report.warnings).toHaveLength(1);
    const left = fs.readdirSync(d).filter((f) => f !== 't.zarr');
    expect(left).toHaveLength(1);
    expect(report.warnings[0]).toContain(path.join(d, left[0]));
  });

  test('without exchange, an old copy that cannot be deleted is never left under an "old" name', async () => {
    // recoverInterrupted restores "old" leftovers, so a partly deleted one must not keep that name.
    const d = folder('undeletable-noxchg');
    const t = path.join(d, 't.zarr');
    await io.write(other, t);
    const chunk = listFilesRecursive(t).find((f) => f.startsWith('c/'))!;
    if (!setImmutable(path.join(t, chunk), true)) {
      console.warn('skipped: chattr +i is not available here, so no file can be made undeletable');
      return;
    }
    const staged = path.join(d, 'new.zarr');
    let warnings: string[];
    try {
      await io.write(small, staged);
      warnings = await moveIntoPlace(staged, t, { overwrite: true, exchange: () => false });
    } finally {
      for (const name of fs.readdirSync(d)) setImmutable(path.join(d, name, chunk), false);
    }
    const left = fs.readdirSync(d).filter((f) => f !== 't.zarr');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^t\.zarr\.dz-tmp-/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path.join(d, left[0]));
    expect(await sameValues([[fx('small.zarr'), t]])).toEqual([true]);
  });
});

describe('leftovers of interrupted writes', () => {
  test('staging of a dead process (or of a reused PID) is removed; a live writer\'s is kept', async () => {
    const d = folder('stale');
    const t = path.join(d, 't.zarr');
    const deadStaging = stagingPath(t, deadOwner());
    const reusedPid = stagingPath(t, { ...currentOwner(), start: currentOwner().start + 1 });
    const live = stagingPath(t);
    const otherHost = stagingPath(t, { ...deadOwner(), host: '00000000' });
    for (const s of [deadStaging, reusedPid, live, otherHost]) {
      fs.mkdirSync(s);
      fs.writeFileSync(path.join(s, 'chunk'), 'partial');
    }
    await io.write(small, t);
    expect(fs.readdirSync(d).sort()).toEqual(['t.zarr', path.basename(live), path.basename(otherHost)].sort());
    expect(await sameValues([[fx('small.zarr'), t]])).toEqual([true]);
  });
});

describe('filesystem errors are ERR_ZARR_IO naming the path', () => {
  test('a parent that is a file', async () => {
    const d = folder('parent-file');
    fs.writeFileSync(path.join(d, 'plain'), 'not a folder');
    const target = path.join(d, 'plain', 'sub', 't.zarr');
    const err = await caught(() => io.write(small, target));
    expect(err.code).toBe('ERR_ZARR_IO');
    expect(err.message).toContain(path.join(d, 'plain'));
    expect(fs.readdirSync(d)).toEqual(['plain']);
  });

  test('a read-only target folder', async () => {
    const d = folder('readonly');
    const locked = path.join(d, 'locked');
    fs.mkdirSync(locked);
    const root = process.getuid?.() === 0;
    if (root ? !setImmutable(locked, true) : (fs.chmodSync(locked, 0o555), false)) {
      console.warn('skipped: running as root and chattr +i is not available, so no folder is read-only to us');
      return;
    }
    try {
      const err = await caught(() => io.write(small, path.join(locked, 't.zarr')));
      expect(err.code).toBe('ERR_ZARR_IO');
      expect(err.message).toContain(locked);
      expect(fs.readdirSync(locked)).toEqual([]);
    } finally {
      if (root) setImmutable(locked, false);
      else fs.chmodSync(locked, 0o755);
    }
  });

  test('overwrite of a read-only (immutable) existing array: ERR_ZARR_IO naming it, the old array kept', async () => {
    const d = folder('readonly-target');
    const t = path.join(d, 't.zarr');
    await io.write(other, t);
    if (!setImmutable(t, true)) {
      console.warn('skipped: chattr +i is not available here, so no folder is read-only to root');
      return;
    }
    try {
      const err = await caught(() => io.write(small, t, { overwrite: true }));
      expect(err.code).toBe('ERR_ZARR_IO');
      expect(err.message).toContain(t);
    } finally {
      setImmutable(t, false);
    }
    expect(fs.readdirSync(d)).toEqual(['t.zarr']);
    expect(await sameValues([[fx('other.zarr'), t]])).toEqual([true]);
  });

  test('two writers racing for a new target: one wins, the other gets ERR_ZARR_EXISTS', async () => {
    const d = folder('race');
    const t = path.join(d, 't.zarr');
    const results = await Promise.allSettled([io.write(small, t), io.write(other, t)]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(won).toBeGreaterThanOrEqual(0);
    expect(lost.reason).toBeInstanceOf(DynaZarrError);
    expect((lost.reason as DynaZarrError).code).toBe('ERR_ZARR_EXISTS');
    expect((lost.reason as DynaZarrError).message).toContain(t);
    expect(fs.readdirSync(d)).toEqual(['t.zarr']);
    expect(await sameValues([[fx(won === 0 ? 'small.zarr' : 'other.zarr'), t]])).toEqual([true]);
  });
});
