/**
 * A FIFO (or any non-regular file) where a chunk, a metadata file or a TIFF
 * should be is refused at once with ERR_ZARR_IO naming the path; opening one
 * for reading used to block forever. Each read runs under a guard so a
 * regression fails the test instead of hanging it, and afterAll opens every
 * FIFO for writing, which releases a reader stuck in open().
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io, isDynaZarrError } from '../lib/index';
import { readMetadataText } from '../lib/read/metadata-file';
import { inspectTiff } from '../lib/tiff/inspect';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
let expected: { v3: number[]; v2: number[]; tiff: number[] };
const fifos: string[] = [];

beforeAll(async () => {
  dir = makeTempDir('fifo');
  expected = JSON.parse(await runPython('safety_fixtures.py', ['files', dir]));
}, 120_000);

afterAll(() => {
  for (const f of fifos) {
    try {
      fs.closeSync(fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it, nothing to release.
    }
  }
  removeTempDir(dir);
});

let copies = 0;
/** A private copy of fixture `name` with `file` (relative; '' = the fixture itself) replaced by a FIFO. */
function withFifo(name: string, file: string): { root: string; fifo: string } {
  const root = path.join(dir, `copy${copies++}`, name);
  fs.mkdirSync(path.dirname(root));
  fs.cpSync(path.join(dir, name), root, { recursive: true });
  const fifo = file === '' ? root : path.join(root, file);
  fs.rmSync(fifo);
  execFileSync('mkfifo', [fifo]);
  fifos.push(fifo);
  return { root, fifo };
}

/** Rejects after ms: a read that hangs fails the test rather than the run. */
function guard<T>(p: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still blocked after ${ms} ms`)), ms);
  });
  return Promise.race([p, hung]).finally(() => clearTimeout(timer));
}

async function expectIoError(run: () => Promise<unknown>, fifo: string): Promise<void> {
  let caught: unknown;
  try {
    await guard(run());
  } catch (err) {
    caught = err;
  }
  expect((caught as Error)?.message).toContain(fifo);
  expect(isDynaZarrError(caught, 'ERR_ZARR_IO')).toBe(true);
  expect((caught as Error).message).toMatch(/not a regular file/);
}

const values = async (p: string): Promise<number[]> => Array.from((await (await io.read(p)).compute()).data as Uint16Array);

test('the untouched fixtures read as zarr-python and tifffile read them', async () => {
  expect(await guard(values(path.join(dir, 'v3')))).toEqual(expected.v3);
  expect(await guard(values(path.join(dir, 'v2')))).toEqual(expected.v2);
  expect(await guard(values(path.join(dir, 'image.tif')))).toEqual(expected.tiff);
});

describe('a FIFO in place of', () => {
  test('a v3 chunk: compute() rejects, naming the chunk', async () => {
    const { root, fifo } = withFifo('v3', 'c/1/0');
    const a = await io.read(root);
    await expectIoError(() => a.compute(), fifo);
    // The other chunk is still read: only the FIFO is refused.
    expect(Array.from((await guard(a.slice(0, 2).compute())).data as Uint16Array)).toEqual(expected.v3.slice(0, 8));
  });

  test('a v2 chunk', async () => {
    const { root, fifo } = withFifo('v2', '0.0');
    const a = await io.read(root);
    await expectIoError(() => a.compute(), fifo);
  });

  test('zarr.json', async () => {
    const { root, fifo } = withFifo('v3', 'zarr.json');
    await expectIoError(() => io.read(root), fifo);
  });

  test('.zarray', async () => {
    const { root, fifo } = withFifo('v2', '.zarray');
    await expectIoError(() => io.read(root), fifo);
  });

  test('.zattrs', async () => {
    const { root, fifo } = withFifo('v2', '.zattrs');
    await expectIoError(() => io.read(root), fifo);
  });

  test('a TIFF file given to io.read', async () => {
    const { fifo } = withFifo('image.tif', '');
    await expectIoError(() => io.read(fifo), fifo);
  });

  test('a TIFF file given to the native TIFF reader directly', async () => {
    const { fifo } = withFifo('image.tif', '');
    await expectIoError(() => inspectTiff(fifo), fifo);
  });
});

describe('metadata reads honour an AbortSignal', () => {
  test('an aborted signal stops the read with ERR_ZARR_ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readMetadataText(path.join(dir, 'v3', 'zarr.json'), controller.signal)).rejects.toMatchObject({ code: 'ERR_ZARR_ABORTED' });
    // Without a signal the same file reads, and a missing file is null.
    expect(JSON.parse((await readMetadataText(path.join(dir, 'v3', 'zarr.json'))) as string).node_type).toBe('array');
    expect(await readMetadataText(path.join(dir, 'v3', 'missing.json'))).toBeNull();
  });
});
