/**
 * The dyna-zarr command in child processes (the built bin, as a shell runs
 * it): info, convert and compare, their exit codes and messages, no progress
 * output when stderr is not a terminal, and Ctrl-C leaving the target absent
 * or complete, never half-written. Values are checked with zarr-python.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
let dir: string;
let made: Record<string, { shape: number[]; dtype: string; chunks: number[]; zarrFormat: number }>;

const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
const equal = async (a: string, b: string) =>
  JSON.parse((await runPython('cli_fixtures.py', ['equal', path.join(dir, a), path.join(dir, b)])).trim());

beforeAll(async () => {
  dir = makeTempDir('dz-cli-');
  made = JSON.parse((await runPython('cli_fixtures.py', ['make', dir])).trim());
});
afterAll(() => removeTempDir(dir));

test('info --json reports what zarr-python wrote', () => {
  const r = cli('info', 'a3.zarr', '--json');
  expect(r.status).toBe(0);
  const info = JSON.parse(r.stdout);
  expect(info).toMatchObject({ ...made.a3, shards: null, attributes: { note: 'cli' } });
  expect(info.codecs).toMatchObject({ compressor: 'zstd', clevel: 3 });
  const v2 = JSON.parse(cli('info', 'f2.zarr', '--json').stdout);
  expect(v2).toMatchObject({ shape: [12, 15], dtype: 'float32', chunks: [5, 5], zarrFormat: 2 });
});

test('info prints a readable summary', () => {
  const r = cli('info', 'a3.zarr');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Zarr v3/);
  expect(r.stdout).toMatch(/20 × 30 × 40/);
  expect(r.stdout).toMatch(/uint16/);
});

test('convert with chunks, shards, codec and dtype; output equals the input in zarr-python', async () => {
  const r = cli('convert', 'a3.zarr', 's.zarr', '--chunks', '5,10,10', '--shards', '2,3,2', '--codec', 'blosc:zstd:3:bitshuffle');
  expect(r.status).toBe(0);
  expect(r.stderr).toBe(''); // not a terminal: no progress bar
  const e = await equal('a3.zarr', 's.zarr');
  expect(e.equal).toBe(true);
  expect(e.b).toMatchObject({ chunks: [5, 10, 10], shards: [10, 30, 20], zarrFormat: 3 });

  expect(cli('convert', 'f2.zarr', 'f3.zarr', '--zarr-format', '3', '--codec', 'gzip:6', '--dtype', 'float64', '--quiet').status).toBe(0);
  const f = await equal('f2.zarr', 'f3.zarr');
  expect(f.equal).toBe(true);
  expect(f.b.dtype).toBe('float64');
});

test('compare: 0 when equal (NaN equals NaN), 1 with the first difference', async () => {
  expect(cli('convert', 'f2.zarr', 'f2copy.zarr', '--quiet').status).toBe(0);
  expect(cli('compare', 'f2.zarr', 'f2copy.zarr').status).toBe(0);

  expect(cli('convert', 'a3.zarr', 'a3copy.zarr', '--quiet').status).toBe(0);
  expect(cli('compare', 'a3.zarr', 'a3copy.zarr').status).toBe(0);
  await runPython('cli_fixtures.py', ['poke', path.join(dir, 'a3copy.zarr'), '12345']);
  const r = cli('compare', 'a3.zarr', 'a3copy.zarr');
  expect(r.status).toBe(1);
  expect(r.stdout + r.stderr).toMatch(/\[?1, ?2, ?3\]?/);
  expect(r.stdout + r.stderr).toMatch(/12345/);

  // A dtype difference alone is a difference.
  expect(cli('compare', 'f2.zarr', 'f3.zarr').status).toBe(1);
});

test('errors: one line with the code and exit 1; usage errors exit 2', () => {
  const missing = cli('info', 'nope.zarr');
  expect(missing.status).toBe(1);
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  expect(missing.stderr).toMatch(/^dyna-zarr: ERR_ZARR_NOT_FOUND: .*nope\.zarr/);

  const exists = cli('convert', 'a3.zarr', 's.zarr', '--quiet');
  expect(exists.status).toBe(1);
  expect(exists.stderr).toMatch(/^dyna-zarr: ERR_ZARR_EXISTS: .*s\.zarr/);

  expect(cli('convert', 'a3.zarr').status).toBe(2);
  expect(cli('frobnicate').status).toBe(2);
  expect(cli('convert', 'a3.zarr', 'x.zarr', '--codec', 'snappy:9').status).toBe(2);
  for (const sub of ['info', 'convert', 'compare']) {
    const help = cli(sub, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`dyna-zarr ${sub}`));
  }
});

test('Ctrl-C during convert leaves the target absent or complete, never half-written', async () => {
  const child = spawn(process.execPath, [BIN, 'convert', 'big.zarr', 'int.zarr', '--region-size-mb', '1', '--threads', '1', '--codec', 'gzip:9'], { cwd: dir });
  const closed = new Promise<number | null>((r) => child.on('close', r));
  // Signal once the conversion has begun (its staging folder exists), however slow the start under load.
  const started = (): boolean => fs.readdirSync(dir).some((f) => f.startsWith('int.zarr'));
  for (let waited = 0; !started() && child.exitCode === null && waited < 30000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGINT');
  const code = await closed;
  const leftovers = fs.readdirSync(dir).filter((f) => f.startsWith('int.zarr'));
  if (code === 130) {
    expect(leftovers).toEqual([]); // no target, no staging folder
  } else {
    expect(code).toBe(0); // finished before the signal: then it must be whole
    expect((await equal('big.zarr', 'int.zarr')).equal).toBe(true);
  }
});
