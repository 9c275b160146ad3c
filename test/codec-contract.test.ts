/**
 * One codec contract: TypeScript validates and normalises every chain and
 * writes every field; the engine only reads. These tests prove the engine
 * registers exactly the names lib/codecs/names.ts owns and accepts every
 * chain TypeScript emits — for every Codecs option io.write can take, and
 * for the metadata spellings io.read normalises (defaults left out,
 * numcodecs.* names, numeric blosc shuffle, C/F transpose orders …).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, fromArray, io } from '../lib';
import { BLOSC_CNAMES, BLOSC_SHUFFLES, CHECKSUMS, COMPRESSORS, ENGINE_CODECS } from '../lib/codecs/names';
import type { CodecsOptions, FilterConfig } from '../lib/codecs/codecs';
import { v3Chain } from '../lib/metadata/codec-chain';
import { MetadataContext } from '../lib/metadata/context';
import { native } from '../lib/job/native';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let root: string;
beforeAll(() => { root = makeTempDir('codec-contract'); });
afterAll(() => removeTempDir(root));

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

test('the engine registers exactly the codec names lib/codecs/names.ts owns, by kind', () => {
  const got = native().codecNames();
  expect(sorted(got.arrayToArray)).toEqual(sorted(ENGINE_CODECS.arrayToArray));
  expect(sorted(got.arrayToBytes)).toEqual(sorted(ENGINE_CODECS.arrayToBytes));
  expect(sorted(got.bytesToBytes)).toEqual(sorted(ENGINE_CODECS.bytesToBytes));
});

/** Every compressor setting Codecs can take, each with every checksum. */
function codecOptions(): CodecsOptions[] {
  const base: CodecsOptions[] = [{ compressor: null }];
  for (const c of COMPRESSORS) {
    if (c === 'blosc') {
      for (const cname of BLOSC_CNAMES) for (const shuffle of BLOSC_SHUFFLES) base.push({ compressor: c, cname, shuffle });
    } else {
      base.push({ compressor: c });
    }
  }
  return base.flatMap((o) => [o, ...CHECKSUMS.map((checksum) => ({ ...o, checksum }))]);
}

const FILTER_SETS: Array<[string, 'int16' | 'float32', FilterConfig[]]> = [
  ['delta', 'int16', [{ id: 'delta' }, { id: 'shuffle' }]],
  ['fso', 'float32', [{ id: 'fixedscaleoffset', offset: 1, scale: 4, astype: 'int16' }, { id: 'delta', dtype: 'int16' }]],
  ['quantize', 'float32', [{ id: 'quantize', digits: 3 }]],
  ['bitround', 'float32', [{ id: 'bitround', keepbits: 9 }, { id: 'shuffle', elementsize: 4 }]],
  ['astype', 'float32', [{ id: 'astype', encode_dtype: 'float64' }]],
];

const SHAPE = [6, 5];
const data = (dtype: 'int16' | 'float32'): Int16Array | Float32Array => {
  const values = Array.from({ length: 30 }, (_, i) => (i * 3) % 17 - 8);
  return dtype === 'int16' ? Int16Array.from(values) : Float32Array.from(values, (v) => v / 4);
};

describe('the engine accepts every chain io.write emits (and decodes it back)', () => {
  const layouts = [
    { name: 'v2', opts: { zarrFormat: 2 as const } },
    { name: 'v2-F-big', opts: { zarrFormat: 2 as const, order: 'F' as const, endian: 'big' as const } },
    { name: 'v3', opts: { zarrFormat: 3 as const } },
    { name: 'v3-big-sharded', opts: { zarrFormat: 3 as const, endian: 'big' as const, shardCoefficients: [2, 1] } },
  ];
  test.each(layouts.map((l) => [l.name, l.opts] as const))('%s: every compressor × checksum, and the filter sets', async (name, layout) => {
    const cases: Array<[string, 'int16' | 'float32', CodecsOptions]> = [
      ...codecOptions().map((o, i) => [`c${i}`, 'int16', o] as [string, 'int16', CodecsOptions]),
      ...FILTER_SETS.map(([n, dtype, filters]) => [n, dtype, { compressor: 'zstd', checksum: 'adler32', filters }] as [string, 'int16' | 'float32', CodecsOptions]),
    ];
    for (const [caseName, dtype, options] of cases) {
      const target = path.join(root, `${name}-${caseName}.zarr`);
      const src = data(dtype);
      await io.write(fromArray(src, SHAPE), target, { ...layout, chunks: [3, 5], compressor: new Codecs(options) });
      const back = await (await io.read(target)).compute();
      // Quarters of small integers survive even the lossy filters here exactly (numcodecs parity: filters-write.test.ts).
      expect([caseName, Array.from(back.data as Float32Array)]).toEqual([caseName, Array.from(src)]);
    }
  });
});

