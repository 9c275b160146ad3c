/**
 * numcodecs filters and checksums, read: arrays written by zarr-python 3 +
 * numcodecs with every filter (v2 `filters` and v3 `numcodecs.*` codecs)
 * read to the same values zarr-python reads (oracle/filters.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, type NdArray } from '../lib';
import { fromHalfBits } from '../lib/metadata/fill-value';
import { isDynaZarrError } from '../lib/errors';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface Case {
  name: string; format: 2 | 3; dtype: string; shape: number[]; chunks: number[];
  order?: 'C' | 'F'; endian?: 'little' | 'big'; filters: Array<Record<string, unknown>>;
  compressor?: Record<string, unknown> | null; checksum?: string;
}
interface Read { path: string; dtype: string; values: unknown[]; error?: string }

const SHAPE = [23, 7];
const CHUNKS = [5, 3];  // 15 elements: edge chunks, packbits padding
const FILTER_CASES: Array<[string, string, Array<Record<string, unknown>>]> = [
  ['delta-i2', 'int16', [{ id: 'delta', dtype: '<i2' }]],
  ['delta-i4-as-i2', 'int32', [{ id: 'delta', dtype: '<i4', astype: '<i2' }]],
  ['delta-u2-as-i2', 'uint16', [{ id: 'delta', dtype: '<u2', astype: '<i2' }]],
  ['delta-i2-as-u4', 'int16', [{ id: 'delta', dtype: '<i2', astype: '<u4' }]],
  ['delta-f8', 'float64', [{ id: 'delta', dtype: '<f8' }]],
  ['delta-f4', 'float32', [{ id: 'delta', dtype: '<f4' }]],
  ['fso-f8-u2', 'float64', [{ id: 'fixedscaleoffset', offset: 1000, scale: 10, dtype: '<f8', astype: '<u2' }]],
  ['fso-f4-u1', 'float32', [{ id: 'fixedscaleoffset', offset: 1000.5, scale: 7.5, dtype: '<f4', astype: '|u1' }]],
  ['fso-i4-int', 'int32', [{ id: 'fixedscaleoffset', offset: -60, scale: 3, dtype: '<i4', astype: '<i2' }]],
  ['fso-i2-float', 'int16', [{ id: 'fixedscaleoffset', offset: 0.5, scale: 0.25, dtype: '<i2', astype: '<f4' }]],
  ['quantize-f8', 'float64', [{ id: 'quantize', digits: 2, dtype: '<f8' }]],
  ['quantize-f4', 'float32', [{ id: 'quantize', digits: 1, dtype: '<f4' }]],
  ['bitround-f4', 'float32', [{ id: 'bitround', keepbits: 7 }]],
  ['bitround-f8', 'float64', [{ id: 'bitround', keepbits: 20 }]],
  ['bitround-f2', 'float16', [{ id: 'bitround', keepbits: 4 }]],
  ['astype-f8-f4', 'float64', [{ id: 'astype', encode_dtype: '<f4', decode_dtype: '<f8' }]],
  ['astype-i8-i2', 'int64', [{ id: 'astype', encode_dtype: '<i2', decode_dtype: '<i8' }]],
  ['packbits', 'bool', [{ id: 'packbits' }]],
  ['shuffle-f4', 'float32', [{ id: 'shuffle', elementsize: 4 }]],
  ['adler32', 'int32', [{ id: 'adler32' }]],
  ['fletcher32', 'uint16', [{ id: 'fletcher32' }]],
  ['crc32', 'int16', [{ id: 'crc32' }]],
  ['delta-shuffle', 'int32', [{ id: 'delta', dtype: '<i4' }, { id: 'shuffle', elementsize: 4 }]],
  ['fso-delta', 'float64', [{ id: 'fixedscaleoffset', offset: 1000, scale: 100, dtype: '<f8', astype: '<i4' }, { id: 'delta', dtype: '<i4' }]],
];

function cases(): Case[] {
  const out: Case[] = [];
  for (const [name, dtype, filters] of FILTER_CASES) {
    for (const format of [2, 3] as const) {
      out.push({ name: `v${format}-${name}`, format, dtype, shape: SHAPE, chunks: CHUNKS, filters, compressor: { id: 'zstd', level: 3 } });
    }
  }
  // zarr-python 3 cannot write a v3 quantize whose astype differs (its chunk reshape fails), so v2 only.
  out.push({ name: 'v2-quantize-f8-as-f4', format: 2, dtype: 'float64', shape: SHAPE, chunks: CHUNKS, filters: [{ id: 'quantize', digits: 3, dtype: '<f8', astype: '<f4' }], compressor: null });
  out.push({ name: 'v2-delta-order-F', format: 2, dtype: 'int32', shape: SHAPE, chunks: CHUNKS, order: 'F', filters: [{ id: 'delta', dtype: '<i4' }], compressor: null });
  out.push({ name: 'v2-delta-big-endian', format: 2, dtype: 'int32', shape: SHAPE, chunks: CHUNKS, endian: 'big', filters: [{ id: 'delta', dtype: '>i4' }], compressor: { id: 'zlib', level: 1 } });
  out.push({ name: 'v2-fso-big-endian', format: 2, dtype: 'float64', shape: SHAPE, chunks: CHUNKS, endian: 'big', filters: [{ id: 'fixedscaleoffset', offset: 1000, scale: 10, dtype: '>f8', astype: '>u2' }], compressor: null });
  out.push({ name: 'v2-adler32-then-blosc', format: 2, dtype: 'uint16', shape: SHAPE, chunks: CHUNKS, filters: [{ id: 'delta', dtype: '<u2' }, { id: 'adler32' }], compressor: { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1 } });
  for (const id of ['adler32', 'fletcher32', 'crc32']) {
    out.push({ name: `v2-${id}-raw`, format: 2, dtype: 'int32', shape: SHAPE, chunks: CHUNKS, filters: [{ id }], compressor: null });
  }
  for (const checksum of ['adler32', 'fletcher32', 'crc32']) {
    out.push({ name: `v3-${checksum}-after-zstd`, format: 3, dtype: 'float32', shape: SHAPE, chunks: CHUNKS, filters: [], compressor: { id: 'zstd', level: 1 }, checksum });
  }
  return out;
}

/** Our values in the oracle's spelling: bool as 0/1, 64-bit integers as strings, NaN as null, float16 bits as numbers. */
function asOracle(got: NdArray): unknown[] {
  return Array.from(got.data as ArrayLike<number | bigint>, (v) => {
    if (typeof v === 'bigint') return v.toString();
    const x = got.dtype === 'float16' ? fromHalfBits(v) : v;
    return Number.isNaN(x) ? null : x;
  });
}

