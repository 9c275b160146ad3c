/**
 * numcodecs filters, checksums, order and byte order, written: io.write with
 * `new Codecs({ filters, checksum })`, `order` and `endian`, read back by
 * zarr-python 3 (and TensorStore where it reads the format) to the source
 * values — for lossy filters, to numcodecs' own encoding of the same input
 * (oracle/filters.py).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, fromArray, io, type NdArray } from '../lib';
import type { FilterConfig } from '../lib/codecs/codecs';
import { isDynaZarrError } from '../lib/errors';
import type { DType } from '../lib/dtype';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const SHAPE = [19, 11];
const CHUNKS = [8, 4];
const N = SHAPE[0] * SHAPE[1];

function source(dtype: DType): NdArray {
  const values = Array.from({ length: N }, (_, i) => (dtype.startsWith('float') ? 1000 + Math.sin(i / 7) * 3 + i / 10 : ((i * 7) % 300) - 120));
  const data = dtype === 'float64' ? Float64Array.from(values) : dtype === 'float32' ? Float32Array.from(values)
    : dtype === 'int32' ? Int32Array.from(values) : dtype === 'int16' ? Int16Array.from(values) : Uint16Array.from(values.map((v) => v + 120));
  return { data, shape: SHAPE, dtype };
}

const asList = (a: NdArray): number[] => Array.from(a.data as ArrayLike<number>);

interface Check { path: string; dtype: string; codecs: string[]; values: number[]; tensorstore?: number[]; rawMatches?: boolean; storedDtype?: string; order?: string }

interface FilterCase { name: string; dtype: DType; filters: FilterConfig[]; lossy?: Record<string, unknown> }
const FILTERS: FilterCase[] = [
  { name: 'delta', dtype: 'int32', filters: [{ id: 'delta' }] },
  { name: 'delta-astype', dtype: 'int32', filters: [{ id: 'delta', dtype: 'int32', astype: 'int16' }] },
  { name: 'shuffle', dtype: 'float32', filters: [{ id: 'shuffle' }] },
  { name: 'delta-shuffle', dtype: 'int16', filters: [{ id: 'delta', dtype: '<i2' }, { id: 'shuffle', elementsize: 2 }] },
  { name: 'fso', dtype: 'float64', filters: [{ id: 'fixedscaleoffset', offset: 1000, scale: 100, astype: 'uint16' }], lossy: { id: 'fixedscaleoffset', offset: 1000, scale: 100, dtype: '<f8', astype: '<u2' } },
  { name: 'bitround-f4', dtype: 'float32', filters: [{ id: 'bitround', keepbits: 6 }], lossy: { id: 'bitround', keepbits: 6 } },
  { name: 'bitround-f8', dtype: 'float64', filters: [{ id: 'bitround', keepbits: 11 }], lossy: { id: 'bitround', keepbits: 11 } },
  { name: 'quantize-f8', dtype: 'float64', filters: [{ id: 'quantize', digits: 2 }], lossy: { id: 'quantize', digits: 2, dtype: '<f8' } },
  { name: 'quantize-f4', dtype: 'float32', filters: [{ id: 'quantize', digits: 1, dtype: 'float32' }], lossy: { id: 'quantize', digits: 1, dtype: '<f4' } },
];

let root: string;
const expectedOf = new Map<string, number[]>();

beforeAll(async () => {
  root = makeTempDir('filters-write');
  const lossy = FILTERS.filter((f) => f.lossy);
  const encoded = await runPythonPlan<number[][]>('filters.py', 'encode', path.join(root, 'encode.json'),
    lossy.map((f) => ({ filter: f.lossy, data: asList(source(f.dtype)), dtype: f.dtype })));
  lossy.forEach((f, i) => expectedOf.set(f.name, encoded[i]));
}, 120000);
afterAll(() => removeTempDir(root));

async function check(items: Array<{ path: string; format: 2 | 3; tensorstore?: boolean; raw?: { key: string; start: number[]; stop: number[] } }>): Promise<Check[]> {
  return runPythonPlan<Check[]>('filters.py', 'check', path.join(root, `check-${Date.now()}.json`), items);
}

describe('filters written by io.write are read by zarr-python to the expected values', () => {
  test.each(FILTERS.map((f) => [f.name, f] as const))('%s (v2 filters and v3 numcodecs.* codecs)', async (_name, f) => {
    const src = source(f.dtype);
    const targets: Array<{ path: string; format: 2 | 3 }> = [];
    for (const format of [2, 3] as const) {
      const target = path.join(root, `${f.name}-v${format}.zarr`);
      await io.write(fromArray(src.data, SHAPE), target, { zarrFormat: format, chunks: CHUNKS, compressor: new Codecs({ compressor: 'zstd', clevel: 3, filters: f.filters }) });
      targets.push({ path: target, format });
    }
    const seen = await check(targets);
    const expected = expectedOf.get(f.name) ?? asList(src);
    for (const [i, s] of seen.entries()) {
      const ids = f.filters.map((x) => (targets[i].format === 2 ? x.id : `numcodecs.${x.id}`));
      expect(s.codecs).toEqual(expect.arrayContaining(ids));
      expect(s.values).toEqual(expected);
      // We read our own output to the same values.
      expect(asList(await (await io.read(targets[i].path)).compute())).toEqual(expected);
    }
    if (f.lossy) expect(expected).not.toEqual(asList(src));  // the lossy filter really changed the values
  });

  test('a sharded v3 write carries the filters in the inner chain', async () => {
    const src = source('float64');
    const target = path.join(root, 'sharded-quantize.zarr');
    await io.write(fromArray(src.data, SHAPE), target, { chunks: [4, 4], shardCoefficients: [2, 2], compressor: new Codecs({ compressor: 'zstd', filters: [{ id: 'quantize', digits: 2 }] }) });
    const [s] = await check([{ path: target, format: 3 }]);
    expect(s.values).toEqual(expectedOf.get('quantize-f8'));
    const meta = JSON.parse(fs.readFileSync(path.join(target, 'zarr.json'), 'utf8'));
    expect(meta.codecs[0].configuration.codecs[0].name).toBe('numcodecs.quantize');
  });

  test('an input\'s filters are kept by io.write', async () => {
    const first = path.join(root, 'keep-a.zarr');
    await io.write(fromArray(source('int32').data, SHAPE), first, { zarrFormat: 2, chunks: CHUNKS, compressor: new Codecs({ compressor: 'zlib', filters: [{ id: 'delta' }], checksum: 'adler32' }) });
    const second = path.join(root, 'keep-b.zarr');
    // The format follows the input (v2) unless asked: v3 here, to see the filters carried across formats.
    await io.write(await io.read(first), second, { zarrFormat: 3 });
    const [s] = await check([{ path: second, format: 3 }]);
    expect(s.codecs).toEqual(['numcodecs.delta', 'bytes', 'numcodecs.zlib', 'numcodecs.adler32']);
    expect(s.values).toEqual(asList(source('int32')));
    // A cast drops the input's typed filters, keeping its compression.
    const third = path.join(root, 'keep-c.zarr');
    await io.write(await io.read(first), third, { dtype: 'float64', zarrFormat: 3 });
    const [t] = await check([{ path: third, format: 3 }]);
    expect(t.codecs).toEqual(['bytes', 'numcodecs.zlib', 'numcodecs.adler32']);
    expect(t.values).toEqual(asList(source('int32')));
  });
});

describe('checksums', () => {
  test.each([['crc32c'], ['adler32'], ['fletcher32']] as const)('%s in v2 (a filter) and v3 (after the compressor) is read by zarr-python', async (checksum) => {
    const src = source('uint16');
    const targets: Array<{ path: string; format: 2 | 3 }> = [];
    for (const format of [2, 3] as const) {
      const target = path.join(root, `checksum-${checksum}-v${format}.zarr`);
      await io.write(fromArray(src.data, SHAPE), target, { zarrFormat: format, chunks: CHUNKS, compressor: new Codecs({ compressor: 'gzip', clevel: 1, checksum }) });
      targets.push({ path: target, format });
    }
    const seen = await check(targets);
    expect(seen[0].codecs).toEqual([checksum, 'gzip']);
    expect(seen[1].codecs).toEqual(['bytes', 'gzip', checksum === 'crc32c' ? 'crc32c' : `numcodecs.${checksum}`]);
    for (const s of seen) expect(s.values).toEqual(asList(src));
  });

  test('checksum true is crc32c; an unknown checksum is ERR_ZARR_INVALID_ARGUMENT', () => {
    expect(new Codecs({ compressor: null, checksum: true }).checksum).toBe('crc32c');
    let err: unknown = null;
    try { new Codecs({ compressor: null, checksum: 'md5' as never }); } catch (e) { err = e; }
    expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
    expect((err as Error).message).toMatch(/checksum/);
  });
});

describe('bad filters are refused naming the filter', () => {
  const bad = async (filters: unknown, pattern: RegExp, dtype: DType = 'int32'): Promise<void> => {
    let err: unknown = null;
    try {
      await io.write(fromArray(source(dtype).data, SHAPE), path.join(root, `bad-${Date.now()}.zarr`), { compressor: new Codecs({ compressor: null, filters: filters as FilterConfig[] }) });
    } catch (e) { err = e; }
    expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
    expect((err as Error).message).toMatch(pattern);
  };
  test('unknown id, unknown field, missing field, wrong type', async () => {
    await bad([{ id: 'zfp' }], /filters\[0\].*zfp/);
    await bad([{ id: 'delta', dtyp: 'int32' }], /filters\[0\].*dtyp/);
    await bad([{ id: 'bitround' }], /filters\[0\].*keepbits/);
    await bad([{ id: 'fixedscaleoffset', offset: '1', scale: 2 }], /filters\[0\]\.offset/);
  });
  test('filters that do not fit the data', async () => {
    await bad([{ id: 'bitround', keepbits: 3 }], /filters\[0\].*bitround.*int32/);
    await bad([{ id: 'quantize', digits: 2 }], /filters\[0\].*quantize/);
    await bad([{ id: 'delta', dtype: 'int16' }], /filters\[0\]\.dtype/);
    await bad([{ id: 'bitround', keepbits: 40 }], /filters\[0\]\.keepbits/, 'float32');
    await bad([{ id: 'shuffle' }, { id: 'delta' }], /filters\[1\].*before shuffle/);
    await bad([{ id: 'shuffle', elementsize: 3 }], /filters\[0\]\.elementsize/);
  });
});

describe('order and endian', () => {
  test.each([
    ['v2 order F', 2, { order: 'F' }, 'int32'],
    ['v2 big-endian', 2, { endian: 'big' }, 'float64'],
    ['v2 order F big-endian', 2, { order: 'F', endian: 'big' }, 'uint16'],
    ['v3 big-endian', 3, { endian: 'big' }, 'int16'],
  ] as const)('%s is read by zarr-python and TensorStore, and the chunk bytes are what NumPy stores', async (name, format, layout, dtype) => {
    const src = source(dtype);
    const target = path.join(root, `${name.replace(/ /g, '-')}.zarr`);
    await io.write(fromArray(src.data, SHAPE), target, { zarrFormat: format, chunks: CHUNKS, compressor: null, ...layout });
    const key = format === 2 ? '1.1' : 'c/1/1';  // an interior chunk (edge chunks are padded)
    const [s] = await check([{ path: target, format, tensorstore: true, raw: { key, start: [8, 4], stop: [16, 8] } }]);
    expect(s.values).toEqual(asList(src));
    expect(s.tensorstore).toEqual(asList(src));
    expect(s.rawMatches).toBe(true);
    expect(s.storedDtype![0]).toBe('endian' in layout && layout.endian === 'big' ? '>' : '<');
    expect(s.order).toBe(format === 2 && 'order' in layout ? layout.order : 'C');
    expect(asList(await (await io.read(target)).compute())).toEqual(asList(src));
  });

  test('big-endian v2 with filters: the filter dtypes are big-endian too, and zarr-python reads the values numcodecs gives', async () => {
    const src = source('float64');
    const target = path.join(root, 'big-fso-delta.zarr');
    const fso = { id: 'fixedscaleoffset' as const, offset: 1000, scale: 100, astype: 'int32' };
    await io.write(fromArray(src.data, SHAPE), target, { zarrFormat: 2, chunks: CHUNKS, endian: 'big', compressor: new Codecs({ compressor: 'zlib', filters: [fso, { id: 'delta', dtype: 'int32' }] }) });
    const zarray = JSON.parse(fs.readFileSync(path.join(target, '.zarray'), 'utf8'));
    expect(zarray.dtype).toBe('>f8');
    expect(zarray.filters).toEqual([{ id: 'fixedscaleoffset', offset: 1000, scale: 100, dtype: '>f8', astype: '>i4' }, { id: 'delta', dtype: '>i4', astype: '>i4' }]);
    const [expected] = await runPythonPlan<number[][]>('filters.py', 'encode', path.join(root, 'encode-big.json'),
      [{ filter: { ...fso, dtype: '<f8', astype: '<i4' }, data: asList(src), dtype: 'float64' }]);
    const [s] = await check([{ path: target, format: 2 }]);
    expect(s.values).toEqual(expected);
    expect(asList(await (await io.read(target)).compute())).toEqual(expected);
  });

  test('order F with a filter (v2): numcodecs sees the chunk in Fortran order', async () => {
    const src = source('int32');
    const target = path.join(root, 'order-F-delta.zarr');
    await io.write(fromArray(src.data, SHAPE), target, { zarrFormat: 2, chunks: CHUNKS, order: 'F', compressor: new Codecs({ compressor: null, filters: [{ id: 'delta' }] }) });
    const [s] = await check([{ path: target, format: 2, tensorstore: false }]);
    expect(s.values).toEqual(asList(src));
  });

  test('bad order and endian options are ERR_ZARR_INVALID_ARGUMENT', async () => {
    const a = fromArray(source('int32').data, SHAPE);
    for (const [opts, pattern] of [[{ order: 'F' }, /order/], [{ zarrFormat: 2, order: 'X' }, /order/], [{ endian: 'middle' }, /endian/]] as const) {
      const err = await io.write(a, path.join(root, 'bad-layout.zarr'), opts as never).then(() => null, (e: unknown) => e);
      expect(isDynaZarrError(err, 'ERR_ZARR_INVALID_ARGUMENT')).toBe(true);
      expect((err as Error).message).toMatch(pattern);
    }
  });
});
