/**
 * Codecs and the metadata io.write produces: TypeScript writes .zarray /
 * zarr.json (no chunks) for every compressor and fill value, zarr-python 3
 * opens them and reports compressor, dtype, fill value, chunks, shards and
 * attributes; every value reads as the fill value. Also Codecs validation
 * and float16 rounding against NumPy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, type CodecsOptions } from '../lib/codecs/codecs';
import type { DType } from '../lib/dtype';
import { isDynaZarrError } from '../lib/errors';
import { encodeFillValue, toHalfBits } from '../lib/metadata/fill-value';
import { stringifyJson } from '../lib/metadata/json-text';
import { parseMetadataObject } from '../lib/metadata/document';
import { parseV2Array, v2ArrayMetadata } from '../lib/metadata/v2';
import { parseV3Array, v3ArrayMetadata } from '../lib/metadata/v3';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
beforeAll(() => { dir = makeTempDir('metawrite'); });
afterAll(() => removeTempDir(dir));

const CODECS: CodecsOptions[] = [
  { compressor: null },
  { compressor: 'blosc' },
  { compressor: 'blosc', cname: 'zstd', clevel: 9, shuffle: 'bitshuffle', blocksize: 0 },
  { compressor: 'blosc', cname: 'blosclz', clevel: 1, shuffle: 'noshuffle' },
  { compressor: 'zstd', clevel: 7 },
  { compressor: 'gzip', clevel: 3 },
  { compressor: 'zlib', clevel: 6 },
  { compressor: 'lz4' },
  { compressor: 'bz2', clevel: 9 },
];

interface Described { error?: string; shape: number[]; dtype: string; chunks: number[]; shards: number[] | null; zarrFormat: number; fill: unknown; fillHex: string; codecs: Record<string, unknown>; attributes: Record<string, unknown>; dimensionNames: string[] | null; values: string }

function writeArray(name: string, format: 2 | 3, args: { shape: number[]; chunks: number[]; shards?: number[] | null; dtype: DType; codecs: Codecs; fill: unknown; dimensionNames?: string[] | null; attributes?: Record<string, unknown> }): string {
  const p = path.join(dir, name);
  fs.mkdirSync(p, { recursive: true });
  const fill = encodeFillValue(args.fill, args.dtype);
  if (!fill) throw new Error(`bad fill ${String(args.fill)}`);
  if (format === 2) {
    fs.writeFileSync(path.join(p, '.zarray'), stringifyJson(v2ArrayMetadata({ ...args, fill: fill.json })));
    if (args.attributes) fs.writeFileSync(path.join(p, '.zattrs'), stringifyJson(args.attributes));
  } else {
    fs.writeFileSync(path.join(p, 'zarr.json'), stringifyJson(v3ArrayMetadata({ shards: null, dimensionNames: null, attributes: {}, ...args, fill: fill.json })));
  }
  return p;
}

test('zarr-python reads the compressor, shape, chunks and shards we write (v2, v3, sharded v3)', async () => {
  const paths: string[] = [];
  const expected: Record<string, Record<string, unknown>> = {};
  CODECS.forEach((options, i) => {
    const codecs = new Codecs(options);
    for (const format of [2, 3] as const) {
      const p = writeArray(`c${i}_v${format}`, format, { shape: [5, 6], chunks: [2, 3], dtype: 'uint16', codecs, fill: 7 });
      paths.push(p);
      expected[p] = { shards: null, codecs };
    }
    const s = writeArray(`c${i}_v3s`, 3, { shape: [5, 6], chunks: [2, 3], shards: [4, 6], dtype: 'int32', codecs, fill: -3 });
    paths.push(s);
    expected[s] = { shards: [4, 6], codecs };
  });
  const crc = new Codecs({ compressor: 'gzip', clevel: 1, checksum: true });
  const c = writeArray('crc', 3, { shape: [4], chunks: [2], dtype: 'float32', codecs: crc, fill: 0 });
  paths.push(c);
  expected[c] = { shards: null, codecs: crc };
  const seen = await runPythonPlan<Record<string, Described>>('zarr_meta.py', 'inspect', path.join(dir, 'plan1.json'), paths);
  for (const p of paths) {
    const d = seen[p];
    expect({ p, error: d.error }).toEqual({ p, error: undefined });
    expect(d.chunks).toEqual(d.shape.length === 1 ? [2] : [2, 3]);
    expect(d.shards).toEqual(expected[p].shards);
    const want = (expected[p].codecs as Codecs).toJSON() as unknown as Record<string, unknown>;
    const got: Record<string, unknown> = { checksum: false, ...d.codecs };
    for (const k of ['compressor', 'clevel', 'cname', 'shuffle', 'blocksize', 'checksum']) {
      if (k in want) expect({ p, k, v: got[k] }).toEqual({ p, k, v: want[k] });
    }
    // No chunks were written, so every value is the fill value.
    const n = d.shape.reduce((a, b) => a * b, 1);
    expect(d.values).toBe(d.fillHex.repeat(n));
    // And our own parser reads back the same compression.
    const info = fs.existsSync(path.join(p, '.zarray'))
      ? parseV2Array(p, fs.readFileSync(path.join(p, '.zarray'), 'utf8'), null)
      : parseV3Array(p, parseMetadataObject('zarr.json', fs.readFileSync(path.join(p, 'zarr.json'), 'utf8')));
    expect(info.codecs!.equals(expected[p].codecs as Codecs)).toBe(true);
  }
});

const FILLS: Array<[DType, unknown, unknown]> = [
  ['bool', true, true], ['int8', -128, -128], ['uint8', 255, 255], ['int16', -2, -2], ['uint32', 4294967295, 4294967295],
  ['int64', -(2n ** 63n), '-9223372036854775808'], ['uint64', 2n ** 64n - 1n, '18446744073709551615'], ['int64', 12, '12'],
  ['float16', 0.1, 0.0999755859375], ['float16', NaN, 'NaN'], ['float32', -Infinity, '-Infinity'], ['float64', 1e300, 1e300],
  ['complex64', [1.5, NaN], [1.5, 'NaN']], ['complex128', [Infinity, -0.25], ['Infinity', -0.25]], ['complex64', 3, [3, 0]],
];

test('fill values of every dtype are read back by zarr-python (v2 and v3)', async () => {
  const paths: string[] = [];
  const want: Record<string, unknown> = {};
  FILLS.forEach(([dtype, value, oracle], i) => {
    for (const format of [2, 3] as const) {
      const p = writeArray(`f${i}_v${format}`, format, { shape: [3], chunks: [2], dtype, codecs: new Codecs({ compressor: 'zstd' }), fill: value });
      paths.push(p);
      want[p] = oracle;
    }
  });
  const seen = await runPythonPlan<Record<string, Described>>('zarr_meta.py', 'inspect', path.join(dir, 'plan2.json'), paths);
  for (const p of paths) {
    expect({ p, error: seen[p].error, fill: seen[p].fill }).toEqual({ p, error: undefined, fill: want[p] });
    expect({ p, hex: encodeFillValue(FILLS[Number(/f(\d+)_/.exec(p)![1])][1], FILLS[Number(/f(\d+)_/.exec(p)![1])][0])!.hex }).toEqual({ p, hex: seen[p].fillHex });
  }
});

test('attributes and dimension names reach zarr-python', async () => {
  const codecs = Codecs.default();
  const p3 = path.join(dir, 'attrs3');
  fs.mkdirSync(p3);
  fs.writeFileSync(path.join(p3, 'zarr.json'), stringifyJson(v3ArrayMetadata({ shape: [2, 3], chunks: [2, 3], shards: null, dtype: 'float64', codecs, fill: 0, dimensionNames: ['y', 'x'], attributes: { a: 1, nested: { b: [1, 2] } } })));
  const p2 = writeArray('attrs2', 2, { shape: [2, 3], chunks: [2, 3], dtype: 'float64', codecs, fill: 0, attributes: { _ARRAY_DIMENSIONS: ['y', 'x'], c: 'd' } });
  const seen = await runPythonPlan<Record<string, Described>>('zarr_meta.py', 'inspect', path.join(dir, 'plan3.json'), [p3, p2]);
  expect(seen[p3].attributes).toEqual({ a: 1, nested: { b: [1, 2] } });
  expect(seen[p3].dimensionNames).toEqual(['y', 'x']);
  expect(seen[p2].attributes).toEqual({ _ARRAY_DIMENSIONS: ['y', 'x'], c: 'd' });
  expect(parseV2Array(p2, fs.readFileSync(path.join(p2, '.zarray'), 'utf8'), fs.readFileSync(path.join(p2, '.zattrs'), 'utf8')).dimensionNames).toEqual(['y', 'x']);
});

test('float16 rounding matches NumPy', async () => {
  const values = [0, 1, -1, 0.1, 1 / 3, 65504, 65519, 65520, 1e6, -1e6, 2 ** -14, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -26, 6.1e-5, 1.0009765625, 1.00048828125, 1.00146484375, 2049, 2051, 1e-8];  // JSON has no -0 or infinities: checked below
  const oracle = await runPythonPlan<number[]>('zarr_meta.py', 'halfbits', path.join(dir, 'plan4.json'), values);
  expect(values.map(toHalfBits)).toEqual(oracle);
  expect(toHalfBits(NaN) & 0x7c00).toBe(0x7c00);
  expect([toHalfBits(-0), toHalfBits(Infinity), toHalfBits(-Infinity)]).toEqual([0x8000, 0x7c00, 0xfc00]);
});

describe('Codecs', () => {
  const bad = (options: unknown, fragment: string): void => {
    let err: unknown = null;
    try { new Codecs(options as CodecsOptions); } catch (e) { err = e; }
    expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
    expect((err as Error).message).toContain(fragment);
  };

  test('validates at construction', () => {
    bad({ compressor: 'lzma' }, 'compressor');
    bad({ compressor: 'zstd', clevel: 23 }, 'clevel');
    bad({ compressor: 'gzip', clevel: 1.5 }, 'clevel');
    bad({ compressor: 'blosc', clevel: 10 }, 'clevel');
    bad({ compressor: 'zstd', cname: 'lz4' }, 'cname');
    bad({ compressor: 'blosc', cname: 'snappy' }, 'cname');
    bad({ compressor: 'blosc', shuffle: 1 }, 'shuffle');
    bad({ compressor: 'blosc', blocksize: -1 }, 'blocksize');
    bad({ compressor: 'zstd', level: 3 }, 'level');
    bad({ compressor: null, clevel: 3 }, 'clevel');
    bad({ compressor: 'zstd', checksum: 'yes' }, 'checksum');
    bad(null, 'options');
  });

  test('defaults and the v2 / v3 JSON they map to', () => {
    const d = Codecs.default();
    expect(d.toJSON()).toEqual({ compressor: 'blosc', clevel: 5, cname: 'lz4', shuffle: 'shuffle', blocksize: 0, checksum: false });
    expect(d.toV2Compressor()).toEqual({ id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1, blocksize: 0 });
    expect(new Codecs({ compressor: 'blosc', shuffle: 'bitshuffle' }).toV2Compressor()).toMatchObject({ shuffle: 2 });
    expect(new Codecs({ compressor: 'zstd' }).toV2Compressor()).toEqual({ id: 'zstd', level: 5 });
    expect(new Codecs({ compressor: 'lz4' }).toV2Compressor()).toEqual({ id: 'lz4', acceleration: 1 });
    expect(new Codecs({ compressor: null }).toV2Compressor()).toBeNull();
    expect(new Codecs({ compressor: 'zlib', clevel: 2, checksum: true }).toV3Chain('float32')).toEqual([
      { name: 'bytes', configuration: { endian: 'little' } }, { name: 'numcodecs.zlib', configuration: { level: 2 } }, { name: 'crc32c' },
    ]);
    expect(d.toV3Chain('uint16')[1]).toEqual({ name: 'blosc', configuration: { typesize: 2, cname: 'lz4', clevel: 5, shuffle: 'shuffle', blocksize: 0 } });
    expect(new Codecs({ compressor: 'bz2' }).toV3Chain('uint8')[1].name).toBe('numcodecs.bz2');
    expect(new Codecs({ compressor: 'lz4' }).toV3Chain('uint8')[1].name).toBe('numcodecs.lz4');
  });

  test('sharded chains take the inner compressor', () => {
    const inner = new Codecs({ compressor: 'gzip', clevel: 4, checksum: true });
    const meta = v3ArrayMetadata({ shape: [8], chunks: [2], shards: [4], dtype: 'int8', codecs: inner, fill: 0, dimensionNames: null, attributes: {} });
    const info = parseV3Array('/x', meta);
    expect(info.codecs!.equals(inner)).toBe(true);
    expect(info.chunks).toEqual([2]);
    expect(info.shards).toEqual([4]);
  });
});
