/**
 * Suite 1a: every dtype × codec × format (and layout variants) written by
 * zarr-python 3 and by TensorStore reads back equal through
 * io.read(...).compute(), including missing chunks (fill value) and NaN fills.
 */
import fs from 'node:fs';
import path from 'node:path';
import { io } from '../../lib/index';
import { assertNdEqual } from '../helpers/compare';
import { runPythonPlan } from '../helpers/python';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { CHUNKS, MatrixCase, readCases, SHAPE, SHARD_COEFFICIENTS } from '../helpers/zarr-matrix';

const cases = readCases();
let dir: string;
let generated: Record<string, string> = {};

beforeAll(async () => {
  dir = makeTempDir('matrix-read');
  generated = await runPythonPlan<Record<string, string>>(
    'accept_matrix.py', 'generate', path.join(dir, 'plan.json'), { cases }, [dir]);
}, 600_000);

afterAll(() => removeTempDir(dir));

describe('arrays written by zarr-python 3 / TensorStore read back equal', () => {
  test.each(cases.map((c): [string, MatrixCase] => [c.id, c]))('%s', async (id, c) => {
    expect(generated[id]).toBe('ok');
    const arr = await io.read(path.join(dir, `${id}.zarr`));
    expect(arr.shape).toEqual(SHAPE);
    expect(arr.dtype).toBe(c.dtype);
    expect(arr.zarrFormat).toBe(c.format === 'v2' ? 2 : 3);
    expect(arr.chunks).toEqual(CHUNKS);
    expect(arr.shards).toEqual(c.format === 'v3s' ? CHUNKS.map((n, i) => n * SHARD_COEFFICIENTS[i]) : null);
    const out = await arr.compute();
    assertNdEqual(out, { bytes: fs.readFileSync(path.join(dir, `${id}.bin`)), shape: SHAPE, dtype: c.dtype }, id);
  });
});
