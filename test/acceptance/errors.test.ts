/**
 * Suite 3: every error code from a real bad input. Each check: the error is a
 * DynaZarrError, isDynaZarrError(err, code) holds, the message names the file,
 * key or argument at fault, and the stack still shows this test file (the
 * caller's stack is kept across the native/async boundary).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, DynaZarrError, fromArray, io, isDynaZarrError } from '../../lib/index';
import { runPython } from '../helpers/python';
import { listFilesRecursive, makeTempDir, removeTempDir } from '../helpers/tmp';

const THIS_FILE = 'errors.test.ts';
let dir: string;
let work: string;

beforeAll(async () => {
  dir = makeTempDir('errors');
  await runPython('accept_errors.py', ['make', dir]);
}, 120_000);

afterAll(() => removeTempDir(dir));

/** A private copy of a fixture, so each test damages its own. */
function copyFixture(name: string): string {
  work = fs.mkdtempSync(path.join(dir, `${name}-`));
  const target = path.join(work, name);
  fs.cpSync(path.join(dir, name), target, { recursive: true });
  return target;
}

async function expectDzError(
  run: () => unknown,
  code: string,
  mentions: (string | RegExp)[],
): Promise<DynaZarrError> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  if (caught === undefined) throw new Error(`expected ${code}, but the call succeeded`);
  const err = caught as DynaZarrError;
  if (!(err instanceof DynaZarrError)) throw new Error(`expected a DynaZarrError ${code}, got ${String(err)}\n${(err as Error)?.stack}`);
  if (!isDynaZarrError(err, code as never)) throw new Error(`expected ${code}, got ${(err as DynaZarrError).code}: ${(err as DynaZarrError).message}`);
  expect(err.code).toBe(code);
  expect(err).toBeInstanceOf(Error);
  for (const m of mentions) {
    if (typeof m === 'string') expect(err.message).toContain(m);
    else expect(err.message).toMatch(m);
  }
  expect(err.stack ?? '').toContain(THIS_FILE);
  return err;
}

function writeFile(file: string, bytes: Uint8Array | string): void {
  fs.writeFileSync(file, bytes);
}

describe('codec and checksum failures', () => {
  test('corrupt zstd chunk → ERR_ZARR_CODEC naming the chunk', async () => {
    const a = copyFixture('v3zstd');
    const chunk = path.join(a, 'c', '1', '0');
    writeFile(chunk, Buffer.from('this is not a zstd frame at all, just text'));
    const arr = await io.read(a);
    await expectDzError(() => arr.compute(), 'ERR_ZARR_CODEC', [/c[/.]1[/.]0/]);
  });

  test('corrupt zlib chunk (v2) → ERR_ZARR_CODEC naming the chunk', async () => {
    const a = copyFixture('v2zlib');
    writeFile(path.join(a, '0.1'), Buffer.from([0x78, 0x9c, 1, 2, 3, 4, 5, 6, 7, 8]));
    const arr = await io.read(a);
    await expectDzError(() => arr.compute(), 'ERR_ZARR_CODEC', ['0.1']);
  });

  test('truncated zstd chunk decoded to a wrong size → ERR_ZARR_CODEC', async () => {
    const a = copyFixture('v3zstd');
    const chunk = path.join(a, 'c', '0', '1');
    const bytes = fs.readFileSync(chunk);
    writeFile(chunk, bytes.subarray(0, Math.max(1, bytes.length - 5)));
    const arr = await io.read(a);
    await expectDzError(() => arr.get('0:2, 3:6').compute(), 'ERR_ZARR_CODEC', [/c[/.]0[/.]1/]);
  });

  test('bad crc32c → ERR_ZARR_CHECKSUM naming the chunk', async () => {
    const a = copyFixture('v3crc');
    const chunk = path.join(a, 'c', '0', '0');
    const bytes = Buffer.from(fs.readFileSync(chunk));
    bytes[0] ^= 0xff; // a data byte, not the stored checksum
    writeFile(chunk, bytes);
    const arr = await io.read(a);
    await expectDzError(() => arr.compute(), 'ERR_ZARR_CHECKSUM', [/c[/.]0[/.]0/]);
  });
});

