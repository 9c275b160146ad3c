/**
 * The native Zarr I/O engine (binding/core/{store,codecs,zarr}) driven through
 * native().run with hand-built job specs: arrays written by zarr-python 3 must
 * compute equal to zarr-python's own read; arrays written by the write sink
 * must read back equal in zarr-python and TensorStore.
 */
import fs from 'node:fs';
import path from 'node:path';
import { v3Chain } from '../lib/metadata/codec-chain';
import { MetadataContext } from '../lib/metadata/context';
import type { DType } from '../lib/dtype';
import { native } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const ITEM: Record<string, number> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, float16: 2, int32: 4, uint32: 4, float32: 4,
  int64: 8, uint64: 8, float64: 8, complex64: 8, complex128: 16,
};

interface ArraySpec {
  path: string;
  shape: number[];
  dtype: string;
  chunkShape: number[];
  keyEncoding: { kind: 'default' | 'v2'; separator: '/' | '.' };
  fillValue: string;
  codecs: Array<{ name: string; configuration?: Record<string, unknown> }>;
}
interface Fixture { name: string; spec: ArraySpec; expected: string; files: string[] }

const nbytes = (shape: number[], dtype: string): number => shape.reduce((a, b) => a * b, 1) * ITEM[dtype];

/**
 * The spec with its codecs normalised as io.read and io.write do
 * (lib/metadata/codec-chain.ts): the engine reads only normalised chains,
 * every field written out, and refuses anything else as ERR_ZARR_INTERNAL.
 */
function normalised(spec: ArraySpec): ArraySpec {
  return { ...spec, codecs: v3Chain(new MetadataContext(spec.path), 'codecs', spec.codecs, spec.dtype as DType, spec.chunkShape) };
}

async function computeZarr(spec: ArraySpec, regionShape?: number[]): Promise<Buffer> {
  const job = {
    threads: 2,
    sources: [{ kind: 'zarr', ...normalised(spec) }],
    nodes: [{ kind: 'source', source: 0, shape: spec.shape, dtype: spec.dtype }],
    root: 0,
    regionShape: regionShape ?? spec.shape.map((s) => Math.max(1, s)),
    sink: { kind: 'compute' },
  };
  const out = Buffer.alloc(nbytes(spec.shape, spec.dtype));
  await native().run(JSON.stringify(job), [], out, null, null);
  return out;
}

async function writeZarr(spec: ArraySpec, data: Buffer, regionShape: number[], writeEmptyChunks = false) {
  const job = {
    threads: 2,
    sources: [{ kind: 'memory', buffer: 0, shape: spec.shape, dtype: spec.dtype }],
    nodes: [{ kind: 'source', source: 0, shape: spec.shape, dtype: spec.dtype }],
    root: 0,
    regionShape,
    sink: { kind: 'write', ...normalised(spec), writeEmptyChunks },
  };
  return native().run(JSON.stringify(job), [data], null, null, null);
}

/** Deterministic pseudo-random bytes that are valid values of every dtype (bool: 0/1; floats: small ints). */
function makeData(shape: number[], dtype: string, seed: number): Buffer {
  const n = shape.reduce((a, b) => a * b, 1);
  const buf = Buffer.alloc(n * ITEM[dtype]);
  let x = seed >>> 0;
  const rnd = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const o = i * ITEM[dtype];
    switch (dtype) {
      case 'bool': buf[o] = r & 1; break;
      case 'float32': buf.writeFloatLE((r % 20001) - 10000 + 0.5, o); break;
      case 'float64': buf.writeDoubleLE(((r % 2000001) - 1000000) / 8, o); break;
      case 'complex64': buf.writeFloatLE((r % 201) - 100, o); buf.writeFloatLE((rnd() % 201) - 100, o + 4); break;
      default: for (let b = 0; b < ITEM[dtype]; b++) buf[o + b] = (r >>> (8 * (b % 4))) & 0xff;
    }
  }
  return buf;
}

interface Sel { start: number[]; step: number[]; count: number[] }

