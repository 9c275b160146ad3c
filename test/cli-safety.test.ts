/**
 * `dyna-zarr convert` as a shell runs it (the built bin in child processes):
 * --overwrite only ever replaces a Zarr array or group that is not an input,
 * --codec none writes an uncompressed array, SIGTERM cleans up as SIGINT
 * does, and a write killed with SIGKILL leaves staging that the next write
 * to the same target removes. Values are checked with zarr-python.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runPython, runPythonPlan } from './helpers/python';
import { listFilesRecursive, makeTempDir, removeTempDir } from './helpers/tmp';

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
let dir: string;

interface Described { equal: boolean; compressors: string[]; zarrFormat: number }

const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
const check = (pairs: Array<[string, string]>) =>
  runPythonPlan<Described[]>('write_safety.py', 'check', path.join(dir, 'plan.json'),
    pairs.map(([a, b]) => ({ a: path.join(dir, a), b: path.join(dir, b) })));
/** Names next to `name` in dir that belong to it: the target itself and any staging or set-aside copy. */
const siblingsOf = (name: string) => fs.readdirSync(dir).filter((f) => f.startsWith(name) || f.startsWith(`.${name}`)).sort();

beforeAll(async () => {
  dir = makeTempDir('cli-safety');
  await runPython('write_safety.py', ['make', dir]);
}, 120_000);
afterAll(() => removeTempDir(dir));

test('--overwrite refuses a folder that is not a Zarr array or group, and leaves its files alone', () => {
  fs.mkdirSync(path.join(dir, 'notes'));
  fs.writeFileSync(path.join(dir, 'notes', 'thesis.txt'), 'years of work');
  const r = cli('convert', 'small.zarr', 'notes', '--overwrite', '--quiet');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^dyna-zarr: ERR_ZARR_EXISTS: .*notes.*not a Zarr/);
  expect(fs.readFileSync(path.join(dir, 'notes', 'thesis.txt'), 'utf8')).toBe('years of work');
  expect(siblingsOf('notes')).toEqual(['notes']);
});

test('--overwrite refuses a target that contains the input, and one inside the input', async () => {
  const before = listFilesRecursive(path.join(dir, 'grp.zarr'));
  const r = cli('convert', 'grp.zarr/img', 'grp.zarr', '--overwrite', '--quiet');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^dyna-zarr: ERR_ZARR_INVALID_ARGUMENT: .*grp\.zarr.*overlaps the input/);
  expect(listFilesRecursive(path.join(dir, 'grp.zarr'))).toEqual(before);
  expect(siblingsOf('grp.zarr')).toEqual(['grp.zarr']);

  const inside = cli('convert', 'small.zarr', 'small.zarr/copy.zarr', '--overwrite', '--quiet');
  expect(inside.status).toBe(1);
  expect(inside.stderr).toMatch(/^dyna-zarr: ERR_ZARR_INVALID_ARGUMENT: .*overlaps the input/);
  expect(fs.readdirSync(path.join(dir, 'small.zarr')).some((f) => f.includes('copy'))).toBe(false);
  expect((await check([['grp.zarr/img', 'small.zarr']]))[0].equal).toBe(true);
});

test('--overwrite replaces an existing array with the new values and leaves nothing beside it', async () => {
  expect(cli('convert', 'other.zarr', 'rep.zarr', '--quiet').status).toBe(0);
  const r = cli('convert', 'small.zarr', 'rep.zarr', '--overwrite', '--quiet');
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect((await check([['small.zarr', 'rep.zarr']]))[0].equal).toBe(true);
  expect(siblingsOf('rep.zarr')).toEqual(['rep.zarr']);
});

test('--codec none writes an uncompressed array (v3 and v2) with the same values', async () => {
  const v3 = cli('convert', 'small.zarr', 'raw3.zarr', '--codec', 'none', '--quiet');
  expect(v3.stderr).toBe('');
  expect(v3.status).toBe(0);
  expect(cli('convert', 'small.zarr', 'raw2.zarr', '--codec', 'none', '--zarr-format', '2', '--quiet').status).toBe(0);
  const [a, b] = await check([['small.zarr', 'raw3.zarr'], ['small.zarr', 'raw2.zarr']]);
  expect(a).toMatchObject({ equal: true, compressors: [], zarrFormat: 3 });
  expect(b).toMatchObject({ equal: true, compressors: [], zarrFormat: 2 });
});

/** Starts a slow convert of big.zarr to `out` and resolves once its staging folder holds a chunk. */
async function startSlowConvert(out: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'convert', 'big.zarr', out, '--region-size-mb', '1', '--threads', '1', '--codec', 'gzip:9', '--quiet'], { cwd: dir, stdio: 'ignore' });
  for (let i = 0; i < 400; i += 1) {
    const staging = siblingsOf(out).filter((f) => f !== out).map((f) => path.join(dir, f));
    if (staging.some((s) => listFilesRecursive(s).length > 0)) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error('the convert never started writing');
}

const exitOf = (child: ChildProcess) => new Promise<{ code: number | null; signal: string | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));

test('SIGTERM during convert exits 143 and removes its staging, like SIGINT', async () => {
  const child = await startSlowConvert('term.zarr');
  const done = exitOf(child);
  child.kill('SIGTERM');
  expect(await done).toEqual({ code: 143, signal: null });
  expect(siblingsOf('term.zarr')).toEqual([]);
}, 60_000);

test('a convert killed with SIGKILL leaves staging; the next write to that target removes it', async () => {
  const child = await startSlowConvert('killed.zarr');
  const done = exitOf(child);
  child.kill('SIGKILL');
  expect((await done).signal).toBe('SIGKILL');
  const left = siblingsOf('killed.zarr');
  expect(left.length).toBe(1); // the dead process's staging, no target
  expect(left[0]).not.toBe('killed.zarr');

  expect(cli('convert', 'small.zarr', 'killed.zarr', '--quiet').status).toBe(0);
  expect(siblingsOf('killed.zarr')).toEqual(['killed.zarr']);
  expect((await check([['small.zarr', 'killed.zarr']]))[0].equal).toBe(true);
}, 60_000);
