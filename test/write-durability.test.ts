/**
 * What a crash after io.write returns can rely on, seen in the system calls
 * of a real `dyna-zarr convert` (strace): every chunk file is fsynced before
 * it is renamed into place, every folder of the staging tree and the
 * metadata are synced before the staging folder takes the target's name, the
 * parent folder is synced after that rename, and an overwrite is one
 * renameat2(RENAME_EXCHANGE).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
let dir: string;
const hasStrace = spawnSync('strace', ['-qq', '-e', 'trace=none', 'true']).status === 0;

interface Call { name: string; args: string[] }

/** Runs the command under strace; the file-sync and rename calls in order, paths resolved (-y). */
function traced(...args: string[]): Call[] {
  const log = path.join(dir, 'strace.log');
  const r = spawnSync('strace', ['-f', '-y', '-qq', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', '-o', log,
    process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return fs.readFileSync(log, 'utf8').split('\n').flatMap((line) => {
    const m = /^\d+\s+(\w+)\((.*)\)\s+=\s+0$/.exec(line.trim());
    if (!m) return [];
    // Path arguments: "quoted" (rename) or fd<path> (fsync with -y).
    const paths = [...m[2].matchAll(/"([^"]*)"|\d+<([^>]*)>/g)].map((p) => p[1] ?? p[2]);
    return [{ name: m[1], args: paths }];
  });
}

const isSync = (c: Call) => c.name === 'fsync' || c.name === 'fdatasync';

beforeAll(async () => {
  dir = makeTempDir('write-durability');
  await runPython('write_safety.py', ['make', dir]);
}, 120_000);
afterAll(() => removeTempDir(dir));

(hasStrace ? test : test.skip)('chunks, folders and metadata are synced before the final rename, the parent after it', () => {
  const target = path.join(dir, 'd.zarr');
  const calls = traced('convert', 'small.zarr', 'd.zarr', '--quiet');
  const final = calls.findIndex((c) => c.name.startsWith('rename') && c.args[1] === target);
  expect(final).toBeGreaterThan(0);
  const staging = calls[final].args[0];
  const before = calls.slice(0, final);
  const syncedBefore = new Set(before.filter(isSync).map((c) => c.args[0]));

  const chunkRenames = before.filter((c) => c.name.startsWith('rename') && path.basename(c.args[0]).startsWith('.dz-tmp.'));
  expect(chunkRenames.length).toBe(6); // 16×24 in 8×8 chunks
  const folders = new Set<string>([staging]);
  for (const c of chunkRenames) {
    const at = calls.indexOf(c);
    expect(calls.slice(0, at).some((s) => isSync(s) && s.args[0] === c.args[0])).toBe(true);
    for (let f = path.dirname(c.args[1]); f.startsWith(staging); f = path.dirname(f)) folders.add(f);
  }
  for (const f of folders) expect(syncedBefore).toContain(f);
  expect(syncedBefore).toContain(path.join(staging, 'zarr.json'));
  expect(calls.slice(final + 1).some((c) => isSync(c) && c.args[0] === dir)).toBe(true);
});

(hasStrace ? test : test.skip)('--overwrite swaps old and new with one RENAME_EXCHANGE, then syncs the parent', () => {
  expect(spawnSync(process.execPath, [BIN, 'convert', 'other.zarr', 'x.zarr', '--quiet'], { cwd: dir }).status).toBe(0);
  const target = path.join(dir, 'x.zarr');
  const log = traced('convert', 'small.zarr', 'x.zarr', '--overwrite', '--quiet');
  const text = fs.readFileSync(path.join(dir, 'strace.log'), 'utf8');
  expect(text).toMatch(new RegExp(`renameat2\\(AT_FDCWD[^,]*, "[^"]*x\\.zarr\\.dz-tmp-[^"]*", AT_FDCWD[^,]*, "${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", RENAME_EXCHANGE\\) = 0`));
  const swap = log.findIndex((c) => c.name === 'renameat2' && c.args[1] === target);
  expect(log.slice(swap + 1).some((c) => isSync(c) && c.args[0] === dir)).toBe(true);
  expect(fs.readdirSync(dir).filter((f) => f.startsWith('x.zarr'))).toEqual(['x.zarr']);
});