describe('metadata failures', () => {
  test('malformed zarr.json → ERR_ZARR_INVALID_METADATA naming zarr.json', async () => {
    const a = copyFixture('v3plain');
    writeFile(path.join(a, 'zarr.json'), '{"zarr_format": 3, "node_type": "array", "shape": [4, 6');
    await expectDzError(() => io.read(a), 'ERR_ZARR_INVALID_METADATA', ['zarr.json']);
  });

  test('malformed .zarray → ERR_ZARR_INVALID_METADATA naming .zarray', async () => {
    const a = copyFixture('v2plain');
    writeFile(path.join(a, '.zarray'), '{"zarr_format": 2, "shape": [4, 6], ,}');
    await expectDzError(() => io.read(a), 'ERR_ZARR_INVALID_METADATA', ['.zarray']);
  });

  test('valid JSON with a wrong field → ERR_ZARR_INVALID_METADATA naming the field', async () => {
    const a = copyFixture('v3plain');
    const meta = JSON.parse(fs.readFileSync(path.join(a, 'zarr.json'), 'utf8'));
    meta.shape = [4, -6];
    writeFile(path.join(a, 'zarr.json'), JSON.stringify(meta));
    await expectDzError(() => io.read(a), 'ERR_ZARR_INVALID_METADATA', ['shape']);
  });

  test('unknown v3 codec → ERR_ZARR_UNKNOWN_CODEC naming it', async () => {
    const a = copyFixture('v3plain');
    const meta = JSON.parse(fs.readFileSync(path.join(a, 'zarr.json'), 'utf8'));
    meta.codecs.push({ name: 'acme_squeezer', configuration: {} });
    writeFile(path.join(a, 'zarr.json'), JSON.stringify(meta));
    await expectDzError(async () => (await io.read(a)).compute(), 'ERR_ZARR_UNKNOWN_CODEC', ['acme_squeezer']);
  });

  test('unknown v2 compressor → ERR_ZARR_UNKNOWN_CODEC naming it', async () => {
    const a = copyFixture('v2plain');
    const meta = JSON.parse(fs.readFileSync(path.join(a, '.zarray'), 'utf8'));
    meta.compressor = { id: 'acme_squeezer' };
    writeFile(path.join(a, '.zarray'), JSON.stringify(meta));
    await expectDzError(async () => (await io.read(a)).compute(), 'ERR_ZARR_UNKNOWN_CODEC', ['acme_squeezer']);
  });

  test('v2 filter decoding to strings (categorize) → ERR_ZARR_UNSUPPORTED naming the filter', async () => {
    // numcodecs filters on numbers are read (test/filters.test.ts); categorize yields strings.
    const a = copyFixture('v2delta');
    const file = path.join(a, '.zarray');
    const zarray = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    zarray.filters = [{ id: 'categorize', labels: ['a', 'b'], dtype: '<U1', astype: '|u1' }];
    fs.writeFileSync(file, JSON.stringify(zarray));
    await expectDzError(async () => (await io.read(a)).compute(), 'ERR_ZARR_UNSUPPORTED', ['categorize', file]);
  });
});

describe('paths and storage', () => {
  test('missing path → ERR_ZARR_NOT_FOUND naming it', async () => {
    const missing = path.join(dir, 'does-not-exist.zarr');
    await expectDzError(() => io.read(missing), 'ERR_ZARR_NOT_FOUND', [missing]);
  });

  test('missing array inside a group → ERR_ZARR_NOT_FOUND naming it', async () => {
    await expectDzError(() => io.read(path.join(dir, 'group'), { array: 'nope' }), 'ERR_ZARR_NOT_FOUND', ['nope']);
  });

  test('existing target → ERR_ZARR_EXISTS naming it, target untouched', async () => {
    const a = copyFixture('v3plain');
    const before = listFilesRecursive(a).map((f) => [f, fs.readFileSync(path.join(a, f)).toString('hex')]);
    const src = fromArray(new Float32Array(6).fill(1), [2, 3]);
    await expectDzError(() => io.write(src, a), 'ERR_ZARR_EXISTS', [a]);
    const after = listFilesRecursive(a).map((f) => [f, fs.readFileSync(path.join(a, f)).toString('hex')]);
    expect(after).toEqual(before);
  });

  test('a directory in place of a chunk file → ERR_ZARR_IO (never the fill value)', async () => {
    const a = copyFixture('v2plain');
    fs.rmSync(path.join(a, '1.1'));
    fs.mkdirSync(path.join(a, '1.1'));
    const arr = await io.read(a);
    await expectDzError(() => arr.compute(), 'ERR_ZARR_IO', ['1.1']);
  });

  test('a directory in place of a v3 chunk file → ERR_ZARR_IO', async () => {
    const a = copyFixture('v3plain');
    const chunk = path.join(a, 'c', '0', '1');
    fs.rmSync(chunk);
    fs.mkdirSync(chunk);
    const arr = await io.read(a);
    await expectDzError(() => arr.compute(), 'ERR_ZARR_IO', [/c[/.]0[/.]1/]);
  });

  test('TIFF magic with a garbage body → ERR_TIFF_INVALID naming the file', async () => {
    const f = path.join(dir, 'broken.tif');
    writeFile(f, Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f]), Buffer.alloc(64, 7)]));
    await expectDzError(async () => (await io.read(f)).compute(), 'ERR_TIFF_INVALID', ['broken.tif']);
  });
});

