/**
 * The TIFF reader against tifffile: every variant written by tifffile
 * (codecs, predictors, sample types, strips/tiles, samples, byte orders,
 * BigTIFF, stacks, shaped/ImageJ/OME series, pyramids) reads back with
 * tifffile's shape, axes and values; reads decode only the tiles or strips
 * their regions touch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { itemSize, type DType } from '../lib/dtype';
import type { JobSpec } from '../lib/job/job-spec';
import { native } from '../lib/job/native';
import type { SourceInfo } from '../lib/source-info';
import { openTiff } from '../lib/tiff/open-tiff';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Expected { name: string; file: string; series: number; level: number; shape: number[]; dtype: string; axes: string; bin: string }

let dir: string;
let manifest: Expected[];

beforeAll(async () => {
  dir = makeTempDir('tiff');
  manifest = JSON.parse(await runPython('tiff_fixtures.py', ['write', dir])) as Expected[];
}, 120000);
afterAll(() => removeTempDir(dir));

/** Reads the whole source through the engine on a region grid. */
async function readAll(info: SourceInfo, regionShape?: number[], threads = 2): Promise<Buffer> {
  const spec: JobSpec = {
    threads,
    sources: [info.spec],
    nodes: [{ kind: 'source', source: 0, shape: info.shape, dtype: info.dtype }],
    root: 0,
    regionShape: regionShape ?? info.shape,
    sink: { kind: 'compute' },
  };
  const out = Buffer.alloc(info.shape.reduce((a, b) => a * b, 1) * itemSize(info.dtype as DType));
  // Called directly (no cancel flag): the engine alone is under test here.
  await native().run(JSON.stringify(spec), [], out, null, null);
  return out;
}

test('every tifffile variant reads back with tifffile shape, axes and values', async () => {
  expect(manifest.length).toBeGreaterThan(25);
  for (const want of manifest) {
    const info = await openTiff(want.file, { series: want.series, level: want.level });
    const id = `${want.name} s${want.series} l${want.level}`;
    expect({ id, shape: info.shape, dtype: info.dtype, axes: info.attributes.axes }).toEqual({ id, shape: want.shape, dtype: want.dtype, axes: want.axes });
    const got = await readAll(info);
    const expected = fs.readFileSync(want.bin);
    if (want.name.startsWith('jpeg')) {
      // Two libjpeg builds may round the inverse DCT differently: allow ±2.
      let worst = 0;
      for (let i = 0; i < expected.length; ++i) worst = Math.max(worst, Math.abs(expected[i] - got[i]));
      expect({ id, worst: worst <= 2 }).toEqual({ id, worst: true });
    } else {
      expect({ id, equal: got.equals(expected) }).toEqual({ id, equal: true });
    }
  }
});

test('chunks are the tile or strip shape embedded in the array rank', async () => {
  const byName = (n: string): Expected => manifest.find((m) => m.name === n) as Expected;
  const cases: Array<[string, number[]]> = [
    ['tiled_zlib_u16_pred_stack.tif', [1, 32, 48]],
    ['strip_lzw_i16_pred.tif', [9, 70]],
    ['rgb_contig_tiled_u16.tif', [32, 32, 3]],
    ['rgb_planar_strip_u8.tif', [1, 16, 50]],
    ['ome_tczyx.ome.tif', [1, 1, 1, 16, 16]],
  ];
  for (const [name, chunks] of cases) {
    const info = await openTiff(byName(name).file, {});
    expect({ name, chunks: info.chunks }).toEqual({ name, chunks });
  }
  const ome = await openTiff(byName('ome_tczyx.ome.tif').file, {});
  expect(ome.dimensionNames).toEqual(['t', 'c', 'z', 'y', 'x']);
  expect((ome.attributes.ome as { physicalSizes: Record<string, unknown> }).physicalSizes.x).toEqual({ value: 0.5, unit: 'µm' });
  expect(ome.zarrFormat).toBeNull();
  expect(ome.fillValue).toBe(0);
  const pyramid = await openTiff(byName('ome_pyramid.ome.tif').file, {});
  expect((pyramid.attributes.tiff as { levels: number }).levels).toBe(3);
});

/** Tiles or strips (per page) intersecting [start, start+count) along a chunk size. */
function chunksTouched(start: number, count: number, size: number): number {
  return Math.floor((start + count - 1) / size) - Math.floor(start / size) + 1;
}

test('each region decodes only the tiles or strips it intersects', async () => {
  const stack = manifest.find((m) => m.name === 'tiled_zlib_u16_pred_stack.tif') as Expected; // 5 × 100 × 130, tiles 32 × 48
  const info = await openTiff(stack.file, {});
  const cases: number[][] = [[1, 50, 130], [2, 100, 130], [1, 32, 48], [5, 17, 29], [3, 64, 100]];
  for (const region of cases) {
    let expected = 0;
    for (let p = 0; p < 5; p += region[0]) {
      const pages = Math.min(region[0], 5 - p);
      for (let y = 0; y < 100; y += region[1]) {
        for (let x = 0; x < 130; x += region[2]) {
          expected += pages * chunksTouched(y, Math.min(region[1], 100 - y), 32) * chunksTouched(x, Math.min(region[2], 130 - x), 48);
        }
      }
    }
    const before = native().counters().tilesDecoded;
    const got = await readAll(info, region);
    const decoded = native().counters().tilesDecoded - before;
    expect({ region, decoded }).toEqual({ region, decoded: expected });
    expect(got.equals(fs.readFileSync(stack.bin))).toBe(true);
  }
  // Strips: a region of rows 10..19 of a 9-row-strip image touches strips 1 and 2 only.
  const strips = manifest.find((m) => m.name === 'strip_lzw_i16_pred.tif') as Expected; // 50 × 70, rows per strip 9
  const sinfo = await openTiff(strips.file, {});
  const before = native().counters().tilesDecoded;
  await readAll(sinfo, [10, 70]);
  expect(native().counters().tilesDecoded - before).toBe([0, 10, 20, 30, 40].reduce((n, y) => n + chunksTouched(y, 10, 9), 0));
});

test('series and level options are checked', async () => {
  const two = manifest.find((m) => m.name === 'two_series.tif') as Expected;
  await expect(openTiff(two.file, { series: 2 })).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
  await expect(openTiff(two.file, { level: 1 })).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
  await expect(openTiff(two.file, { series: -1 })).rejects.toMatchObject({ code: 'ERR_ZARR_INVALID_ARGUMENT' });
  await expect(openTiff(path.join(dir, 'missing.tif'), {})).rejects.toMatchObject({ code: 'ERR_ZARR_NOT_FOUND' });
});