/** Reads a strided selection through a view node (negative steps allowed). */
async function computeView(spec: ArraySpec, sel: Sel, regionShape?: number[]): Promise<Buffer> {
  const job = {
    threads: 2,
    sources: [{ kind: 'zarr', ...normalised(spec) }],
    nodes: [
      { kind: 'source', source: 0, shape: spec.shape, dtype: spec.dtype },
      { kind: 'view', input: 0, shape: sel.count, dtype: spec.dtype, fixed: spec.shape.map(() => null),
        axes: sel.start.map((start, i) => ({ input: i, start, step: sel.step[i] })) },
    ],
    root: 1,
    regionShape: regionShape ?? sel.count.map((c) => Math.max(1, c)),
    sink: { kind: 'compute' },
  };
  const out = Buffer.alloc(nbytes(sel.count, spec.dtype));
  await native().run(JSON.stringify(job), [], out, null, null);
  return out;
}

/** The same selection cut from a C-order buffer in JavaScript. */
function selectBytes(whole: Buffer, shape: number[], item: number, sel: Sel): Buffer {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = Buffer.alloc(sel.count.reduce((a, b) => a * b, 1) * item);
  let o = 0;
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      whole.copy(out, o, offset * item, (offset + 1) * item);
      o += item;
      return;
    }
    for (let k = 0; k < sel.count[axis]; k++) walk(axis + 1, offset + (sel.start[axis] + sel.step[axis] * k) * strides[axis]);
  };
  walk(0, 0);
  return out;
}

/** A random strided selection inside shape (steps in ±1..±4). */
function randomSel(shape: number[], rnd: () => number): Sel {
  const sel: Sel = { start: [], step: [], count: [] };
  for (const n of shape) {
    const step = (1 + Math.floor(rnd() * 4)) * (rnd() < 0.4 ? -1 : 1);
    const a = Math.floor(rnd() * n);
    const room = step > 0 ? Math.floor((n - 1 - a) / step) + 1 : Math.floor(a / -step) + 1;
    sel.start.push(a);
    sel.step.push(step);
    sel.count.push(1 + Math.floor(rnd() * room));
  }
  return sel;
}

function chunkFiles(files: string[]): string[] {
  return files.filter((f) => !/(^|\/)(\.zarray|\.zattrs|\.zgroup|zarr\.json)$/.test(f));
}

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('zarr-engine');
});
afterAll(() => removeTempDir(tmp));