describe('arguments', () => {
  test('group member path escaping the group → ERR_ZARR_INVALID_ARGUMENT', async () => {
    await expectDzError(() => io.read(path.join(dir, 'group'), { array: '../v3plain' }), 'ERR_ZARR_INVALID_ARGUMENT', ['../v3plain']);
  });

  test('unknown io.write option → ERR_ZARR_INVALID_ARGUMENT naming it, nothing written', async () => {
    const target = path.join(dir, 'unknown-option.zarr');
    const src = fromArray(new Int16Array(6), [2, 3]);
    await expectDzError(() => io.write(src, target, { chunkz: [1, 1] } as never), 'ERR_ZARR_INVALID_ARGUMENT', ['chunkz']);
    expect(fs.existsSync(target)).toBe(false);
  });

  test('bad io.write option value → ERR_ZARR_INVALID_ARGUMENT naming it', async () => {
    const src = fromArray(new Int16Array(6), [2, 3]);
    await expectDzError(() => io.write(src, path.join(dir, 'bad-region.zarr'), { regionSizeMb: -3 }), 'ERR_ZARR_INVALID_ARGUMENT', ['regionSizeMb']);
    await expectDzError(() => io.write(src, path.join(dir, 'bad-chunks.zarr'), { chunks: [0, 3] }), 'ERR_ZARR_INVALID_ARGUMENT', ['chunks']);
    await expectDzError(() => io.write(src, path.join(dir, 'bad-fmt.zarr'), { zarrFormat: 4 as never }), 'ERR_ZARR_INVALID_ARGUMENT', ['zarrFormat']);
  });

  test('unknown io.read option → ERR_ZARR_INVALID_ARGUMENT naming it', async () => {
    await expectDzError(() => io.read(path.join(dir, 'v3plain'), { arrray: 'x' } as never), 'ERR_ZARR_INVALID_ARGUMENT', ['arrray']);
  });

  test('bad Codecs options → ERR_ZARR_INVALID_ARGUMENT naming them', async () => {
    await expectDzError(() => new Codecs({ compressor: 'snappy' as never }), 'ERR_ZARR_INVALID_ARGUMENT', ['snappy']);
    await expectDzError(() => new Codecs({ compressor: 'blosc', cname: 'lzma' as never }), 'ERR_ZARR_INVALID_ARGUMENT', ['lzma']);
    await expectDzError(() => new Codecs({ compressor: 'zstd', shufle: 'shuffle' } as never), 'ERR_ZARR_INVALID_ARGUMENT', ['shufle']);
  });

  test('an unknown checksum → ERR_ZARR_INVALID_ARGUMENT naming checksum', async () => {
    // v2 writes take checksums as numcodecs filters (test/filters-write.test.ts).
    await expectDzError(() => new Codecs({ compressor: null, checksum: 'md5' as never }), 'ERR_ZARR_INVALID_ARGUMENT', ['checksum', 'md5']);
  });

  test('bad selections → ERR_ZARR_INVALID_SELECTION naming the index', async () => {
    const arr = await io.read(path.join(dir, 'v3plain'));
    await expectDzError(() => arr.get('1:3:0'), 'ERR_ZARR_INVALID_SELECTION', ['0']);
    await expectDzError(() => arr.get([7]), 'ERR_ZARR_INVALID_SELECTION', ['7']);
    await expectDzError(() => arr.get([-5]), 'ERR_ZARR_INVALID_SELECTION', ['-5']);
    await expectDzError(() => arr.get('0, 0, 0'), 'ERR_ZARR_INVALID_SELECTION', []);
    await expectDzError(() => arr.get('..., 1, ...'), 'ERR_ZARR_INVALID_SELECTION', ['...']);
    await expectDzError(() => arr.get('1:x'), 'ERR_ZARR_INVALID_SELECTION', ['x']);
  });
});

describe('cancellation', () => {
  test('write with an already aborted signal → ERR_ZARR_ABORTED, target absent', async () => {
    const target = path.join(dir, 'pre-aborted.zarr');
    const src = fromArray(new Float64Array(64 * 64).map((_, i) => i), [64, 64]);
    const ac = new AbortController();
    ac.abort();
    await expectDzError(() => io.write(src, target, { chunks: [8, 8], signal: ac.signal }), 'ERR_ZARR_ABORTED', []);
    expect(fs.existsSync(target)).toBe(false);
  });

  test('abort mid-write → ERR_ZARR_ABORTED, target absent and no stray files', async () => {
    const parent = fs.mkdtempSync(path.join(dir, 'abort-'));
    const target = path.join(parent, 'mid-abort.zarr');
    const n = 256 * 256 * 64;
    const src = fromArray(new Float32Array(n).map((_, i) => Math.sin(i)), [64, 256, 256]);
    const ac = new AbortController();
    await expectDzError(() => io.write(src, target, {
      chunks: [4, 32, 32],
      compressor: new Codecs({ compressor: 'gzip', clevel: 9 }),
      regionSizeMb: 0.05,
      threads: 1,
      signal: ac.signal,
      onProgress: () => {
        ac.abort();
      },
    }), 'ERR_ZARR_ABORTED', []);
    expect(fs.existsSync(target)).toBe(false);
    expect(listFilesRecursive(parent)).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  test('compute with an aborted signal → ERR_ZARR_ABORTED', async () => {
    const arr = await io.read(path.join(dir, 'v3zstd'));
    const ac = new AbortController();
    ac.abort();
    await expectDzError(() => arr.compute({ signal: ac.signal }), 'ERR_ZARR_ABORTED', []);
  });
});
