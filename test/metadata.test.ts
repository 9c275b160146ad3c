/**
 * Zarr metadata parsing against fixtures written by zarr-python 3: every
 * dtype and fill value, every codec (v2 and v3), layout variants, groups and
 * OME-Zarr. Expected values come from zarr-python's objects (oracle/zarr_meta.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSource } from '../lib/read/open-source';
import { isDynaZarrError } from '../lib/errors';
import type { SourceInfo } from '../lib/source-info';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Expected {
  shape: number[]; dtype: string; chunks: number[]; shards: number[] | null; zarrFormat: 2 | 3;
  fill: unknown; fillHex: string; codecs: Record<string, unknown>; attributes: Record<string, unknown>;
  dimensionNames: string[] | null;
}

let root: string;
let manifest: Record<string, Expected>;

beforeAll(async () => {
  root = makeTempDir('meta');
  manifest = JSON.parse(await runPython('zarr_meta.py', ['fixtures', root])) as Record<string, Expected>;
}, 120000);
afterAll(() => removeTempDir(root));

/** Our public fill value in the oracle's spelling (NaN names, 64-bit ints as strings). */
function fillAsOracle(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
  }
  if (Array.isArray(v)) return v.map(fillAsOracle);
  return v;
}

async function expectCode(p: Promise<unknown>, code: string, fragment?: string): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isDynaZarrError(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  if (fragment) expect((err as Error).message).toContain(fragment);
}

function writeMeta(dir: string, file: string, content: unknown): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('fixtures written by zarr-python 3', () => {
  test('every fixture parses to what zarr-python reports', async () => {
    const names = Object.keys(manifest);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      const want = manifest[name];
      const info: SourceInfo = await openSource(path.join(root, name));
      const got = {
        shape: info.shape, dtype: info.dtype, chunks: info.chunks, shards: info.shards, zarrFormat: info.zarrFormat,
        fill: fillAsOracle(info.fillValue), fillHex: info.spec.kind === 'zarr' ? info.spec.fillValue : null,
        attributes: info.attributes, dimensionNames: info.dimensionNames,
      };
      const expected = {
        shape: want.shape, dtype: want.dtype, chunks: want.chunks, shards: want.shards, zarrFormat: want.zarrFormat,
        fill: want.fill, fillHex: want.fillHex, attributes: want.attributes, dimensionNames: want.dimensionNames,
      };
      expect({ name, ...got }).toEqual({ name, ...expected });
      const codecs = info.codecs!.toJSON() as unknown as Record<string, unknown>;
      const wantCodecs = { checksum: false, ...want.codecs };
      for (const [k, v] of Object.entries(wantCodecs)) expect({ name, k, v: codecs[k] }).toEqual({ name, k, v });
      expect(info.spec.kind).toBe('zarr');
      expect((info.spec as { path: string }).path).toBe(path.resolve(root, name));
    }
  });

  test('layout variants become the normalised engine spec', async () => {
    const bigF = await openSource(path.join(root, 'v2_big_f.zarr'));
    expect(bigF.spec).toMatchObject({
      keyEncoding: { kind: 'v2', separator: '.' }, chunkShape: [4, 3],
      codecs: [{ name: 'transpose', configuration: { order: [1, 0] } }, { name: 'bytes', configuration: { endian: 'big' } }, { name: 'zstd', configuration: { level: 0 } }],
    });
    expect((await openSource(path.join(root, 'v2_slash.zarr'))).spec).toMatchObject({ keyEncoding: { kind: 'v2', separator: '/' } });
    expect((await openSource(path.join(root, 'v3_keys_v2.zarr'))).spec).toMatchObject({ keyEncoding: { kind: 'v2', separator: '.' } });
    expect((await openSource(path.join(root, 'v3_keys_dot.zarr'))).spec).toMatchObject({ keyEncoding: { kind: 'default', separator: '.' } });
    const shard = await openSource(path.join(root, 'v3_shard_idx_start.zarr'));
    expect(shard.spec).toMatchObject({
      chunkShape: [4, 6],
      codecs: [{ name: 'sharding_indexed', configuration: { chunk_shape: [2, 3], index_location: 'start', codecs: [{ name: 'bytes' }, { name: 'zstd', configuration: { level: 1 } }] } }],
    });
    const tr = await openSource(path.join(root, 'v3_transpose.zarr'));
    expect((tr.spec as { codecs: unknown[] }).codecs[0]).toEqual({ name: 'transpose', configuration: { order: [2, 0, 1] } });
    for (const [name, codec] of [['v3c_lz4.zarr', 'lz4'], ['v3c_zlib.zarr', 'zlib'], ['v3c_bz2.zarr', 'bz2']]) {
      const info = await openSource(path.join(root, name));
      expect((info.spec as { codecs: Array<{ name: string }> }).codecs.map((c) => c.name)).toEqual(['bytes', codec]);
    }
    const v2b = await openSource(path.join(root, 'v2c_blosc.zarr'));
    expect((v2b.spec as { codecs: unknown[] }).codecs[1]).toEqual({ name: 'blosc', configuration: { typesize: 4, cname: 'zlib', clevel: 4, shuffle: 'bitshuffle', blocksize: 0 } });
    const v0 = await openSource(path.join(root, 'v3_0d.zarr'));
    expect(v0.spec).toMatchObject({ shape: [], chunkShape: [] });
  });

  test('file:// URLs and metadata file paths open the same array', async () => {
    const dir = path.join(root, 'v3_int16.zarr');
    expect((await openSource(pathToFileURL(dir).href)).shape).toEqual([5, 7]);
    expect((await openSource(pathToFileURL(dir))).dtype).toBe('int16');
    expect((await openSource(path.join(dir, 'zarr.json'))).dtype).toBe('int16');
  });
});

