/**
 * Size limits: chunk, shard-index and array sizes computed from metadata are
 * checked for overflow and bounded (lib/metadata/limits.ts,
 * binding/core/size_limits.h) at io.read and again in the engine, so a wrapped
 * product can never size a buffer. Arrays within the limits still open,
 * and a huge sparse one still computes a slice equal to zarr-python's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io, isDynaZarrError } from '../lib/index';
import { native } from '../lib/job/native';
import { runPython } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

let dir: string;
let fixtures: { huge: { path: string; lo: number; hi: number; expected: number[] } };

beforeAll(async () => {
  dir = makeTempDir('limits');
  fixtures = JSON.parse(await runPython('safety_fixtures.py', ['make', dir]));
}, 120_000);
afterAll(() => removeTempDir(dir));

async function expectCode(run: () => Promise<unknown>, code: string, mentions: Array<string | RegExp>): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(isDynaZarrError(caught, code as never)).toBe(true);
  const message = (caught as Error).message;
  for (const m of mentions) expect(message).toMatch(m);
}

function v3Array(name: string, meta: Record<string, unknown>): string {
  const target = path.join(dir, name);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'zarr.json'), JSON.stringify({
    zarr_format: 3, node_type: 'array', data_type: 'uint8', fill_value: 0,
    chunk_key_encoding: { name: 'default' }, codecs: [{ name: 'bytes' }], attributes: {}, ...meta,
  }));
  return target;
}

const regular = (chunkShape: number[]): Record<string, unknown> => ({ name: 'regular', configuration: { chunk_shape: chunkShape } });

describe('io.read refuses sizes past the limits, naming the file', () => {
  test('a v3 chunk_shape whose byte count wraps to 16 in 64 bits', async () => {
    // 16777232 × 1099510579201 = 2^64 + 16: a 16-byte chunk file used to pass every check.
    const target = v3Array('wrap16', { shape: [2, 2], chunk_grid: regular([16777232, 1099510579201]) });
    fs.mkdirSync(path.join(target, 'c', '0'), { recursive: true });
    fs.writeFileSync(path.join(target, 'c', '0', '0'), Buffer.alloc(16, 1));
    await expectCode(() => io.read(target), 'ERR_ZARR_LIMIT', [path.join(target, 'zarr.json'), /chunk_shape/, /2147483647/]);
  });

  test('a v2 chunks list whose byte count overflows', async () => {
    const target = path.join(dir, 'v2wrap');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, '.zarray'), JSON.stringify({
      zarr_format: 2, shape: [2, 2], chunks: [16777232, 1099510579201], dtype: '|u1', compressor: null, fill_value: 0, order: 'C', filters: null,
    }));
    fs.writeFileSync(path.join(target, '0.0'), Buffer.alloc(16, 1));
    await expectCode(() => io.read(target), 'ERR_ZARR_LIMIT', [path.join(target, '.zarray'), /chunks/]);
  });

  test('an inner chunk of a shard past the limit', async () => {
    const target = v3Array('bigInner', {
      shape: [4], chunk_grid: regular([2 ** 32]),
      codecs: [{ name: 'sharding_indexed', configuration: { chunk_shape: [2 ** 32], codecs: [{ name: 'bytes' }] } }],
    });
    await expectCode(() => io.read(target), 'ERR_ZARR_LIMIT', [path.join(target, 'zarr.json'), /chunk_shape/]);
  });

  test('a shard index with more entries than the limit', async () => {
    const target = v3Array('bigIndex', {
      shape: [4, 4], chunk_grid: regular([2 ** 13, 2 ** 13]),
      codecs: [{ name: 'sharding_indexed', configuration: { chunk_shape: [1, 1], codecs: [{ name: 'bytes' }] } }],
    });
    await expectCode(() => io.read(target), 'ERR_ZARR_LIMIT', [path.join(target, 'zarr.json'), /index/, /16777216/]);
  });

  test('an array whose byte count is past 2^53', async () => {
    const target = v3Array('bigShape', { shape: [2 ** 40, 2 ** 40], chunk_grid: regular([1024, 1024]) });
    await expectCode(() => io.read(target), 'ERR_ZARR_LIMIT', [path.join(target, 'zarr.json'), /shape/]);
  });
});

describe('a huge sparse array within the limits', () => {
  test('opens, and a slice computes equal to zarr-python', async () => {
    const { huge } = fixtures;
    const a = await io.read(huge.path);
    expect(a.shape).toEqual([2 ** 40]);
    const part = await a.slice(huge.lo, huge.hi).compute();
    expect(Array.from(part.data as Uint8Array)).toEqual(huge.expected);
  });

  test('compute() of all 2^40 elements is ERR_ZARR_LIMIT saying how many bytes it needs', async () => {
    const a = await io.read(fixtures.huge.path);
    await expectCode(() => a.compute(), 'ERR_ZARR_LIMIT', [/compute\(\)/, /1099511627776 bytes/, /elements a typed array/]);
  });
});

describe('the engine checks sizes itself (defence in depth)', () => {
  const job = (source: Record<string, unknown>, shape: number[]): string => JSON.stringify({
    threads: 1,
    sources: [source],
    nodes: [{ kind: 'source', source: 0, shape, dtype: 'uint8' }],
    root: 0,
    regionShape: shape.map((s) => Math.max(1, s)),
    sink: { kind: 'compute' },
  });
  const zarrSource = (chunkShape: number[], codecs: unknown[], shape = [2, 2]): Record<string, unknown> => ({
    kind: 'zarr', path: path.join(dir, 'wrap16'), shape, dtype: 'uint8', chunkShape,
    keyEncoding: { kind: 'default', separator: '/' }, fillValue: '00', codecs,
  });
  const run = (spec: string, out: Buffer): Promise<unknown> => native().run(spec, [], out, null, null);

  test('a wrapping chunk shape in a job spec', async () => {
    const spec = job(zarrSource([16777232, 1099510579201], [{ name: 'bytes', configuration: { endian: 'little' } }]), [2, 2]);
    await expect(run(spec, Buffer.alloc(4))).rejects.toMatchObject({ code: 'ERR_ZARR_LIMIT', message: expect.stringMatching(/wrap16/) });
  });

  test('a shard index past the entry limit in a job spec', async () => {
    const codecs = [{ name: 'sharding_indexed', configuration: { chunk_shape: [1, 1], codecs: [{ name: 'bytes', configuration: { endian: 'little' } }] } }];
    const spec = job(zarrSource([2 ** 13, 2 ** 13], codecs), [2, 2]);
    await expect(run(spec, Buffer.alloc(4))).rejects.toMatchObject({ code: 'ERR_ZARR_LIMIT' });
  });

  test('an output shape whose byte count wraps to a small buffer', async () => {
    // 2^32 × 2^32 elements wraps to 0 bytes in 64 bits: the output buffer check must not pass.
    const source = zarrSource([1024, 1024], [{ name: 'bytes', configuration: { endian: 'little' } }], [2 ** 32, 2 ** 32]);
    await expect(run(job(source, [2 ** 32, 2 ** 32]), Buffer.alloc(1))).rejects.toMatchObject({ code: 'ERR_ZARR_LIMIT' });
  });
});
