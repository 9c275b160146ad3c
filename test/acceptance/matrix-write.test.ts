/**
 * Suite 1b: every dtype × codec × format written by io.write reads back equal
 * through zarr-python 3 and TensorStore (TensorStore skipped only for the
 * codecs it does not implement: v2 lz4, v3 numcodecs.*).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io } from '../../lib/index';
import { writeCompressor } from '../helpers/codec-options';
import { typedFromBytes } from '../helpers/compare';
import { runPythonPlan } from '../helpers/python';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { CHUNKS, MatrixCase, SHAPE, SHARD_COEFFICIENTS, tensorstoreSupports, writeCases } from '../helpers/zarr-matrix';

type Verdict = { zarr: string; tensorstore: string };

const cases = writeCases();
let dir: string;
const writeErrors: Record<string, string> = {};
let verdicts: Record<string, Verdict> = {};
let generated: Record<string, string> = {};

beforeAll(async () => {
  dir = makeTempDir('matrix-write');
  generated = await runPythonPlan<Record<string, string>>(
    'accept_matrix.py', 'generate', path.join(dir, 'plan.json'), { cases }, [dir]);
  for (const c of cases) {
    try {
      const data = typedFromBytes(c.dtype, fs.readFileSync(path.join(dir, `${c.id}.bin`)));
      const src = fromArray(data, SHAPE, { dtype: c.dtype });
      await io.write(src, path.join(dir, `${c.id}.zarr`), {
        zarrFormat: c.format === 'v2' ? 2 : 3,
        chunks: CHUNKS,
        ...(c.format === 'v3s' ? { shardCoefficients: SHARD_COEFFICIENTS } : {}),
        compressor: writeCompressor(c.codec),
        ...(c.variant?.fill === 'nan' ? { fillValue: NaN } : {}),
      });
    } catch (err) {
      writeErrors[c.id] = `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`;
    }
  }
  verdicts = await runPythonPlan<Record<string, Verdict>>(
    'accept_matrix.py', 'verify', path.join(dir, 'verify.json'), { cases }, [dir]);
}, 900_000);

afterAll(() => removeTempDir(dir));

describe('arrays written by io.write read back equal by zarr-python 3 and TensorStore', () => {
  test.each(cases.map((c): [string, MatrixCase] => [c.id, c]))('%s', (id, c) => {
    expect(generated[id]).toBe('ok');
    expect(writeErrors[id]).toBeUndefined();
    expect(verdicts[id].zarr).toBe('ok');
    expect(verdicts[id].tensorstore).toBe(tensorstoreSupports(c.codec, c.format) ? 'ok' : 'skip');
  });
});
