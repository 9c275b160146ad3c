/**
 * `dyna-zarr convert --ome` in a child process (the built bin): an OME-TIFF
 * becomes an OME-Zarr image that ome-zarr-models validates and whose levels
 * equal tensorstore.downsample of the TIFF (test/oracle/write_levels.py);
 * bad --levels / --method values are usage errors (exit 2) touching nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runPython, runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
let dir: string;
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });

beforeAll(async () => {
  dir = makeTempDir('dz-cli-ome-');
  await runPython('write_levels.py', ['tiff', path.join(dir, 'in.ome.tif')]);
});
afterAll(() => removeTempDir(dir));

test('convert --ome writes a valid OME-Zarr image whose levels equal tensorstore.downsample', async () => {
  const a = cli('convert', 'in.ome.tif', 'a.zarr', '--ome', '--levels', '3', '--chunks', '4,16,16');
  expect(a.stderr).toBe('');
  expect(a.status).toBe(0);
  expect(a.stdout).toMatch(/OME-Zarr 0\.5 image.*levels 9 × 40 × 50, 5 × 20 × 25, 3 × 10 × 13/);
  const b = cli('convert', 'in.ome.tif', 'b.zarr', '--ome', '--zarr-format', '2', '--method', 'mode', '--levels', 'auto', '--chunks', '8,8,8', '--quiet');
  expect(b.status).toBe(0);
  expect(b.stdout).toBe('');
  const cases = [
    { source: path.join(dir, 'in.ome.tif'), method: 'mean', levels: [0, 1, 2].map((k) => ({ path: path.join(dir, 'a.zarr', String(k)), factors: [2 ** k, 2 ** k, 2 ** k] })) },
    // auto: halve until z, y and x fit one 8×8×8 chunk: 40 and 50 → 5 and 7 after three halvings.
    { source: path.join(dir, 'in.ome.tif'), method: 'mode', levels: [0, 1, 2, 3].map((k) => ({ path: path.join(dir, 'b.zarr', String(k)), factors: [Math.min(2 ** k, 9), 2 ** k, 2 ** k] })) },
  ];
  const report = await runPythonPlan<{ cases: Array<{ levels: Array<{ first_diff: string | null }> }>; ome: Array<{ valid: boolean; error: string | null; datasets: string[] }> }>(
    'write_levels.py', 'check', path.join(dir, 'plan.json'),
    { cases, ome: [{ path: path.join(dir, 'a.zarr'), version: '0.5' }, { path: path.join(dir, 'b.zarr'), version: '0.4' }] },
  );
  expect(report.ome).toEqual([{ valid: true, error: null, datasets: ['0', '1', '2'] }, { valid: true, error: null, datasets: ['0', '1', '2', '3'] }]);
  expect(report.cases.map((c) => c.levels.map((l) => l.first_diff))).toEqual([[null, null, null], [null, null, null, null]]);
  // The second convert to the same target without --overwrite fails with the error line, exit 1.
  const again = cli('convert', 'in.ome.tif', 'a.zarr', '--ome');
  expect(again.status).toBe(1);
  expect(again.stderr).toMatch(/^dyna-zarr: ERR_ZARR_EXISTS: .*a\.zarr already exists/);
});

test('bad --levels and --method values, or either without --ome, are usage errors (exit 2)', () => {
  for (const args of [['--ome', '--levels', '0'], ['--ome', '--levels', 'many'], ['--ome', '--method', 'average'], ['--levels', '2'], ['--method', 'mode']]) {
    const r = cli('convert', 'in.ome.tif', 'bad.zarr', ...args);
    expect({ args, status: r.status }).toEqual({ args, status: 2 });
    expect(fs.existsSync(path.join(dir, 'bad.zarr'))).toBe(false);
  }
  expect(cli('convert', 'in.ome.tif', 'bad.zarr', '--levels', '2').stderr).toMatch(/--levels and --method need --ome/);
});