describe('the engine accepts every chain io.read normalises from other writers\' spellings', () => {
  const v3 = (codecs: unknown[], dtype = 'uint16'): Record<string, unknown> => ({
    zarr_format: 3, node_type: 'array', shape: [4, 4], data_type: dtype,
    chunk_grid: { name: 'regular', configuration: { chunk_shape: [4, 4] } },
    chunk_key_encoding: { name: 'default' }, fill_value: dtype === 'bool' ? true : 7, codecs,
  });
  const bytes = { name: 'bytes', configuration: { endian: 'little' } };
  const spellings: Array<[string, Record<string, unknown>]> = [
    ['bytes without configuration (1-byte type)', v3(['bytes'], 'uint8')],
    ['transpose order "F"', v3([{ name: 'transpose', configuration: { order: 'F' } }, bytes])],
    ['blosc without typesize or blocksize', v3([bytes, { name: 'blosc', configuration: { cname: 'zstd', clevel: 1, shuffle: 'bitshuffle' } }])],
    ['numcodecs.blosc with numeric shuffle -1', v3([bytes, { name: 'numcodecs.blosc', configuration: { cname: 'lz4', clevel: 5, shuffle: -1 } }])],
    ['blosc snappy (read only)', v3([bytes, { name: 'blosc', configuration: { cname: 'snappy', clevel: 5, shuffle: 'shuffle', typesize: 2, blocksize: 0 } }])],
    ['zstd without checksum', v3([bytes, { name: 'zstd', configuration: { level: 0 } }])],
    ['numcodecs.gzip/zlib/bz2/lz4 without levels', v3([bytes, { name: 'numcodecs.zlib' }, { name: 'numcodecs.bz2' }, { name: 'numcodecs.lz4' }, { name: 'gzip', configuration: {} }])],
    ['crc32c without configuration', v3([bytes, 'crc32c'])],
    ['numcodecs checksums without location', v3([bytes, { name: 'numcodecs.adler32' }, { name: 'numcodecs.crc32' }, { name: 'numcodecs.fletcher32' }])],
    ['numcodecs.shuffle without elementsize', v3([bytes, { name: 'numcodecs.shuffle' }])],
    ['numcodecs filters without dtypes', v3([{ name: 'numcodecs.delta' }, { name: 'numcodecs.astype', configuration: { encode_dtype: '<u4' } }, bytes], 'uint16')],
    ['sharding without index_codecs or index_location', v3([{ name: 'sharding_indexed', configuration: { chunk_shape: [2, 2], codecs: [bytes] } }])],
    ['sharding with a transposed, crc32c-checked index at the start', v3([{ name: 'sharding_indexed', configuration: { chunk_shape: [2, 4], codecs: [bytes, 'crc32c'], index_codecs: [{ name: 'transpose', configuration: { order: [2, 1, 0] } }, bytes, { name: 'crc32c' }], index_location: 'start' } }])],
    ['packbits', v3([{ name: 'numcodecs.packbits' }, 'bytes'], 'bool')],
  ];
  test.each(spellings)('%s', async (name, meta) => {
    const dir = path.join(root, `read-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'zarr.json'), JSON.stringify(meta));
    // No chunk files: the engine still builds the chain, then reads the fill value.
    const a = await io.read(dir);
    const got = await a.compute();
    expect(Array.from(got.data as Uint16Array)).toEqual(new Array(16).fill(meta.data_type === 'bool' ? 1 : 7));
  });

  test('every normalised entry carries a configuration with every field filled', () => {
    const chain = v3Chain(new MetadataContext('zarr.json'), 'codecs', [bytes, { name: 'numcodecs.bz2' }, 'crc32c'], 'uint16', [4, 4]);
    expect(chain).toEqual([
      { name: 'bytes', configuration: { endian: 'little' } },
      { name: 'bz2', configuration: { level: 1 } },  // numcodecs BZ2's default level
      { name: 'crc32c', configuration: { location: 'end' } },
    ]);
  });
});

test('a chain TypeScript would never emit is the engine\'s own bug: ERR_ZARR_INTERNAL', async () => {
  const job = {
    threads: 1,
    sources: [{ kind: 'zarr', path: root, shape: [2], dtype: 'uint8', chunkShape: [2], keyEncoding: { kind: 'default', separator: '/' }, fillValue: '00', codecs: [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'zstd', configuration: { level: 3 } }] }],
    nodes: [{ kind: 'source', source: 0, shape: [2], dtype: 'uint8' }],
    root: 0, regionShape: [2], sink: { kind: 'compute' },
  };
  const out = Buffer.alloc(2);
  await expect(native().run(JSON.stringify(job), [], out, null, null)).rejects.toMatchObject({ code: 'ERR_ZARR_INTERNAL', message: expect.stringContaining('checksum') });
  const unknown = { ...job, sources: [{ ...job.sources[0], codecs: [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'lzma', configuration: {} }] }] };
  await expect(native().run(JSON.stringify(unknown), [], out, null, null)).rejects.toMatchObject({ code: 'ERR_ZARR_INTERNAL', message: expect.stringContaining('lzma') });
});