describe('groups', () => {
  test.each([2, 3])('v%i group: default is the first array by name; options.array selects members', async (fmt) => {
    const g = path.join(root, `group_v${fmt}.zarr`);
    expect((await openSource(g)).spec).toMatchObject({ path: path.join(g, 'a') });
    expect((await openSource(g, { array: 'b' })).dtype).toBe('uint8');
    expect((await openSource(g, { array: 'sub/deep' })).shape).toEqual([2, 2]);
    expect((await openSource(g, { array: '/sub/deep/' })).dtype).toBe('float32');
    expect((await openSource(g, { array: 'sub' })).spec).toMatchObject({ path: path.join(g, 'sub', 'deep') });
    expect((await openSource(path.join(root, `nested_v${fmt}.zarr`))).spec).toMatchObject({ path: path.join(root, `nested_v${fmt}.zarr`, 'z', 'only') });
    await expectCode(openSource(g, { array: 'nope' }), 'ERR_ZARR_NOT_FOUND', 'nope');
    await expectCode(openSource(g, { array: '../v3_int8.zarr' }), 'ERR_ZARR_INVALID_ARGUMENT', 'options.array');
    await expectCode(openSource(g, { array: 'sub/../a' }), 'ERR_ZARR_INVALID_ARGUMENT');
  });

  test.each([2, 3])('OME-Zarr v%i: level 0 of multiscales[0]', async (fmt) => {
    const info = await openSource(path.join(root, `ome_v${fmt}.zarr`));
    expect(info.shape).toEqual([4, 4]);
    expect(info.dtype).toBe('uint16');
    expect((await openSource(path.join(root, `ome_v${fmt}.zarr`), { array: 's1' })).shape).toEqual([2, 2]);
  });

  test('an array given options.array is an error', async () => {
    await expectCode(openSource(path.join(root, 'v3_int8.zarr'), { array: 'x' }), 'ERR_ZARR_INVALID_ARGUMENT');
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(() => { dir = makeTempDir('badmeta'); });
  afterAll(() => removeTempDir(dir));

  const v3 = (over: Record<string, unknown>): Record<string, unknown> => ({
    zarr_format: 3, node_type: 'array', shape: [4], data_type: 'float32',
    chunk_grid: { name: 'regular', configuration: { chunk_shape: [2] } },
    chunk_key_encoding: { name: 'default' }, fill_value: 0,
    codecs: [{ name: 'bytes', configuration: { endian: 'little' } }], ...over,
  });
  const v2 = (over: Record<string, unknown>): Record<string, unknown> => ({
    zarr_format: 2, shape: [4], chunks: [2], dtype: '<f4', compressor: null, fill_value: 0, order: 'C', filters: null, ...over,
  });

  test('malformed .zarray and zarr.json name the file and key', async () => {
    await expectCode(openSource(writeMeta(path.join(dir, 'a'), '.zarray', '{"zarr_format": 2, "shape": [4')), 'ERR_ZARR_INVALID_METADATA', '.zarray');
    await expectCode(openSource(writeMeta(path.join(dir, 'b'), 'zarr.json', 'not json')), 'ERR_ZARR_INVALID_METADATA', 'zarr.json');
    const noShape = v2({}); delete noShape.shape;
    await expectCode(openSource(writeMeta(path.join(dir, 'c'), '.zarray', noShape)), 'ERR_ZARR_INVALID_METADATA', '"shape"');
    const noCodecs = v3({}); delete noCodecs.codecs;
    await expectCode(openSource(writeMeta(path.join(dir, 'd'), 'zarr.json', noCodecs)), 'ERR_ZARR_INVALID_METADATA', '"codecs"');
    await expectCode(openSource(writeMeta(path.join(dir, 'e'), 'zarr.json', v3({ shape: [4, 2] }))), 'ERR_ZARR_INVALID_METADATA', 'chunk_shape');
    await expectCode(openSource(writeMeta(path.join(dir, 'f'), 'zarr.json', v3({ fill_value: 'banana' }))), 'ERR_ZARR_INVALID_METADATA', 'fill_value');
    await expectCode(openSource(writeMeta(path.join(dir, 'g'), '.zarray', v2({ fill_value: 1.5, dtype: '<i2' }))), 'ERR_ZARR_INVALID_METADATA', 'fill_value');
    await expectCode(openSource(writeMeta(path.join(dir, 'h'), 'zarr.json', v3({ node_type: 'banana' }))), 'ERR_ZARR_INVALID_METADATA', 'node_type');
    await expectCode(openSource(writeMeta(path.join(dir, 'i'), '.zarray', v2({ order: 'X' }))), 'ERR_ZARR_INVALID_METADATA', '"order"');
    await expectCode(openSource(writeMeta(path.join(dir, 'j'), 'zarr.json', v3({ codecs: [{ name: 'zstd', configuration: { level: 1 } }] }))), 'ERR_ZARR_INVALID_METADATA', 'codecs');
    await expectCode(openSource(writeMeta(path.join(dir, 'k'), '.zarray', v2({ shape: [-1] }))), 'ERR_ZARR_INVALID_METADATA', '"shape"');
  });

  test('unknown codecs, filters and data types', async () => {
    await expectCode(openSource(writeMeta(path.join(dir, 'u1'), 'zarr.json', v3({ codecs: [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'lzma9000' }] }))), 'ERR_ZARR_UNKNOWN_CODEC', 'lzma9000');
    await expectCode(openSource(writeMeta(path.join(dir, 'u2'), '.zarray', v2({ compressor: { id: 'lzma' } }))), 'ERR_ZARR_UNKNOWN_CODEC', 'lzma');
    // numcodecs filters are read (test/filters.test.ts); one that reinterprets the bytes as another type is not.
    await expectCode(openSource(writeMeta(path.join(dir, 'u3'), '.zarray', v2({ filters: [{ id: 'delta', dtype: '<i2' }] }))), 'ERR_ZARR_UNSUPPORTED', 'delta');
    await expectCode(openSource(writeMeta(path.join(dir, 'u4'), 'zarr.json', v3({ data_type: 'string' }))), 'ERR_ZARR_UNSUPPORTED', 'data_type');
    await expectCode(openSource(writeMeta(path.join(dir, 'u5'), '.zarray', v2({ dtype: '<M8[ns]' }))), 'ERR_ZARR_UNSUPPORTED', 'dtype');
    // Filters null and [] are fine.
    expect((await openSource(writeMeta(path.join(dir, 'ok1'), '.zarray', v2({ filters: [] })))).dtype).toBe('float32');
  });

  test('v3 fill values in hex and named forms; big int64 stays exact', async () => {
    const nan = await openSource(writeMeta(path.join(dir, 'x1'), 'zarr.json', v3({ fill_value: '0x7fc00001' })));
    expect(Number.isNaN(nan.fillValue)).toBe(true);
    expect((nan.spec as { fillValue: string }).fillValue).toBe('0100c07f');
    const one = await openSource(writeMeta(path.join(dir, 'x2'), 'zarr.json', v3({ data_type: 'float64', fill_value: '0x3ff0000000000000' })));
    expect(one.fillValue).toBe(1);
    const inf = await openSource(writeMeta(path.join(dir, 'x3'), 'zarr.json', v3({ data_type: 'float16', fill_value: '-Infinity' })));
    expect((inf.spec as { fillValue: string }).fillValue).toBe('00fc');
    const big = await openSource(writeMeta(path.join(dir, 'x4'), 'zarr.json', '{"zarr_format":3,"node_type":"array","shape":[4],"data_type":"int64","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[2]}},"chunk_key_encoding":{"name":"default"},"fill_value":-9223372036854775807,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}'));
    expect(big.fillValue).toBe(-9223372036854775807n);
    expect((big.spec as { fillValue: string }).fillValue).toBe('0100000000000080');
    const cx = await openSource(writeMeta(path.join(dir, 'x5'), 'zarr.json', v3({ data_type: 'complex64', fill_value: ['NaN', '0x3f800000'] })));
    expect(cx.fillValue).toEqual([NaN, 1]);
  });

  test('paths and options', async () => {
    await expectCode(openSource(path.join(dir, 'does-not-exist')), 'ERR_ZARR_NOT_FOUND', 'does-not-exist');
    await expectCode(openSource('ftp://127.0.0.1/a.zarr'), 'ERR_ZARR_UNSUPPORTED', 'ftp');
    await expectCode(openSource(''), 'ERR_ZARR_INVALID_ARGUMENT');
    await expectCode(openSource(42), 'ERR_ZARR_INVALID_ARGUMENT');
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    await expectCode(openSource(path.join(dir, 'empty')), 'ERR_ZARR_NOT_FOUND', 'no Zarr');
    fs.writeFileSync(path.join(dir, 'plain.txt'), 'hello');
    await expectCode(openSource(path.join(dir, 'plain.txt')), 'ERR_ZARR_UNSUPPORTED', 'plain.txt');
    await expectCode(openSource(path.join(root, 'v3_int8.zarr'), { arry: 'x' }), 'ERR_ZARR_INVALID_ARGUMENT', 'arry');
    await expectCode(openSource(path.join(root, 'v3_int8.zarr'), { series: 1 }), 'ERR_ZARR_INVALID_ARGUMENT', 'TIFF');
    await expectCode(openSource(path.join(root, 'v3_int8.zarr'), { level: -1 }), 'ERR_ZARR_INVALID_ARGUMENT', 'level');
  });

  test('a file with TIFF magic bytes (any extension) goes to the TIFF reader', async () => {
    const f = path.join(dir, 'image.dat');
    fs.writeFileSync(f, Buffer.from([0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0]));
    const err = await openSource(f).then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(err).not.toBeNull();
    expect(err!.message).not.toContain('neither a TIFF');
    expect(['ERR_TIFF_INVALID', 'ERR_ZARR_UNSUPPORTED']).toContain(err!.code);
  });
});
