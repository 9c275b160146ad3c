/**
 * io.writeLevels against TensorStore's downsample (test/oracle/write_levels.py,
 * one batched call): every level read by zarr-python equals
 * tensorstore.downsample of the source (x[::f] for 'simple'); the engine's
 * counters show the source chunks read once; a budget too small for the
 * deepest levels writes them from the stored level above; bad input fails
 * before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromArray, io, isDynaZarrError, ops, type DynamicArray } from '../lib/index';
import { native } from '../lib/job/native';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

interface LevelCheck { equal: boolean; shape: number[]; dtype: string; first_diff: string | null }
interface Report { cases: Array<{ levels: LevelCheck[] }> }

let dir: string;
beforeAll(() => { dir = makeTempDir('write-levels'); });
afterAll(() => removeTempDir(dir));

/** Deterministic values with ties (small range) so mode and median are exercised. */
function values(n: number, seed: number, range: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % range;
  });
}

async function source(name: string, shape: number[], make: (v: number[]) => ArrayLike<number>, dtype: 'uint16' | 'uint8' | 'float32', chunks: number[]): Promise<{ path: string; array: DynamicArray }> {
  const n = shape.reduce((p, x) => p * x, 1);
  const raw = make(values(n, shape.length * 7 + n, dtype === 'uint8' ? 5 : 1000));
  const data = dtype === 'uint16' ? Uint16Array.from(raw) : dtype === 'uint8' ? Uint8Array.from(raw) : Float32Array.from(raw, (x) => x / 7);
  const p = path.join(dir, `${name}.zarr`);
  await io.write(fromArray(data, shape), p, { chunks });
  return { path: p, array: await io.read(p) };
}

const levelPaths = (name: string, n: number): string[] => Array.from({ length: n }, (_, k) => path.join(dir, `${name}_${k}.zarr`));

test('every level equals tensorstore.downsample of the source, from one read of it', async () => {
  const cases: Array<{ source: string; method: string; levels: Array<{ path: string; factors: number[] }> }> = [];
  const reports = [];

  // 3-D uint16 mean, shapes the factors and chunks do not divide; count the chunks read.
  const a = await source('a', [37, 50, 45], (v) => v, 'uint16', [8, 8, 8]);
  const aFactors = [[1, 1, 1], [2, 2, 2], [4, 4, 4], [8, 8, 8]];
  const aPaths = levelPaths('a', aFactors.length);
  const before = native().counters();
  const ra = await io.writeLevels(a.array, aFactors.map((factors, k) => ({ path: aPaths[k], factors })), { method: 'mean' });
  const after = native().counters();
  const sourceChunks = Math.ceil(37 / 8) * Math.ceil(50 / 8) * Math.ceil(45 / 8);
  expect(after.chunksRead - before.chunksRead).toBe(sourceChunks);
  expect(ra.passes).toBe(1);
  expect(ra.levels.map((l) => l.shape)).toEqual([[37, 50, 45], [19, 25, 23], [10, 13, 12], [5, 7, 6]]);
  expect(ra.levels.reduce((s, l) => s + l.chunksWritten, 0)).toBe(after.chunksWritten - before.chunksWritten);
  expect(ra.chunksWritten).toBe(after.chunksWritten - before.chunksWritten);
  reports.push(ra);
  cases.push({ source: a.path, method: 'mean', levels: aFactors.map((factors, k) => ({ path: aPaths[k], factors })) });

  // 2-D uint8 mode / median / min, sharded v3 with per-level chunks, anisotropic factors, level 0 coarsened.
  const b = await source('b', [61, 83], (v) => v, 'uint8', [16, 16]);
  for (const method of ['mode', 'median', 'min']) {
    const factors = [[1, 2], [2, 4], [2, 8], [6, 8]];
    const paths = levelPaths(`b_${method}`, factors.length);
    const outs = factors.map((f, k) => ({ path: paths[k], factors: f, chunks: k === 1 ? [8, 4] : undefined, shardCoefficients: k === 0 ? [2, 3] : undefined }));
    const r = await io.writeLevels(b.array, outs, { method: method as 'mode' });
    expect(r.levels[0].shards).toEqual([32, 48]);
    expect(r.levels[1].chunks).toEqual([8, 4]);
    cases.push({ source: b.path, method, levels: factors.map((f, k) => ({ path: paths[k], factors: f })) });
  }

  // float32 'simple' (strided) into Zarr v2.
  const c = await source('c', [45, 30], (v) => v, 'float32', [10, 7]);
  const cFactors = [[1, 1], [3, 2], [9, 4]];
  const cPaths = levelPaths('c', cFactors.length);
  await io.writeLevels(c.array, cFactors.map((factors, k) => ({ path: cPaths[k], factors })), { zarrFormat: 2, chunks: [5, 5] });
  expect(fs.existsSync(path.join(cPaths[2], '.zarray'))).toBe(true);
  cases.push({ source: c.path, method: 'simple', levels: cFactors.map((factors, k) => ({ path: cPaths[k], factors })) });

  // A neighbourhood filter before the pyramid (its halo counts in the region budget): the
  // levels equal the downsample of the same filter written alone by io.write.
  const g = ops.gaussianFilter(c.array, 1.5);
  const gAlone = path.join(dir, 'g_alone.zarr');
  await io.write(g, gAlone);
  const gFactors = [[1, 1], [2, 2], [4, 4]];
  const gPaths = levelPaths('g', gFactors.length);
  const rg = await io.writeLevels(g, gFactors.map((factors, k) => ({ path: gPaths[k], factors })), { method: 'mean', chunks: [8, 8], regionSizeMb: 0.05 });
  expect([rg.passes, rg.regions]).toEqual([1, 2]);
  cases.push({ source: gAlone, method: 'mean', levels: gFactors.map((factors, k) => ({ path: gPaths[k], factors })) });

  const report = await runPythonPlan<Report>('write_levels.py', 'check', path.join(dir, 'plan1.json'), { cases });
  expect(report.cases.map((r) => r.levels.length)).toEqual(cases.map((c) => c.levels.length));
  for (const [i, r] of report.cases.entries()) {
    for (const [k, l] of r.levels.entries()) expect({ case: i, level: k, diff: l.first_diff, equal: l.equal }).toEqual({ case: i, level: k, diff: null, equal: true });
  }
});