describe('reading arrays written by zarr-python 3', () => {
  const zstd = { name: 'zstd', configuration: { level: 3, checksum: true } };
  const cases: Array<Record<string, unknown>> = [
    { name: 'v3_zstd_u16', format: 3, dtype: 'uint16', shape: [13, 17], chunks: [4, 5], compressor: zstd, delete: ['c/3/3'] },
    { name: 'v3_blosc_lz4_f32', format: 3, dtype: 'float32', shape: [13, 17], chunks: [4, 5], compressor: { name: 'blosc', configuration: { cname: 'lz4', clevel: 5, shuffle: 'shuffle' } } },
    { name: 'v3_blosc_zstd_i64', format: 3, dtype: 'int64', shape: [10, 9], chunks: [3, 4], compressor: { name: 'blosc', configuration: { cname: 'zstd', clevel: 3, shuffle: 'bitshuffle', blocksize: 64 } } },
    { name: 'v3_blosc_blosclz_u8', format: 3, dtype: 'uint8', shape: [40, 30], chunks: [16, 16], compressor: { name: 'blosc', configuration: { cname: 'blosclz', clevel: 9, shuffle: 'noshuffle' } } },
    { name: 'v3_blosc_lz4hc_i16', format: 3, dtype: 'int16', shape: [21], chunks: [8], compressor: { name: 'blosc', configuration: { cname: 'lz4hc', clevel: 4, shuffle: 'shuffle' } } },
    { name: 'v3_blosc_zlib_c64', format: 3, dtype: 'complex64', shape: [7, 6], chunks: [3, 3], compressor: { name: 'blosc', configuration: { cname: 'zlib', clevel: 1, shuffle: 'bitshuffle' } } },
    { name: 'v3_gzip_f64', format: 3, dtype: 'float64', shape: [11, 7], chunks: [5, 5], compressor: { name: 'gzip', configuration: { level: 6 } }, fill_value: -1.5 },
    { name: 'v3_lz4_i32', format: 3, dtype: 'int32', shape: [9, 9], chunks: [4, 4], compressor: { name: 'lz4', configuration: { acceleration: 1 } }, fill_value: 7 },
    { name: 'v3_zlib_i8', format: 3, dtype: 'int8', shape: [9, 9], chunks: [4, 4], compressor: { name: 'zlib', configuration: { level: 3 } } },
    { name: 'v3_bz2_c128', format: 3, dtype: 'complex128', shape: [5, 6], chunks: [2, 4], compressor: { name: 'bz2', configuration: { level: 2 } } },
    { name: 'v3_crc_only_u32', format: 3, dtype: 'uint32', shape: [10, 3], chunks: [4, 3], crc32c: true },
    { name: 'v3_raw_bool', format: 3, dtype: 'bool', shape: [17, 5], chunks: [4, 4], fill_value: false },
    { name: 'v3_transpose_i16', format: 3, dtype: 'int16', shape: [6, 7, 5], chunks: [4, 3, 2], transpose: [1, 2, 0], compressor: zstd },
    { name: 'v3_bigendian_f32', format: 3, dtype: 'float32', shape: [9, 10], chunks: [4, 4], endian: 'big', compressor: zstd, crc32c: true },
    { name: 'v3_dot_sep_u16', format: 3, dtype: 'uint16', shape: [9, 10], chunks: [4, 4], separator: '.' },
    { name: 'v3_v2keys_u16', format: 3, dtype: 'uint16', shape: [9, 10], chunks: [4, 4], key_kind: 'v2', separator: '/' },
    { name: 'v3_zero_d_f64', format: 3, dtype: 'float64', shape: [], chunks: [] },
    { name: 'v3_shard_end_u16', format: 3, dtype: 'uint16', shape: [13, 17], chunks: [2, 3], shards: [4, 6], compressor: zstd, delete: ['c/3/2'] },
    { name: 'v3_shard_start_f32', format: 3, dtype: 'float32', shape: [13, 17], chunks: [2, 3], shards: [4, 6], index_location: 'start', compressor: { name: 'blosc', configuration: { cname: 'lz4', clevel: 5, shuffle: 'shuffle' } }, crc32c: true, fill_value: 3.25 },
    { name: 'v3_shard_3d_i32', format: 3, dtype: 'int32', shape: [9, 8, 7], chunks: [2, 2, 3], shards: [4, 4, 6], compressor: { name: 'gzip', configuration: { level: 1 } } },
    { name: 'v2_be_u2_F_zlib', format: 2, dtype: '>u2', order: 'F', shape: [9, 11, 5], chunks: [4, 3, 2], compressor: { name: 'zlib', configuration: { level: 2 } }, separator: '/' },
    { name: 'v2_i4_blosc', format: 2, dtype: '<i4', shape: [13, 17], chunks: [4, 5], compressor: { name: 'blosc', configuration: { cname: 'zstd', clevel: 3, shuffle: 2 } }, fill_value: -3, delete: ['1.1'] },
    { name: 'v2_be_f8_F_gzip', format: 2, dtype: '>f8', order: 'F', shape: [7, 9], chunks: [3, 4], compressor: { name: 'gzip', configuration: { level: 5 } } },
    { name: 'v2_lz4_u1', format: 2, dtype: '|u1', shape: [30, 7], chunks: [8, 7], compressor: { name: 'lz4', configuration: { acceleration: 1 } } },
    { name: 'v2_bz2_i8', format: 2, dtype: '<i8', shape: [11], chunks: [4], compressor: { name: 'bz2', configuration: { level: 1 } } },
    { name: 'v2_zstd_c8_be', format: 2, dtype: '>c8', shape: [6, 5], chunks: [4, 2], compressor: { name: 'zstd', configuration: { level: 1 } } },
    { name: 'v2_raw_f2', format: 2, dtype: '<f2', shape: [9, 4], chunks: [4, 4], compressor: null },
    { name: 'v2_raw_bool', format: 2, dtype: '|b1', shape: [9, 4], chunks: [4, 4], compressor: null },
    { name: 'v2_nan_fill_f4', format: 2, dtype: '<f4', shape: [9, 4], chunks: [4, 4], compressor: null, fill_value: 'NaN', delete: ['1.0'] },
    { name: 'v2_zero_d_i2', format: 2, dtype: '<i2', shape: [], chunks: [], compressor: null },
  ];
  let fixtures: Fixture[] = [];

  beforeAll(async () => {
    const report = await runPythonPlan<{ cases: Fixture[] }>('zarr_engine.py', 'fixtures', path.join(tmp, 'plan-read.json'),
      { root: tmp, cases: cases.map((c, i) => ({ seed: i + 1, ...c })) });
    fixtures = report.cases;
  });

  test.each(cases.map((c) => c.name as string))('%s computes equal to zarr-python', async (name) => {
    const fx = fixtures.find((f) => f.name === name)!;
    const expected = fs.readFileSync(fx.expected);
    expect(expected.length).toBe(nbytes(fx.spec.shape, fx.spec.dtype));
    // Whole array in one region, then regions that cut across chunks.
    expect((await computeZarr(fx.spec)).equals(expected)).toBe(true);
    const odd = fx.spec.shape.map((s, i) => Math.max(1, Math.min(s, (i % 2 === 0 ? 3 : 5))));
    expect((await computeZarr(fx.spec, odd)).equals(expected)).toBe(true);
  });

  test.each(['v3_zstd_u16', 'v3_shard_start_f32', 'v3_shard_3d_i32', 'v3_transpose_i16', 'v2_be_u2_F_zlib', 'v2_i4_blosc', 'v3_bz2_c128'])(
    '%s: strided selections with negative steps equal the same cut of zarr-python\'s read', async (name) => {
      const fx = fixtures.find((f) => f.name === name)!;
      const expected = fs.readFileSync(fx.expected);
      let x = name.length * 131;
      const rnd = (): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
      for (let trial = 0; trial < 12; trial++) {
        const sel = randomSel(fx.spec.shape, rnd);
        const want = selectBytes(expected, fx.spec.shape, ITEM[fx.spec.dtype], sel);
        const got = await computeView(fx.spec, sel, trial % 2 ? sel.count.map((c) => Math.max(1, Math.ceil(c / 2))) : undefined);
        if (!got.equals(want)) throw new Error(`${name}: selection ${JSON.stringify(sel)} differs`);
      }
    });

  test('one element of a sharded array reads the index and one inner chunk only', async () => {
    const fx = fixtures.find((f) => f.name === 'v3_shard_3d_i32')!;
    const sel = { start: [8, 7, 6], step: [1, 1, 1], count: [1, 1, 1] };
    const before = native().counters();
    const got = await computeView(fx.spec, sel);
    const after = native().counters();
    expect(got.equals(selectBytes(fs.readFileSync(fx.expected), fx.spec.shape, 4, sel))).toBe(true);
    // The index unless an earlier read left it in the shard-index cache, and one inner chunk.
    const indexLoads = after.shardIndexLoads - before.shardIndexLoads;
    expect(indexLoads).toBeLessThanOrEqual(1);
    expect(after.chunksRead - before.chunksRead).toBe(indexLoads + 1);
    expect(after.chunksDecoded - before.chunksDecoded).toBe(1);
  });

  test('a stride larger than the chunk skips the chunks in between', async () => {
    const fx = fixtures.find((f) => f.name === 'v2_lz4_u1')!;  // 30×7, chunks 8×7: 4 chunks
    const sel = { start: [10, 0], step: [16, 1], count: [2, 7] };  // rows 10 and 26: chunks 1 and 3, not 2
    const before = native().counters();
    const got = await computeView(fx.spec, sel);
    const after = native().counters();
    expect(got.equals(selectBytes(fs.readFileSync(fx.expected), fx.spec.shape, 1, sel))).toBe(true);
    expect(after.chunksDecoded - before.chunksDecoded).toBe(2);
  });

  test('chunk-aligned regions read each stored chunk once and skip missing ones', async () => {
    const fx = fixtures.find((f) => f.name === 'v3_zstd_u16')!;
    const before = native().counters();
    await computeZarr(fx.spec, fx.spec.chunkShape);
    const after = native().counters();
    const stored = chunkFiles(fx.files).length;
    expect(stored).toBeLessThan(4 * 4);  // the first (all-fill) chunk and c/3/3 are missing
    expect(after.chunksRead - before.chunksRead).toBe(stored);
    expect(after.chunksDecoded - before.chunksDecoded).toBe(stored);
  });

  test('a shard-aligned read fetches the index plus only stored inner chunks', async () => {
    const fx = fixtures.find((f) => f.name === 'v3_shard_end_u16')!;
    const before = native().counters();
    await computeZarr(fx.spec, fx.spec.chunkShape);
    const after = native().counters();
    const shards = chunkFiles(fx.files).length;
    const decoded = after.chunksDecoded - before.chunksDecoded;
    // 4×3 shards minus the deleted one; 2×2 inner chunks each, the first one all fill.
    expect(shards).toBe(11);
    expect(decoded).toBeLessThanOrEqual(shards * 4 - 1);
    // Indexes not already in the shard-index cache, then the stored inner chunks.
    const indexLoads = after.shardIndexLoads - before.shardIndexLoads;
    expect(indexLoads).toBeLessThanOrEqual(shards);
    expect(after.chunksRead - before.chunksRead).toBe(indexLoads + decoded);
  });
});

