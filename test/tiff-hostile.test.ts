/**
 * Hostile and broken TIFF files end in a DynaZarrError with the contract's
 * code (ERR_TIFF_INVALID, ERR_ZARR_LIMIT, ERR_ZARR_UNSUPPORTED), never in a
 * crash, a hang or a giant allocation.
 */
import { itemSize, type DType } from '../lib/dtype';
import { toDynaZarrError } from '../lib/errors';
import { native } from '../lib/job/native';
import { openTiff } from '../lib/tiff/open-tiff';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
let files: Record<string, string>;

beforeAll(async () => {
  dir = makeTempDir('tiff-hostile');
  files = JSON.parse(await runPython('tiff_hostile.py', ['write', dir])) as Record<string, string>;
}, 120000);
afterAll(() => removeTempDir(dir));

/** Opens and reads the whole file; resolves to the error code ('OK' when it succeeds). */
async function outcome(name: string): Promise<string> {
  try {
    const info = await openTiff(files[name], {});
    const bytes = info.shape.reduce((a, b) => a * b, 1) * itemSize(info.dtype as DType);
    if (bytes > 1 << 24) return `OPENED ${info.shape.join('x')}`;
    const spec = {
      threads: 2, sources: [info.spec], nodes: [{ kind: 'source', source: 0, shape: info.shape, dtype: info.dtype }],
      root: 0, regionShape: info.shape.map((n) => Math.min(n, 64)), sink: { kind: 'compute' },
    };
    await native().run(JSON.stringify(spec), [], Buffer.alloc(bytes), null, null).catch((e: unknown) => { throw toDynaZarrError(e); });
    return 'OK';
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // Every message names the file at fault.
    if (!String(e.message).includes(files[name])) return `${e.code} without the file name: ${e.message}`;
    return String(e.code);
  }
}

test.each([
  ['loop_back.tif', 'ERR_TIFF_INVALID'],
  ['loop_self.tif', 'ERR_TIFF_INVALID'],
  ['truncated.tif', 'ERR_TIFF_INVALID'],
  ['corrupt_zlib.tif', 'ERR_TIFF_INVALID'],
  ['corrupt_lzw.tif', 'ERR_TIFF_INVALID'],
  ['huge_strip.tif', 'ERR_ZARR_LIMIT'],
  ['huge_image_tiny_tiles.tif', 'ERR_TIFF_INVALID'],
  ['strip_past_eof.tif', 'ERR_TIFF_INVALID'],
  ['bits12_signed.tif', 'ERR_ZARR_UNSUPPORTED'],
  ['bits1_short_strip.tif', 'ERR_TIFF_INVALID'],
  ['ifd_past_eof.tif', 'ERR_TIFF_INVALID'],
  ['header_only.tif', 'ERR_TIFF_INVALID'],
  ['zero_width.tif', 'ERR_TIFF_INVALID'],
])('%s → %s', async (name, code) => {
  expect(await outcome(name)).toBe(code);
});

test('the looping chain is named as such', async () => {
  await expect(openTiff(files['loop_back.tif'], {})).rejects.toThrow(/loops/);
});
