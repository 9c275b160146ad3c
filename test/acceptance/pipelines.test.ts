/**
 * Suites 4 and 5: the seed README's lazy pipelines end to end against NumPy
 * (abs → clip → sqrt → io.write; concatenate two Zarr sources → clip → write),
 * many tiny regions, NumPy 2 dtype promotion, progress reports and
 * cancellation on a Zarr source. Every output is read back by zarr-python
 * and compared with the NumPy expression of the same pipeline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Codecs, io, isDynaZarrError, ops } from '../../lib/index';
import { assertNdEqual } from '../helpers/compare';
import { runPythonPlan } from '../helpers/python';
import { listFilesRecursive, makeTempDir, removeTempDir } from '../helpers/tmp';

const inputs = [
  { name: 'wave3', shape: [30, 20, 12], chunks: [7, 6, 5], dtype: 'float32', format: 3, codec: 'zstd', kind: 'wave' },
  { name: 'wave2', shape: [18, 20, 12], chunks: [4, 5, 6], dtype: 'float32', format: 2, codec: 'none', kind: 'wave' },
  { name: 'ints2', shape: [25, 20, 12], chunks: [5, 8, 12], dtype: 'int16', format: 2, codec: 'blosc', kind: 'ints' },
];

interface Pipeline {
  output: string;
  expr: string;
  inputs: string[];
  dtype: string;
  run: (src: Record<string, Awaited<ReturnType<typeof io.read>>>, target: string) => Promise<unknown>;
}

type Progress = { done: number; total: number; bytesWritten: number };
const progressEvents: Progress[] = [];

const zstd = (): Codecs => new Codecs({ compressor: 'zstd', clevel: 3 });

const pipelines: Pipeline[] = [
  {
    output: 'readme_abs_clip_sqrt.zarr', inputs: ['wave3'], dtype: 'float32',
    expr: 'np.sqrt(np.clip(np.abs(wave3), 0, 1))',
    run: (s, t) => {
      let result = ops.abs(s.wave3);
      result = ops.clip(result, 0, 1);
      result = ops.sqrt(result);
      return io.write(result, t, { zarrFormat: 3, compressor: zstd(), regionSizeMb: 0.01 });
    },
  },
  {
    output: 'fluent_v2.zarr', inputs: ['wave3'], dtype: 'float32',
    expr: 'np.sqrt(np.clip(np.abs(wave3), 0, 1))',
    run: (s, t) => io.write(s.wave3.abs().clip(0, 1).sqrt(), t, { zarrFormat: 2, regionSizeMb: 0.02, threads: 2, chunks: [4, 4, 4] }),
  },
  {
    output: 'ints_clip_sqrt.zarr', inputs: ['ints2'], dtype: 'float32',
    expr: 'np.sqrt(np.clip(np.abs(ints2), 10, 500))',
    run: (s, t) => io.write(ops.sqrt(ops.clip(ops.abs(s.ints2), 10, 500)), t, { regionSizeMb: 0.01 }),
  },
  {
    output: 'ints_weak_float_clip.zarr', inputs: ['ints2'], dtype: 'float64',
    expr: 'np.clip(ints2, -0.5, 300.5)',
    run: (s, t) => io.write(ops.clip(s.ints2, -0.5, 300.5), t, { regionSizeMb: 0.01, compressor: new Codecs({ compressor: 'gzip' }) }),
  },
  {
    output: 'readme_concat_clip.zarr', inputs: ['wave2', 'wave3'], dtype: 'float32',
    expr: 'np.clip(np.concatenate([wave2, wave3], axis=0), -1, 1)',
    run: (s, t) => {
      let result = ops.concatenate([s.wave2, s.wave3], 0);
      result = ops.clip(result, -1, 1);
      return io.write(result, t, { zarrFormat: 3, regionSizeMb: 0.005 });
    },
  },
  {
    output: 'concat_axis1_reversed_times2.zarr', inputs: ['wave3'], dtype: 'float32',
    expr: 'np.concatenate([wave3, wave3[:, ::-2, :]], axis=1) * 2',
    run: (s, t) => io.write(ops.multiply(ops.concatenate([s.wave3, s.wave3.get(':, ::-2, :')], 1), 2), t, {
      zarrFormat: 2, compressor: new Codecs({ compressor: 'blosc', cname: 'zstd', shuffle: 'bitshuffle' }), regionSizeMb: 0.01,
    }),
  },
  {
    output: 'sharded_concat.zarr', inputs: ['wave2', 'wave3'], dtype: 'float32',
    expr: 'np.clip(np.concatenate([wave2, wave3], axis=0), -1, 1)',
    run: (s, t) => io.write(ops.clip(ops.concatenate([s.wave2, s.wave3]), -1, 1), t, {
      zarrFormat: 3, chunks: [3, 4, 5], shardCoefficients: [2, 2, 2], compressor: zstd(), regionSizeMb: 0.001,
    }),
  },
  {
    output: 'cast_float16_overflow.zarr', inputs: ['wave3'], dtype: 'float16',
    expr: '(wave3 * 70000).astype(np.float16)',
    run: (s, t) => io.write(ops.multiply(s.wave3, 70000), t, { dtype: 'float16', regionSizeMb: 0.01 }),
  },
  {
    output: 'cast_float16_subnormal.zarr', inputs: ['wave3'], dtype: 'float16',
    expr: '(wave3 * 1e-5).astype(np.float16)',
    run: (s, t) => io.write(ops.astype(ops.multiply(s.wave3, 1e-5), 'float16'), t, { zarrFormat: 2 }),
  },
  {
    output: 'astype_uint8_wraps.zarr', inputs: ['ints2'], dtype: 'uint8',
    expr: 'ints2.astype(np.uint8)',
    run: (s, t) => io.write(ops.astype(s.ints2, 'uint8'), t, { regionSizeMb: 0.01 }),
  },
  {
    output: 'round_decimals.zarr', inputs: ['wave3'], dtype: 'float32',
    expr: 'np.round(wave3 * 10, 1)',
    run: (s, t) => io.write(ops.round(ops.multiply(s.wave3, 10), 1), t, {}),
  },
  {
    output: 'where_sign_divide.zarr', inputs: ['wave3', 'ints2'], dtype: 'float64',
    expr: 'np.where(wave3[:25] != 0, np.sign(wave3[:25]), ints2 / 7)',
    run: (s, t) => {
      const w = s.wave3.get('0:25');
      return io.write(ops.where(ops.multiply(ops.sign(w), ops.sign(w)).astype('bool'), ops.sign(w), ops.divide(s.ints2, 7)), t, { regionSizeMb: 0.01 });
    },
  },
  {
    output: 'progress_add.zarr', inputs: ['wave3'], dtype: 'float32',
    expr: 'wave3 + 0.5',
    run: (s, t) => io.write(ops.add(s.wave3, 0.5), t, {
      chunks: [3, 4, 4], regionSizeMb: 0.002, threads: 2,
      onProgress: (p: Progress) => { progressEvents.push({ ...p }); },
    }),
  },
];

let dir: string;
const sources: Record<string, Awaited<ReturnType<typeof io.read>>> = {};
const runErrors: Record<string, string> = {};
let verdicts: Record<string, string> = {};
let abortError: unknown;

beforeAll(async () => {
  dir = makeTempDir('pipelines');
  await runPythonPlan('accept_pipeline.py', 'make', path.join(dir, 'make.json'), { inputs }, [dir]);
  for (const spec of inputs) sources[spec.name] = await io.read(path.join(dir, spec.name));
  for (const p of pipelines) {
    try {
      await p.run(sources, path.join(dir, p.output));
    } catch (err) {
      runErrors[p.output] = `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`;
    }
  }
  const checks = pipelines.map((p) => ({ output: p.output, expr: p.expr, inputs: p.inputs }));
  verdicts = await runPythonPlan<Record<string, string>>('accept_pipeline.py', 'check', path.join(dir, 'check.json'), { inputs, checks }, [dir]);
}, 600_000);

afterAll(() => removeTempDir(dir));

describe('lazy pipelines written by io.write equal NumPy (read back by zarr-python)', () => {
  test.each(pipelines.map((p): [string, Pipeline] => [p.output, p]))('%s', async (output, p) => {
    expect(runErrors[output]).toBeUndefined();
    expect(verdicts[output]).toBe('ok');
    // The written array declares the dtype NumPy computes.
    const back = await io.read(path.join(dir, output));
    expect(back.dtype).toBe(p.dtype);
  });

  test('compute() of the README pipeline equals the zarr-python-verified output', async () => {
    expect(verdicts['readme_abs_clip_sqrt.zarr']).toBe('ok');
    const lazy = ops.sqrt(ops.clip(ops.abs(sources.wave3), 0, 1));
    const direct = await lazy.compute();
    const written = await (await io.read(path.join(dir, 'readme_abs_clip_sqrt.zarr'))).compute();
    const bytes = new Uint8Array(written.data.buffer, written.data.byteOffset, written.data.byteLength);
    assertNdEqual(direct, { bytes, shape: written.shape, dtype: 'float32' }, 'compute vs written');
  });

  test('the concatenate pipeline has the concatenated shape', () => {
    const cat = ops.concatenate([sources.wave2, sources.wave3], 0);
    expect(cat.shape).toEqual([48, 20, 12]);
    expect(cat.dtype).toBe('float32');
  });
});

describe('progress', () => {
  test('onProgress reports non-decreasing done up to total, many regions', () => {
    expect(runErrors['progress_add.zarr']).toBeUndefined();
    expect(progressEvents.length).toBeGreaterThan(0);
    const total = progressEvents[0].total;
    // 30×20×12 float32 at 0.002 MB per region cannot fit in fewer than 5 regions.
    expect(total).toBeGreaterThanOrEqual(5);
    let prev = 0;
    let prevBytes = 0;
    for (const e of progressEvents) {
      expect(e.total).toBe(total);
      expect(e.done).toBeGreaterThanOrEqual(prev);
      expect(e.done).toBeLessThanOrEqual(total);
      expect(e.bytesWritten).toBeGreaterThanOrEqual(prevBytes);
      prev = e.done;
      prevBytes = e.bytesWritten;
    }
    expect(progressEvents[progressEvents.length - 1].done).toBe(total);
    expect(progressEvents[progressEvents.length - 1].bytesWritten).toBeGreaterThan(0);
  });

  test('abort mid-write of a Zarr-source pipeline → ERR_ZARR_ABORTED and no partial files', async () => {
    const parent = fs.mkdtempSync(path.join(dir, 'abort-'));
    const target = path.join(parent, 'aborted.zarr');
    const ac = new AbortController();
    const big = ops.tile(ops.sqrt(ops.abs(sources.wave3)), [8, 8, 8]);
    try {
      await io.write(big, target, {
        chunks: [8, 8, 8], regionSizeMb: 0.01, threads: 1, signal: ac.signal,
        compressor: new Codecs({ compressor: 'bz2', clevel: 9 }),
        onProgress: () => ac.abort(),
      });
    } catch (err) {
      abortError = err;
    }
    expect(isDynaZarrError(abortError, 'ERR_ZARR_ABORTED')).toBe(true);
    expect(fs.existsSync(target)).toBe(false);
    expect(listFilesRecursive(parent)).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