let root: string;
let fixtures: Record<string, Read>;
const ALL = cases();

beforeAll(async () => {
  root = makeTempDir('filters');
  fixtures = await runPythonPlan<Record<string, Read>>('filters.py', 'fixtures', path.join(root, 'plan.json'), ALL, [root]);
}, 180000);
afterAll(() => removeTempDir(root));

describe('arrays written by zarr-python with numcodecs filters read to the values zarr-python reads', () => {
  test.each(ALL.map((c) => [c.name]))('%s', async (name) => {
    const expected = fixtures[name];
    expect(expected.error).toBeUndefined();
    const a = await io.read(expected.path);
    expect(a.dtype).toBe(expected.dtype === 'bool' ? 'bool' : expected.dtype);
    const got = await a.compute();
    expect(asOracle(got)).toEqual(expected.values);
  });
});

describe('filters that cannot be read are refused clearly', () => {
  const zarray = (filters: unknown, dtype = '<i4'): string => JSON.stringify({
    zarr_format: 2, shape: [4], chunks: [4], dtype, compressor: null, fill_value: 0, order: 'C', filters, dimension_separator: '.',
  });
  const expectError = async (filters: unknown, code: string, pattern: RegExp, dtype?: string): Promise<void> => {
    const dir = fs.mkdtempSync(path.join(root, 'bad-'));
    fs.writeFileSync(path.join(dir, '.zarray'), zarray(filters, dtype));
    const err = await io.read(dir).then(() => null, (e: unknown) => e);
    expect(isDynaZarrError(err)).toBe(true);
    expect((err as Error & { code: string }).code).toBe(code);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).toContain(path.join(dir, '.zarray'));
  };
  test('categorize decodes to strings: ERR_ZARR_UNSUPPORTED naming the filter', async () => {
    await expectError([{ id: 'categorize', labels: ['a', 'b'], dtype: '<U1', astype: '|u1' }], 'ERR_ZARR_UNSUPPORTED', /filters\[0\].*categorize/);
  });
  test('an unknown filter id is ERR_ZARR_UNKNOWN_CODEC', async () => {
    await expectError([{ id: 'nosuchfilter' }], 'ERR_ZARR_UNKNOWN_CODEC', /filters\[0\].*nosuchfilter/);
  });
  test('a delta that reinterprets the bytes as another type is ERR_ZARR_UNSUPPORTED', async () => {
    await expectError([{ id: 'delta', dtype: '<i2' }], 'ERR_ZARR_UNSUPPORTED', /filters\[0\]\.dtype/);
  });
  test('bitround keepbits beyond the mantissa is ERR_ZARR_INVALID_METADATA', async () => {
    await expectError([{ id: 'bitround', keepbits: 30 }], 'ERR_ZARR_INVALID_METADATA', /filters\[0\]\.keepbits/, '<f4');
  });
  test.each([['adler32'], ['fletcher32'], ['crc32']])('a corrupted %s chunk is ERR_ZARR_CHECKSUM naming the chunk', async (id) => {
    const dir = path.join(root, `corrupt-${id}`);
    fs.cpSync(fixtures[`v2-${id}-raw`].path, dir, { recursive: true });
    const chunk = path.join(dir, '0.0');
    const bytes = fs.readFileSync(chunk);
    bytes[10] ^= 0xff;  // a payload byte (the checksum is 4 bytes at the start or the end of 64)
    fs.writeFileSync(chunk, bytes);
    const err = await (await io.read(dir)).compute().then(() => null, (e: unknown) => e);
    expect(isDynaZarrError(err)).toBe(true);
    expect((err as Error & { code: string }).code).toBe('ERR_ZARR_CHECKSUM');
    expect((err as Error).message).toContain(chunk);
  });
});
