/**
 * Every README example is a file under examples/: compile them as a user
 * would (importing 'dyna_zarr', the built package), run each in a folder of
 * inputs written by tifffile and zarr-python, and check what they wrote
 * against NumPy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'));

let dir: string;
let nodePath: string;

beforeAll(async () => {
  dir = makeTempDir('dz-examples-');
  // The examples import 'dyna_zarr': resolve it to this checkout's build.
  nodePath = path.join(dir, 'node_modules');
  fs.mkdirSync(nodePath);
  fs.symlinkSync(ROOT, path.join(nodePath, 'dyna_zarr'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.examples.json', '--outDir', path.join(dir, 'js')], { cwd: ROOT });
  await runPython('example_inputs.py', [dir]);
});

afterAll(() => removeTempDir(dir));

test.each(EXAMPLES)('examples/%s runs', (file) => {
  const script = path.join(dir, 'js', file.replace(/\.ts$/, '.js'));
  const run = spawnSync(process.execPath, [script], { cwd: dir, env: { ...process.env, NODE_PATH: nodePath }, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

test('what the examples wrote equals NumPy', async () => {
  const checks = JSON.parse((await runPython('example_outputs.py', [dir])).trim()) as Record<string, boolean>;
  expect(checks).toEqual({ write: true, lazy: true, multi: true, sharding: true, regions: true, progress: true, ome: true });
});

test('npm run demo runs end to end', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'examples', 'demo.js')], { cwd: dir, encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/values equal: true/);
});