describe('errors', () => {
  let base: Fixture[] = [];
  beforeAll(async () => {
    const report = await runPythonPlan<{ cases: Fixture[] }>('zarr_engine.py', 'fixtures', path.join(tmp, 'plan-err.json'), {
      root: path.join(tmp, 'err'),
      cases: [
        { name: 'zstd', format: 3, dtype: 'uint16', shape: [8, 8], chunks: [4, 4], compressor: { name: 'zstd', configuration: { level: 1 } }, fill_value: 1 },
        { name: 'crc', format: 3, dtype: 'uint16', shape: [8, 8], chunks: [4, 4], compressor: { name: 'zstd', configuration: { level: 1 } }, crc32c: true, fill_value: 1 },
        { name: 'lz4', format: 2, dtype: '<u2', shape: [8, 8], chunks: [4, 4], compressor: { name: 'lz4', configuration: { acceleration: 1 } }, fill_value: 1 },
        { name: 'dir', format: 3, dtype: 'uint16', shape: [8, 8], chunks: [4, 4], compressor: { name: 'zstd', configuration: { level: 1 } }, crc32c: true, fill_value: 1 },
        { name: 'shard', format: 3, dtype: 'uint16', shape: [8, 8], chunks: [2, 2], shards: [4, 4], fill_value: 1, index_crc: false },
      ],
    });
    base = report.cases;
  });
  const spec = (name: string): ArraySpec => base.find((f) => f.name === name)!.spec;

  test('corrupt chunk → ERR_ZARR_CODEC naming the file', async () => {
    const file = path.join(spec('zstd').path, 'c/1/1');
    fs.writeFileSync(file, Buffer.from('definitely not a zstd frame'));
    await expect(computeZarr(spec('zstd'))).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC', message: expect.stringContaining('c/1/1') });
  });

  test('a zstd frame claiming a different size → ERR_ZARR_CODEC', async () => {
    const s = spec('zstd');
    const bigger = { ...s, shape: [16, 16], chunkShape: [8, 8] };  // chunks now "should" hold 4× the data
    await expect(computeZarr(bigger, [8, 8])).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
  });

  test('lz4 header claiming a huge size → ERR_ZARR_CODEC', async () => {
    const file = path.join(spec('lz4').path, '0.1');
    const buf = fs.readFileSync(file);
    buf.writeUInt32LE(0x7fffffff, 0);
    fs.writeFileSync(file, buf);
    await expect(computeZarr(spec('lz4'))).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC' });
  });

  test('crc32c mismatch → ERR_ZARR_CHECKSUM', async () => {
    const file = path.join(spec('crc').path, 'c/0/1');
    const buf = fs.readFileSync(file);
    buf[Math.floor(buf.length / 2)] ^= 0x40;
    fs.writeFileSync(file, buf);
    await expect(computeZarr(spec('crc'))).rejects.toMatchObject({ code: 'ERR_ZARR_CHECKSUM' });
  });

  test('shard index pointing past the file → ERR_ZARR_CODEC', async () => {
    const file = path.join(spec('shard').path, 'c/1/1');
    const buf = fs.readFileSync(file);
    const indexStart = buf.length - 4 * 16;  // no index checksum in this fixture
    buf.writeBigUInt64LE(BigInt(buf.length + 100), indexStart + 16);  // entry 1's offset
    fs.writeFileSync(file, buf);
    await expect(computeZarr(spec('shard'))).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC', message: expect.stringContaining('c/1/1') });
  });

  test('a truncated shard → ERR_ZARR_CODEC', async () => {
    const file = path.join(spec('shard').path, 'c/0/1');
    fs.writeFileSync(file, Buffer.alloc(10));
    await expect(computeZarr(spec('shard'))).rejects.toMatchObject({ code: 'ERR_ZARR_CODEC', message: expect.stringContaining('c/0/1') });
  });

  test('unknown codec → ERR_ZARR_UNKNOWN_CODEC naming it', async () => {
    const s = { ...spec('zstd'), codecs: [{ name: 'bytes', configuration: { endian: 'little' } }, { name: 'snappy9000' }] };
    await expect(computeZarr(s)).rejects.toMatchObject({ code: 'ERR_ZARR_UNKNOWN_CODEC', message: expect.stringContaining('snappy9000') });
  });

  test('a directory where a chunk file should be → ERR_ZARR_IO, not the fill value', async () => {
    const s = spec('dir');
    const file = path.join(s.path, 'c/1/0');
    fs.rmSync(file);
    fs.mkdirSync(file);
    await expect(computeZarr(s, [4, 4])).rejects.toMatchObject({ code: 'ERR_ZARR_IO', message: expect.stringContaining('c/1/0') });
  });
});

