/**
 * Metadata files are capped at MAX_METADATA_BYTES (64 MiB), checked with
 * fstat before a byte is read: a 1 GiB zarr.json used to be read whole
 * (584 MB RSS) and then fail with "Invalid string length". The huge files
 * here are sparse (ftruncate), so nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, isDynaZarrError } from '../lib/index';
import { MAX_METADATA_BYTES } from '../lib/read/metadata-file';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('metasize');
});
afterAll(() => removeTempDir(dir));

const GIB = 2 ** 30;
const v3Meta = {
  zarr_format: 3, node_type: 'array', shape: [4], data_type: 'uint8', fill_value: 3,
  chunk_grid: { name: 'regular', configuration: { chunk_shape: [4] } },
  chunk_key_encoding: { name: 'default' }, codecs: [{ name: 'bytes' }], attributes: {},
};

function sparse(file: string, size: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, size);
}

async function expectLimit(run: () => Promise<unknown>, file: string): Promise<void> {
  const rss = process.memoryUsage().rss;
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(isDynaZarrError(caught, 'ERR_ZARR_LIMIT')).toBe(true);
  expect((caught as Error).message).toContain(file);
  expect((caught as Error).message).toContain(String(MAX_METADATA_BYTES));
  // Refused before reading: nothing near the file's size was allocated.
  expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 2 ** 20);
}

test('a 1 GiB zarr.json is refused with ERR_ZARR_LIMIT naming the file and the cap', async () => {
  const file = path.join(dir, 'big3', 'zarr.json');
  sparse(file, GIB);
  await expectLimit(() => io.read(path.dirname(file)), file);
});

test('a 1 GiB .zarray and a .zattrs past the cap are refused the same way', async () => {
  const zarray = path.join(dir, 'big2', '.zarray');
  sparse(zarray, GIB);
  await expectLimit(() => io.read(path.dirname(zarray)), zarray);

  const zattrs = path.join(dir, 'attrs2', '.zattrs');
  sparse(zattrs, MAX_METADATA_BYTES + 1);
  fs.writeFileSync(path.join(dir, 'attrs2', '.zarray'), JSON.stringify({
    zarr_format: 2, shape: [4], chunks: [4], dtype: '|u1', compressor: null, fill_value: 0, order: 'C', filters: null,
  }));
  await expectLimit(() => io.read(path.dirname(zattrs)), zattrs);
});

test('a zarr.json with 8 MiB of attributes, under the cap, still opens', async () => {
  const target = path.join(dir, 'wide');
  fs.mkdirSync(target);
  const note = 'x'.repeat(8 * 2 ** 20);
  fs.writeFileSync(path.join(target, 'zarr.json'), JSON.stringify({ ...v3Meta, attributes: { note } }));
  const a = await io.read(target);
  expect((a.attributes.note as string).length).toBe(note.length);
  expect(Array.from((await a.compute()).data as Uint8Array)).toEqual([3, 3, 3, 3]);
});
