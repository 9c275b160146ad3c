/**
 * io.writeOmeZarr: every image is validated with ome-zarr-models (NGFF 0.4
 * on Zarr v2, 0.5 on Zarr v3) and every level compared with
 * tensorstore.downsample of the source (test/oracle/write_levels.py);
 * io.read(path, { level }) opens each level. Axes and physical sizes come
 * from an OME-TIFF source when it has them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io, isDynaZarrError } from '../lib/index';
import { runPython, runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Report {
  cases: Array<{ levels: Array<{ equal: boolean; first_diff: string | null; shape: number[] }> }>;
  ome: Array<{ valid: boolean; error: string | null; datasets: string[] }>;
}
type Multiscale = { axes: Array<{ name: string; type: string; unit?: string }>; datasets: Array<{ path: string; coordinateTransformations: Array<{ type: string; scale?: number[]; translation?: number[] }> }>; name?: string; version?: string };

let dir: string;
beforeAll(async () => {
  dir = makeTempDir('ome-zarr');
  // c.ome.tif (OME-TIFF with physical sizes) and rgb.tif (YXS) beside it.
  await runPython('write_levels.py', ['tiff', path.join(dir, 'c.ome.tif')]);
});
afterAll(() => removeTempDir(dir));

function ramp(n: number, mod: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 2654435761) % mod);
}

const readJson = (p: string): Record<string, unknown> => JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, unknown>;

test('OME-Zarr 0.5 (v3), 0.4 (v2) and from an OME-TIFF: valid images whose levels equal tensorstore.downsample', async () => {
  const cases: Array<{ source: string; method: string; levels: Array<{ path: string; factors: number[] }> }> = [];
  const ome: Array<{ path: string; version: string }> = [];

  // 0.5: 3-D uint16, levels 'auto' until a level fits in one chunk.
  const aSrc = path.join(dir, 'a_src.zarr');
  await io.write(fromArray(Uint16Array.from(ramp(40 * 70 * 90, 60000)), [40, 70, 90]), aSrc, { chunks: [16, 32, 32] });
  const a = path.join(dir, 'a.ome.zarr');
  const ra = await io.writeOmeZarr(await io.read(aSrc), a, { name: 'ramp', attributes: { note: 'kept' } });
  expect(ra.levels.map((l) => l.shape)).toEqual([[40, 70, 90], [20, 35, 45], [10, 18, 23]]);
  expect(ra.passes).toBe(1);
  const aMeta = readJson(path.join(a, 'zarr.json')) as { attributes: { ome: { version: string; multiscales: Multiscale[] } } };
  expect(aMeta.attributes.ome.version).toBe('0.5');
  expect((aMeta.attributes as unknown as { note: string }).note).toBe('kept');
  expect(readJson(path.join(a, '0', 'zarr.json')).attributes).toEqual({});
  const ams = aMeta.attributes.ome.multiscales[0];
  expect(ams.name).toBe('ramp');
  expect(ams.axes).toEqual([{ name: 'z', type: 'space' }, { name: 'y', type: 'space' }, { name: 'x', type: 'space' }]);
  expect(ams.datasets[2].coordinateTransformations).toEqual([{ type: 'scale', scale: [4, 4, 4] }, { type: 'translation', translation: [1.5, 1.5, 1.5] }]);
  expect(readJson(path.join(a, '1', 'zarr.json')).dimension_names).toEqual(['z', 'y', 'x']);
  cases.push({ source: aSrc, method: 'mean', levels: [0, 1, 2].map((k) => ({ path: path.join(a, String(k)), factors: [2 ** k, 2 ** k, 2 ** k] })) });
  ome.push({ path: a, version: '0.5' });

  // 0.4: 5-D uint8 labels ('mode'), two levels, a given scale and explicit axes.
  const bSrc = path.join(dir, 'b_src.zarr');
  const bShape = [2, 3, 5, 40, 50];
  await io.write(fromArray(Uint8Array.from(ramp(2 * 3 * 5 * 40 * 50, 4)), bShape), bSrc, { chunks: [1, 1, 5, 16, 16] });
  const b = path.join(dir, 'b.ome.zarr');
  await io.writeOmeZarr(await io.read(bSrc), b, { zarrFormat: 2, axes: 'tczyx', levels: 2, method: 'mode', scale: [1, 1, 2, 0.5, 0.5] });
  const bAttrs = readJson(path.join(b, '.zattrs')) as { multiscales: Multiscale[] };
  expect(bAttrs.multiscales[0].version).toBe('0.4');
  expect(bAttrs.multiscales[0].axes.map((x) => x.type)).toEqual(['time', 'channel', 'space', 'space', 'space']);
  expect(bAttrs.multiscales[0].datasets[1].coordinateTransformations[0]).toEqual({ type: 'scale', scale: [1, 1, 4, 1, 1] });
  expect(readJson(path.join(b, '0', '.zarray')).dimension_separator).toBe('/');
  expect(fs.existsSync(path.join(b, '.zgroup'))).toBe(true);
  cases.push({ source: bSrc, method: 'mode', levels: [0, 1].map((k) => ({ path: path.join(b, String(k)), factors: [1, 1, 2 ** k, 2 ** k, 2 ** k] })) });
  ome.push({ path: b, version: '0.4' });

  // An OME-TIFF: axes ZYX and PhysicalSize Z/Y/X (µm) carry over.
  const tif = path.join(dir, 'c.ome.tif');
  const c = path.join(dir, 'c.ome.zarr');
  await io.writeOmeZarr(await io.read(tif), c, { levels: 3, chunks: [4, 16, 16] });
  const cms = (readJson(path.join(c, 'zarr.json')) as { attributes: { ome: { multiscales: Multiscale[] } } }).attributes.ome.multiscales[0];
  expect(cms.axes).toEqual([{ name: 'z', type: 'space', unit: 'micrometer' }, { name: 'y', type: 'space', unit: 'micrometer' }, { name: 'x', type: 'space', unit: 'micrometer' }]);
  expect(cms.datasets.map((d) => d.coordinateTransformations[0].scale)).toEqual([[2, 0.5, 0.5], [4, 1, 1], [8, 2, 2]]);
  cases.push({ source: tif, method: 'mean', levels: [0, 1, 2].map((k) => ({ path: path.join(c, String(k)), factors: [2 ** k, 2 ** k, 2 ** k] })) });
  ome.push({ path: c, version: '0.5' });

  const report = await runPythonPlan<Report>('write_levels.py', 'check', path.join(dir, 'plan.json'), { cases, ome });
  expect(report.ome).toEqual([
    { valid: true, error: null, datasets: ['0', '1', '2'] },
    { valid: true, error: null, datasets: ['0', '1'] },
    { valid: true, error: null, datasets: ['0', '1', '2'] },
  ]);
  expect(report.cases.map((r) => r.levels.map((l) => l.first_diff))).toEqual(cases.map((x) => x.levels.map(() => null)));

  // io.read opens level 0 by default and any level with { level }.
  for (const [k, shape] of [[40, 70, 90], [20, 35, 45], [10, 18, 23]].entries()) {
    const viaLevel = await io.read(a, { level: k });
    expect(viaLevel.shape).toEqual(shape);
    const direct = await (await io.read(path.join(a, String(k)))).compute();
    expect(Buffer.from((await viaLevel.compute()).data.buffer).equals(Buffer.from(direct.data.buffer))).toBe(true);
  }
  expect((await io.read(b)).shape).toEqual(bShape);
  expect((await io.read(b, { level: 1 })).shape).toEqual([2, 3, 3, 20, 25]);
  const err = await io.read(a, { level: 3 }).catch((e: unknown) => e);
  expect(isDynaZarrError(err) && err.code === 'ERR_ZARR_INVALID_ARGUMENT' && /level 3 is out of range/.test(err.message)).toBe(true);
  const err2 = await io.read(aSrc, { level: 1 }).catch((e: unknown) => e);
  expect(isDynaZarrError(err2) && err2.code === 'ERR_ZARR_INVALID_ARGUMENT').toBe(true);
});

test('bad options and an existing target fail before anything is written', async () => {
  const x = fromArray(new Uint8Array(4 * 32 * 32), [4, 32, 32]);
  const target = path.join(dir, 'bad.ome.zarr');
  const codeOf = async (options: object): Promise<string> => {
    const e = await io.writeOmeZarr(x, target, options as never).then(() => null, (err: unknown) => err);
    expect(fs.existsSync(target)).toBe(false);
    return isDynaZarrError(e) ? `${e.code} ${e.message}` : String(e);
  };
  expect(await codeOf({ axes: 'xyz' })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*options\.axes/);
  expect(await codeOf({ axes: 'tczyx' })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*3 axes/);
  expect(await codeOf({ levels: 0 })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*options\.levels/);
  expect(await codeOf({ scale: [1, 1] })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*options\.scale/);
  expect(await codeOf({ method: 'average' })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*method/);
  expect(await codeOf({ bogus: true })).toMatch(/^ERR_ZARR_INVALID_ARGUMENT .*bogus/);
  // Known axes in another order (RGB samples last) are refused rather than guessed.
  const rgb = await io.read(path.join(dir, 'rgb.tif'));
  expect(rgb.attributes.axes).toBe('YXS');
  const eRgb = await io.writeOmeZarr(rgb, target).catch((err: unknown) => err);
  expect(isDynaZarrError(eRgb) && eRgb.code === 'ERR_ZARR_INVALID_ARGUMENT' && /"yxs".*transpose/.test(eRgb.message)).toBe(true);
  const transposed = await io.writeOmeZarr(rgb.transpose([2, 0, 1]), target, { axes: 'cyx', levels: 1 });
  expect(transposed.shape).toEqual([3, 16, 20]);
  fs.rmSync(target, { recursive: true });
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, 'keep.txt'), 'not zarr');
  const e = await io.writeOmeZarr(x, target).catch((err: unknown) => err);
  expect(isDynaZarrError(e) && e.code === 'ERR_ZARR_EXISTS').toBe(true);
  expect(fs.readdirSync(target)).toEqual(['keep.txt']);
  expect(fs.readdirSync(dir).filter((n) => n.includes('bad.ome.zarr') && n !== 'bad.ome.zarr')).toEqual([]);
});