describe('arrays written by the write sink', () => {
  interface WriteCase {
    name: string;
    format: 2 | 3;
    dtype: string;
    shape: number[];
    chunks: number[];            // stored grid (shard shape when sharded)
    region: number[];
    codecs: ArraySpec['codecs'];
    v2?: { dtype: string; order: 'C' | 'F'; compressor: Record<string, unknown> | null };
    separator?: '/' | '.';
    zeroBlock?: number[];        // leading block set to the fill value (0)
    tensorstore?: boolean;
  }
  const bytesLE = { name: 'bytes', configuration: { endian: 'little' } };
  const cases: WriteCase[] = [
    { name: 'w3_zstd_u16', format: 3, dtype: 'uint16', shape: [13, 17], chunks: [4, 5], region: [8, 10], codecs: [bytesLE, { name: 'zstd', configuration: { level: 3, checksum: false } }], zeroBlock: [4, 5], tensorstore: true },
    { name: 'w3_blosc_crc_f32', format: 3, dtype: 'float32', shape: [9, 10], chunks: [4, 4], region: [4, 4], codecs: [bytesLE, { name: 'blosc', configuration: { cname: 'lz4', clevel: 5, shuffle: 'shuffle', typesize: 4, blocksize: 0 } }, { name: 'crc32c' }], tensorstore: true },
    { name: 'w3_transpose_be_gzip_f64', format: 3, dtype: 'float64', shape: [6, 7, 5], chunks: [4, 3, 2], region: [4, 6, 4], codecs: [{ name: 'transpose', configuration: { order: [2, 0, 1] } }, { name: 'bytes', configuration: { endian: 'big' } }, { name: 'gzip', configuration: { level: 4 } }], tensorstore: true },
    { name: 'w3_shard_end_u16', format: 3, dtype: 'uint16', shape: [13, 17], chunks: [4, 6], region: [4, 12], zeroBlock: [4, 8], tensorstore: true, codecs: [{ name: 'sharding_indexed', configuration: { chunk_shape: [2, 3], codecs: [bytesLE, { name: 'zstd', configuration: { level: 1, checksum: false } }], index_codecs: [bytesLE, { name: 'crc32c' }], index_location: 'end' } }] },
    { name: 'w3_shard_start_c64', format: 3, dtype: 'complex64', shape: [7, 9], chunks: [4, 6], region: [4, 6], zeroBlock: [2, 3], tensorstore: true, codecs: [{ name: 'sharding_indexed', configuration: { chunk_shape: [2, 3], codecs: [bytesLE, { name: 'blosc', configuration: { cname: 'zstd', clevel: 2, shuffle: 'bitshuffle', typesize: 8, blocksize: 0 } }, { name: 'crc32c' }], index_codecs: [bytesLE, { name: 'crc32c' }], index_location: 'start' } }] },
    { name: 'w3_numcodecs_lz4_i32', format: 3, dtype: 'int32', shape: [9, 9], chunks: [4, 4], region: [4, 8], codecs: [bytesLE, { name: 'numcodecs.lz4', configuration: { acceleration: 1 } }] },
    { name: 'w2_be_i4_F_zlib', format: 2, dtype: 'int32', shape: [9, 11, 5], chunks: [4, 3, 2], region: [8, 6, 5], separator: '/', tensorstore: true, v2: { dtype: '>i4', order: 'F', compressor: { id: 'zlib', level: 1 } }, codecs: [{ name: 'transpose', configuration: { order: [2, 1, 0] } }, { name: 'bytes', configuration: { endian: 'big' } }, { name: 'zlib', configuration: { level: 1 } }] },
    { name: 'w2_blosc_u8', format: 2, dtype: 'uint8', shape: [30, 20], chunks: [8, 8], region: [16, 16], separator: '.', tensorstore: true, zeroBlock: [8, 8], v2: { dtype: '|u1', order: 'C', compressor: { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1, blocksize: 0 } }, codecs: [bytesLE, { name: 'blosc', configuration: { cname: 'lz4', clevel: 5, shuffle: 1, blocksize: 0 } }] },
    { name: 'w2_bz2_i16', format: 2, dtype: 'int16', shape: [10, 10], chunks: [3, 4], region: [6, 8], separator: '.', tensorstore: true, v2: { dtype: '<i2', order: 'C', compressor: { id: 'bz2', level: 3 } }, codecs: [bytesLE, { name: 'bz2', configuration: { level: 3 } }] },
    { name: 'w2_lz4_f32', format: 2, dtype: 'float32', shape: [10, 10], chunks: [3, 4], region: [3, 4], separator: '.', v2: { dtype: '<f4', order: 'C', compressor: { id: 'lz4', acceleration: 1 } }, codecs: [bytesLE, { name: 'lz4', configuration: { acceleration: 1 } }] },
  ];
  const written: Record<string, { data: Buffer; files: string[]; result: { chunksWritten: number } }> = {};

  function writeMetadata(c: WriteCase, dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    if (c.format === 3) {
      fs.writeFileSync(path.join(dir, 'zarr.json'), JSON.stringify({
        zarr_format: 3, node_type: 'array', shape: c.shape, data_type: c.dtype,
        chunk_grid: { name: 'regular', configuration: { chunk_shape: c.chunks } },
        chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
        fill_value: c.dtype.startsWith('complex') ? [0, 0] : 0, codecs: c.codecs, attributes: {},
      }));
    } else {
      fs.writeFileSync(path.join(dir, '.zarray'), JSON.stringify({
        zarr_format: 2, shape: c.shape, chunks: c.chunks, dtype: c.v2!.dtype, compressor: c.v2!.compressor,
        fill_value: 0, order: c.v2!.order, filters: null, dimension_separator: c.separator,
      }));
    }
  }

  beforeAll(async () => {
    const reads: Array<Record<string, unknown>> = [];
    for (const c of cases) {
      const dir = path.join(tmp, 'written', c.name);
      writeMetadata(c, dir);
      const data = makeData(c.shape, c.dtype, c.name.length * 7919);
      if (c.zeroBlock) {
        // Zero a leading block so whole chunks (or inner chunks) equal the fill value.
        const strides = c.shape.map((_, i) => c.shape.slice(i + 1).reduce((a, b) => a * b, 1));
        const item = ITEM[c.dtype];
        const walk = (axis: number, offset: number): void => {
          if (axis === c.shape.length) { data.fill(0, offset * item, (offset + 1) * item); return; }
          for (let k = 0; k < c.zeroBlock![axis]; k++) walk(axis + 1, offset + k * strides[axis]);
        };
        walk(0, 0);
      }
      const spec: ArraySpec = {
        path: dir, shape: c.shape, dtype: c.dtype, chunkShape: c.chunks,
        keyEncoding: c.format === 3 ? { kind: 'default', separator: '/' } : { kind: 'v2', separator: c.separator! },
        fillValue: '00'.repeat(ITEM[c.dtype]), codecs: c.codecs,
      };
      const result = await writeZarr(spec, data, c.region);
      const files: string[] = [];
      const walkDir = (rel: string): void => {
        for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
          const r = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) walkDir(r); else files.push(r);
        }
      };
      walkDir('');
      written[c.name] = { data, files, result };
      for (const engine of c.tensorstore ? ['zarr', 'tensorstore'] : ['zarr']) {
        reads.push({ path: dir, engine, format: c.format, out: `${dir}.${engine}.bin` });
      }
    }
    await runPythonPlan('zarr_engine.py', 'read', path.join(tmp, 'plan-readback.json'), { arrays: reads });
  });

  test.each(cases.map((c) => c.name))('%s reads back equal in zarr-python and TensorStore', (name) => {
    const c = cases.find((x) => x.name === name)!;
    const dir = path.join(tmp, 'written', name);
    const { data, files } = written[name];
    expect(fs.readFileSync(`${dir}.zarr.bin`).equals(data)).toBe(true);
    if (c.tensorstore) expect(fs.readFileSync(`${dir}.tensorstore.bin`).equals(data)).toBe(true);
    expect(files.some((f) => f.includes('.dz-tmp.'))).toBe(false);
    if (c.zeroBlock && !c.codecs.some((k) => k.name === 'sharding_indexed')) {
      // The all-fill leading chunk is not written.
      const first = c.format === 3 ? `c/${c.shape.map(() => '0').join('/')}` : c.shape.map(() => '0').join(c.separator);
      expect(files).not.toContain(first);
    }
  });

  test('counts written chunks and round-trips through the native reader', async () => {
    const c = cases[0];
    const { data, files, result } = written[c.name];
    expect(result.chunksWritten).toBe(chunkFiles(files).length);
    expect(chunkFiles(files).length).toBe(4 * 4 - 1);
    const spec: ArraySpec = {
      path: path.join(tmp, 'written', c.name), shape: c.shape, dtype: c.dtype, chunkShape: c.chunks,
      keyEncoding: { kind: 'default', separator: '/' }, fillValue: '0000', codecs: c.codecs,
    };
    expect((await computeZarr(spec, [5, 3])).equals(data)).toBe(true);
  });

  test('an all-empty shard is not written at all', async () => {
    const dir = path.join(tmp, 'written-empty');
    const spec: ArraySpec = {
      path: dir, shape: [8, 6], dtype: 'uint16', chunkShape: [4, 6], keyEncoding: { kind: 'default', separator: '/' },
      fillValue: '0000', codecs: cases[3].codecs,
    };
    const data = Buffer.alloc(8 * 6 * 2);
    data.writeUInt16LE(9, (5 * 6 + 4) * 2);  // one value in shard (1, 0)
    const result = await writeZarr(spec, data, [4, 6]);
    expect(result.chunksWritten).toBe(1);
    expect(fs.existsSync(path.join(dir, 'c/0/0'))).toBe(false);
    expect((await computeZarr(spec)).equals(data)).toBe(true);
  });

  test('a region not aligned to the chunk grid is refused', async () => {
    const spec: ArraySpec = {
      path: path.join(tmp, 'written-bad'), shape: [8, 8], dtype: 'uint8', chunkShape: [4, 4],
      keyEncoding: { kind: 'default', separator: '/' }, fillValue: '00', codecs: [bytesLE],
    };
    await expect(writeZarr(spec, Buffer.alloc(64, 1), [3, 8])).rejects.toMatchObject({ code: 'ERR_ZARR_INTERNAL' });
  });
});