test('a budget too small for the deepest levels writes them from the stored level above, in a second pass', async () => {
  const s = await source('d', [64, 96, 80], (v) => v, 'uint16', [16, 16, 16]);
  const factors = [[1, 1, 1], [2, 2, 2], [8, 8, 8], [16, 16, 16]];
  const cases = [];
  for (const method of ['simple', 'max'] as const) {
    const paths = levelPaths(`d_${method}`, factors.length);
    const before = native().counters();
    const seen: Array<{ done: number; total: number }> = [];
    const r = await io.writeLevels(s.array, factors.map((f, k) => ({ path: paths[k], factors: f })), { method, regionSizeMb: 1, onProgress: (q) => seen.push(q) });
    const after = native().counters();
    // One progress over every pass: done never goes back and ends at the total of all regions.
    expect(seen.every((q, i) => i === 0 || q.done >= seen[i - 1].done)).toBe(true);
    expect(seen[seen.length - 1]).toMatchObject({ done: r.regions, total: r.regions });
    expect(r.passes).toBeGreaterThan(1);
    expect(r.notes.join(' ')).toMatch(/written from the stored level/);
    // The source is read once; each later pass reads the stored level it starts from, once.
    const sourceChunks = 4 * 6 * 5;
    const from = r.notes.map((n) => Number(/stored level (\d+)/.exec(n)![1]));
    expect(after.chunksRead - before.chunksRead).toBe(sourceChunks + from.reduce((sum, j) => sum + r.levels[j].chunksWritten, 0));
    expect(r.levels[3].shape).toEqual([4, 6, 5]);
    cases.push({ source: s.path, method, levels: factors.map((f, k) => ({ path: paths[k], factors: f })) });
  }
  const report = await runPythonPlan<Report>('write_levels.py', 'check', path.join(dir, 'plan2.json'), { cases });
  expect(report.cases.map((r) => r.levels.length)).toEqual([4, 4]);
  for (const r of report.cases) for (const l of r.levels) expect(l.first_diff).toBeNull();
});

test('bad input fails before anything is written', async () => {
  const x = fromArray(new Uint8Array(64 * 64), [64, 64]);
  const p = levelPaths('bad', 3);
  const expectCode = async (promise: Promise<unknown>, code: string, message: RegExp): Promise<void> => {
    const err = await promise.then(() => null, (e: unknown) => e);
    expect(isDynaZarrError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    expect((err as Error).message).toMatch(message);
    for (const q of p.slice(0, 2)) expect(fs.existsSync(q)).toBe(false);
  };
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }, { path: p[1], factors: [0, 2] }]), 'ERR_ZARR_INVALID_ARGUMENT', /outputs\[1\]\.factors/);
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }, { path: p[1], factors: [2, 1.5] }]), 'ERR_ZARR_INVALID_ARGUMENT', /positive integers/);
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }, { path: p[1], factors: [2] }]), 'ERR_ZARR_INVALID_ARGUMENT', /2 positive integers/);
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [4, 4] }, { path: p[1], factors: [2, 8] }]), 'ERR_ZARR_INVALID_ARGUMENT', /coarsest last/);
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }, { path: p[0], factors: [2, 2] }]), 'ERR_ZARR_INVALID_ARGUMENT', /overlap/);
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }], { method: 'average' as 'mean' }), 'ERR_ZARR_INVALID_ARGUMENT', /method/);
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }], { bogus: 1 } as object), 'ERR_ZARR_INVALID_ARGUMENT', /bogus/);
  fs.mkdirSync(p[2]);
  fs.writeFileSync(path.join(p[2], 'zarr.json'), '{"zarr_format": 3, "node_type": "group", "attributes": {}}');
  await expectCode(io.writeLevels(x, [{ path: p[0], factors: [1, 1] }, { path: p[1], factors: [2, 2] }, { path: p[2], factors: [4, 4] }]), 'ERR_ZARR_EXISTS', /already exists/);
  // With overwrite the group is replaced by the level.
  const r = await io.writeLevels(x, [{ path: p[0], factors: [1, 1] }, { path: p[1], factors: [2, 2] }, { path: p[2], factors: [4, 4] }], { overwrite: true });
  expect(r.levels[2].shape).toEqual([16, 16]);
  expect(JSON.parse(fs.readFileSync(path.join(p[2], 'zarr.json'), 'utf8')).node_type).toBe('array');
});

test('an abort leaves no level and no staging folder behind', async () => {
  const s = await source('e', [64, 256, 256], (v) => v, 'uint16', [16, 32, 32]);
  const paths = levelPaths('e', 3);
  const controller = new AbortController();
  const err = await io.writeLevels(s.array, paths.map((p, k) => ({ path: p, factors: [2 ** k, 2 ** k, 2 ** k] })), {
    method: 'mean', regionSizeMb: 1, threads: 1, signal: controller.signal, onProgress: () => controller.abort(),
  }).catch((e: unknown) => e);
  expect(isDynaZarrError(err) && err.code === 'ERR_ZARR_ABORTED').toBe(true);
  expect(fs.readdirSync(dir).filter((n) => n.startsWith('e_'))).toEqual([]);
});
