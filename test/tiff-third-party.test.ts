/**
 * TIFF files written by other software read with the values of an
 * independent oracle (tifffile, libtiff's own tools, or the NumPy array
 * written): old-style JPEG, sparse files, mixed-page series, renamed
 * OME-TIFF, 1/2/4/12-bit and bilevel CCITT samples.
 */
import fs from 'node:fs';
import { itemSize, type DType } from '../lib/dtype';
import type { JobSpec } from '../lib/job/job-spec';
import { native } from '../lib/job/native';
import type { SourceInfo } from '../lib/source-info';
import { openTiff } from '../lib/tiff/open-tiff';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Expected {
  name: string; file: string; series: number; level: number; shape: number[]; dtype: string; bin: string;
  tolerance: number; oracle: string; seriesCount?: number; levels?: number;
}

let dir: string;
let manifest: Expected[];

beforeAll(async () => {
  dir = makeTempDir('tiff-third-party');
  manifest = JSON.parse(await runPython('tiff_third_party.py', ['write', dir])) as Expected[];
}, 120000);
afterAll(() => removeTempDir(dir));

/** Reads the whole source through the engine, in regions of `regionShape`. */
async function readAll(info: SourceInfo, regionShape?: number[]): Promise<Buffer> {
  const spec: JobSpec = {
    threads: 2,
    sources: [info.spec],
    nodes: [{ kind: 'source', source: 0, shape: info.shape, dtype: info.dtype }],
    root: 0,
    regionShape: regionShape ?? info.shape,
    sink: { kind: 'compute' },
  };
  const out = Buffer.alloc(info.shape.reduce((a, b) => a * b, 1) * itemSize(info.dtype as DType));
  await native().run(JSON.stringify(spec), [], out, null, null);
  return out;
}

/** Every manifest entry whose name starts with `prefix` reads back as its oracle says. */
async function expectOracle(prefix: string): Promise<void> {
  const cases = manifest.filter((m) => m.name.startsWith(prefix));
  expect(cases.length).toBeGreaterThan(0);
  for (const want of cases) {
    const id = `${want.name} series ${want.series} level ${want.level} vs ${want.oracle}`;
    const info = await openTiff(want.file, { series: want.series, level: want.level });
    expect({ id, shape: info.shape, dtype: info.dtype }).toEqual({ id, shape: want.shape, dtype: want.dtype });
    if (want.seriesCount !== undefined) {
      const tiff = info.attributes.tiff as { seriesCount: number; levels: number };
      expect({ id, seriesCount: tiff.seriesCount, levels: tiff.levels }).toEqual({ id, seriesCount: want.seriesCount, levels: want.levels });
    }
    // Small regions too, so chunk edges are crossed.
    for (const region of [undefined, info.shape.map((n) => Math.max(1, Math.ceil(n / 3)))]) {
      const got = await readAll(info, region);
      const expected = fs.readFileSync(want.bin);
      if (want.tolerance === 0) {
        expect({ id, region, equal: got.equals(expected) }).toEqual({ id, region, equal: true });
      } else {
        let worst = 0;
        for (let i = 0; i < expected.length; ++i) worst = Math.max(worst, Math.abs(expected[i] - got[i]));
        expect({ id, region, worst: worst <= want.tolerance }).toEqual({ id, region, worst: true });
      }
    }
  }
}

test('old-style JPEG (compression 6) reads as libtiff and tifffile decode it', async () => {
  await expectOracle('ojpeg_');
});

test('sparse files: a tile or strip with byte count 0 reads as zeros, as in tifffile', async () => {
  await expectOracle('sparse_');
});

test('pages form series and pyramid levels as tifffile groups them', async () => {
  await expectOracle('series_');
});

test('an OME-TIFF renamed after it was written reads: planes are matched by UUID, not file name', async () => {
  await expectOracle('ome_renamed');
  const multi = manifest[0].file.replace(/[^/]+$/, 'ome_multifile.ome.tif');
  await expect(openTiff(multi, {})).rejects.toMatchObject({ code: 'ERR_ZARR_UNSUPPORTED', message: expect.stringContaining('sibling.ome.tif') });
});

test('1, 2, 4 and 12-bit samples (bilevel CCITT RLE, G3, G4 too) unpack to bool, uint8 and uint16 as in tifffile', async () => {
  await expectOracle('bits');
});
