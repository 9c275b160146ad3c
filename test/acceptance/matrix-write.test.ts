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
import { CHUNKS, convertCases, MatrixCase, SHAPE, SHARD_COEFFICIENTS, tensorstoreSupports, writeCases } from '../helpers/zarr-matrix';

type Verdict = { zarr: string; tensorstore: string };

const cases = writeCases();
const conversions = convertCases();
const convId = (k: number): string => `convert-${k}-${conversions[k].source.id}-to-${conversions[k].format}-${conversions[k].codec}`;
let convVerdicts: Record<string, Verdict> = {};
let dir: string;
const writeErrors: Record<string, string> = {};
let verdicts: Record<string, Verdict> = {};
let generated: Record<string, string> = {};

beforeAll(async () => {
  dir = makeTempDir('matrix-write');
  generated = await runPythonPlan<Record<string, string>>(
    'accept_matrix.py', 'generate', path.join(dir, 'plan.json'), { cases: [...cases, ...conversions.map((c) => c.source)] }, [dir]);
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
  for (let k = 0; k < conversions.length; k++) {
    const c = conversions[k];
    try {
      const src = await io.read(path.join(dir, `${c.source.id}.zarr`));
      await io.write(src, path.join(dir, `${convId(k)}.zarr`), {
        zarrFormat: c.format === 'v2' ? 2 : 3,
        chunks: c.chunks,
        ...(c.format === 'v3s' ? { shardCoefficients: [2, 2, 2] } : {}),
        compressor: writeCompressor(c.codec),
      });
    } catch (err) {
      writeErrors[convId(k)] = `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`;
    }
  }
  const verifyCases = [
    ...cases,
    // variant dropped: the output fill value is not part of what a conversion must keep.
    ...conversions.map((c, k) => ({ ...c.source, variant: undefined, format: c.format, codec: c.codec, chunks: c.chunks, out: `${convId(k)}.zarr`, key: convId(k) })),
  ];
  const all = await runPythonPlan<Record<string, Verdict>>(
    'accept_matrix.py', 'verify', path.join(dir, 'verify.json'), { cases: verifyCases }, [dir]);
  verdicts = all;
  convVerdicts = all;
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

describe('arrays read from oracle fixtures and re-written (format, codec, chunks changed) read back equal', () => {
  test.each(conversions.map((c, k): [string, number] => [convId(k), k]))('%s', (id, k) => {
    const c = conversions[k];
    expect(generated[c.source.id]).toBe('ok');
    expect(writeErrors[id]).toBeUndefined();
    expect(convVerdicts[id].zarr).toBe('ok');
    expect(convVerdicts[id].tensorstore).toBe(tensorstoreSupports(c.codec, c.format) ? 'ok' : 'skip');
  });
});
