/**
 * io.writeOmeZarr(tiff, path, { fromPyramid: true }) and `convert --ome
 * --from-pyramid`: TIFFs written by tifffile with SubIFD levels and with
 * reduced pages (test/oracle/ome_from_pyramid.py) become OME-Zarr images
 * level for level. Each level equals tifffile's series[0].levels[k], every
 * image validates with ome-zarr-models (0.5 on v3, 0.4 on v2), and the
 * scales are the ratios of the stored shapes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io, isDynaZarrError } from '../lib/index';
import { runPython, runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Check { valid: boolean; error: string | null; tiff_levels: number; levels: Array<{ shape: number[]; first_diff: string | null }> }
type Multiscale = { axes: Array<{ name: string; type: string; unit?: string }>; datasets: Array<{ path: string; coordinateTransformations: Array<{ type: string; scale?: number[] }> }>; type?: string };

const BIN = path.resolve(__dirname, '..', 'bin', 'dyna-zarr.js');
let dir: string;
beforeAll(async () => {
  dir = makeTempDir('ome-from-pyramid');
  await runPython('ome_from_pyramid.py', ['fixtures', dir]);
});
afterAll(() => removeTempDir(dir));

const readJson = (p: string): Record<string, unknown> => JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, unknown>;
const v3Multiscale = (p: string): Multiscale => (readJson(path.join(p, 'zarr.json')) as { attributes: { ome: { multiscales: Multiscale[] } } }).attributes.ome.multiscales[0];
const v2Multiscale = (p: string): Multiscale => (readJson(path.join(p, '.zattrs')) as { multiscales: Multiscale[] }).multiscales[0];
const scales = (m: Multiscale): number[][] => m.datasets.map((d) => d.coordinateTransformations.map((t) => t.scale!)).map((s) => s[0]);

test('SubIFD and reduced-page pyramids are copied level for level: equal to tifffile\'s levels, valid 0.5 and 0.4 images', async () => {
  const sub = path.join(dir, 'subifds.ome.tif');
  const reduced = path.join(dir, 'reduced.tif');
  const cases: Array<{ tif: string; zarr: string; version: string; levels: number }> = [];

  // SubIFDs, v3 / 0.5, all stored levels; the OME physical sizes scale level 0.
  const a = path.join(dir, 'a.ome.zarr');
  const ra = await io.writeOmeZarr(await io.read(sub), a, { fromPyramid: true, chunks: [2, 32, 32], shardCoefficients: [2, 2, 2] });
  expect(ra.levels.map((l) => l.shape)).toEqual([[4, 100, 90], [4, 50, 45], [4, 25, 23]]);
  expect(ra.levels.map((l) => l.chunks)).toEqual([[2, 32, 32], [2, 32, 32], [2, 25, 23]]);
  expect(ra.passes).toBe(3);
  expect(ra.notes).toEqual([`levels 0..2 copied from the pyramid stored in series 0 of ${sub}`]);
  const am = v3Multiscale(a);
  expect(am.axes).toEqual(['z', 'y', 'x'].map((name) => ({ name, type: 'space', unit: 'micrometer' })));
  // Ratios of the stored shapes: 90 / 23 is not an integer; no translation, no method.
  expect(am.datasets.map((d) => d.coordinateTransformations.length)).toEqual([1, 1, 1]);
  expect(scales(am)).toEqual([[2, 0.5, 0.5], [2, 1, 1], [2, 2, (90 / 23) * 0.5]]);
  expect(am.type).toBeUndefined();
  cases.push({ tif: sub, zarr: a, version: '0.5', levels: 3 });

  // SubIFDs, v2 / 0.4, the first 2 of 3 stored levels.
  const b = path.join(dir, 'b.ome.zarr');
  const rb = await io.writeOmeZarr(await io.read(sub), b, { fromPyramid: true, levels: 2, zarrFormat: 2 });
  expect(rb.levels.map((l) => l.shape)).toEqual([[4, 100, 90], [4, 50, 45]]);
  expect(scales(v2Multiscale(b))).toEqual([[2, 0.5, 0.5], [2, 1, 1]]);
  expect(readJson(path.join(b, '1', '.zarray')).dimension_separator).toBe('/');
  cases.push({ tif: sub, zarr: b, version: '0.4', levels: 2 });

  // Reduced pages of the main chain, v3 and v2, 'auto' = every stored level.
  for (const [zarrFormat, version] of [[3, '0.5'], [2, '0.4']] as const) {
    const c = path.join(dir, `c${zarrFormat}.ome.zarr`);
    const rc = await io.writeOmeZarr(await io.read(reduced), c, { fromPyramid: true, levels: 'auto', zarrFormat, chunks: [32, 32] });
    expect(rc.levels.map((l) => l.shape)).toEqual([[120, 96], [60, 48], [30, 24]]);
    const cm = zarrFormat === 3 ? v3Multiscale(c) : v2Multiscale(c);
    expect(scales(cm)).toEqual([[1, 1], [2, 2], [4, 4]]);
    cases.push({ tif: reduced, zarr: c, version, levels: 3 });
  }

  // The CLI: one progress bar (quiet here), the same copy.
  const cli = spawnSync(process.execPath, [BIN, 'convert', reduced, path.join(dir, 'd.ome.zarr'), '--ome', '--from-pyramid', '--levels', '2', '--chunks', '64,64'], { encoding: 'utf8' });
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  expect(cli.stdout).toMatch(/OME-Zarr 0\.5 image.*levels 120 × 96, 60 × 48;/);
  expect(cli.stdout).toMatch(/note: levels 0\.\.1 copied from the pyramid stored in series 0/);
  cases.push({ tif: reduced, zarr: path.join(dir, 'd.ome.zarr'), version: '0.5', levels: 2 });
  for (const args of [['--from-pyramid'], ['--ome', '--from-pyramid', '--method', 'mean']]) {
    const bad = spawnSync(process.execPath, [BIN, 'convert', reduced, path.join(dir, 'e.ome.zarr'), ...args], { encoding: 'utf8' });
    expect({ args, status: bad.status, stderr: bad.stderr }).toEqual({ args, status: 2, stderr: expect.stringMatching(/--from-pyramid/) });
    expect(fs.existsSync(path.join(dir, 'e.ome.zarr'))).toBe(false);
  }

  const report = await runPythonPlan<{ cases: Check[] }>('ome_from_pyramid.py', 'check', path.join(dir, 'plan.json'), { cases });
  expect(report.cases.map((r) => [r.valid, r.error, r.tiff_levels])).toEqual([[true, null, 3], [true, null, 3], [true, null, 3], [true, null, 3], [true, null, 3]]);
  expect(report.cases.map((r) => r.levels.map((l) => l.first_diff))).toEqual(cases.map((c) => Array(c.levels).fill(null)));
  // The group opens at any level.
  expect((await io.read(a, { level: 2 })).shape).toEqual([4, 25, 23]);
});

test('fromPyramid refuses a source without a stored pyramid, too many levels, a computed array and method, writing nothing', async () => {
  const target = path.join(dir, 'bad.ome.zarr');
  const failure = async (array: Parameters<typeof io.writeOmeZarr>[0], options: object): Promise<string> => {
    const e = await io.writeOmeZarr(array, target, options as never).then(() => null, (err: unknown) => err);
    expect(fs.existsSync(target)).toBe(false);
    return isDynaZarrError(e) ? `${e.code} ${e.message}` : String(e);
  };
  const sub = await io.read(path.join(dir, 'subifds.ome.tif'));
  const flat = await io.read(path.join(dir, 'flat.tif'));
  expect(await failure(flat, { fromPyramid: true })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*fromPyramid.*flat\.tif holds no pyramid/);
  expect(await failure(sub, { fromPyramid: true, levels: 4 })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*levels 4 .*exceeds the 3 level\(s\)/);
  expect(await failure(sub.add(1), { fromPyramid: true })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*fromPyramid needs an array read unchanged from a TIFF/);
  expect(await failure(await io.read(path.join(dir, 'subifds.ome.tif'), { level: 1 }), { fromPyramid: true })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*needs level 0 .*level 1/);
  expect(await failure(sub, { fromPyramid: true, method: 'mean' })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*method does not apply with fromPyramid/);
  expect(await failure(sub, { fromPyramid: 'yes' })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*fromPyramid must be true or false/);
  expect(fs.readdirSync(dir).filter((n) => n.includes('bad.ome.zarr'))).toEqual([]);
  // One level of a flat TIFF is a request that fits what it stores.
  const one = await io.writeOmeZarr(flat, target, { fromPyramid: true, levels: 1 });
  expect(one.levels.map((l) => l.shape)).toEqual([[40, 30]]);
});
