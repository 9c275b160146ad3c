/**
 * The addon in worker_threads. Each Node environment (the main thread, every
 * Worker) registers the addon for itself and owns its jobs, on the one
 * process-wide engine pool: jobs from several workers at once compute what
 * NumPy computes, and workers that die with jobs in flight do not take the
 * process with them (that test runs its workers in a child process, so a
 * crash fails the test instead of killing jest). Worker bodies: test/workers/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { io, ops } from '../lib/index';
import { addonPath, transpileLibrary } from './helpers/child-lib';
import { assertNdEqual, bytesOf, typedFromBytes, type DTypeName } from './helpers/compare';
import { runPythonPlan } from './helpers/python';
import { makeTempDir, removeTempDir } from './helpers/tmp';

const WORKERS = path.join(__dirname, 'workers');
let dir: string;
let lib: string;

beforeAll(() => {
  dir = makeTempDir('worker-threads');
  lib = transpileLibrary(path.join(dir, 'dist'));
});
afterAll(() => removeTempDir(dir));

interface ChildResult { code: number | null; signal: string | null; stdout: string; stderr: string }

/** Runs `node script args` with the transpiled library; kills it after `timeoutMs`. */
function runChild(script: string, args: string[], timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(WORKERS, script), ...args], {
      env: { ...process.env, DYNA_ZARR_ADDON: addonPath() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function lastJson<T>(r: ChildResult): T {
  if (r.code !== 0) throw new Error(`child ended with code ${r.code} signal ${r.signal}\n${r.stdout}\n${r.stderr.slice(-4000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

test('workers terminated or exiting with jobs in flight, or while loading the addon, leave the process alive and working', async () => {
  const report = lastJson<{ outcomes: Record<string, number>; duringRanThrough: boolean; duringOutcome: string; afterMismatch: number }>(
    await runChild('teardown-rounds.js', [lib, addonPath(), path.join(dir, 'teardown')], 110000),
  );
  // Each round checked that the dying worker's writes had started and were
  // stopped mid-way (teardown-rounds.js).
  expect(report.outcomes).toEqual({
    'terminate with jobs running (exit code 1)': 7,
    'exit with jobs running (exit code 3)': 7,
    'terminated while loading': 6,
  });
  // The main thread's long write kept running through every round, until
  // the script aborted it.
  expect(report.duringRanThrough).toBe(true);
  expect(report.duringOutcome).toBe('ERR_ZARR_ABORTED');
  expect(report.afterMismatch).toBe(-1);
}, 120000);

test('terminating a worker whose job is still queued behind a busy pool does not wait for the pool', async () => {
  const report = lastJson<{ pool: number; poolBlocked: boolean; terminated: string; busyOutcomes: string[]; afterMismatch: number }>(
    await runChild('queued-teardown.js', [lib, path.join(dir, 'queued')], 110000),
  );
  expect(report.pool).toBeGreaterThan(0);
  expect(report.poolBlocked).toBe(true);
  expect(report.terminated).toBe('terminated while the pool was busy');
  expect(report.busyOutcomes).toEqual(['ERR_ZARR_ABORTED']);
  expect(report.afterMismatch).toBe(-1);
}, 120000);

interface Nd { data: ArrayBufferView; shape: number[]; dtype: string }
interface Made { a: string; b: string; jobs: Record<string, { dtype: DTypeName; shape: number[]; file: string }> }

/** A posted NdArray's data as a typed array of jest's realm (instanceof checks). */
function local(nd: Nd): Nd {
  return { ...nd, data: typedFromBytes(nd.dtype as DTypeName, bytesOf(nd.data)) };
}

/** Runs job-worker.js in `compute` mode in a worker thread of this process; resolves what it posts. */
function computeInWorker(workerData: Record<string, unknown>): Promise<Record<string, Nd[]>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(WORKERS, 'job-worker.js'), {
      workerData: { mode: 'compute', lib, ...workerData },
      env: { ...process.env, DYNA_ZARR_ADDON: addonPath() },
    });
    worker.once('message', (m: { results?: Record<string, Nd[]>; error?: string }) => {
      if (m.results) resolve(m.results);
      else reject(new Error(m.error));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before posting`)));
  });
}

test('two worker threads and the main thread run jobs at once, each equal to NumPy', async () => {
  const work = path.join(dir, 'compute');
  fs.mkdirSync(work);
  const made = await runPythonPlan<Made>('worker_jobs.py', 'make', path.join(work, 'plan.json'), { dir: work });
  const outputs = [0, 1].map((i) => path.join(work, `out-${i}.zarr`));
  const repeat = 3;
  const [main, ...workers] = await Promise.all([
    // The main thread's own jobs, through the TypeScript sources.
    (async () => {
      const [a, b] = await Promise.all([io.read(made.a), io.read(made.b)]);
      return { mixAB: [await ops.add(ops.multiply(a.get('100:300, 0:250'), 2), b).compute()] } as Record<string, Nd[]>;
    })(),
    ...outputs.map((output) => computeInWorker({ a: made.a, b: made.b, output, repeat })),
  ]);
  for (const [w, results] of workers.entries()) {
    expect(Object.keys(results).sort()).toEqual(Object.keys(made.jobs).sort());
    for (const [name, want] of Object.entries(made.jobs)) {
      expect(results[name]).toHaveLength(repeat);
      const bytes = new Uint8Array(fs.readFileSync(want.file));
      for (const nd of results[name]) assertNdEqual(local(nd), { bytes, shape: want.shape, dtype: want.dtype }, `worker ${w} ${name}`);
    }
  }
  const mix = made.jobs.mixAB;
  assertNdEqual(main.mixAB[0], { bytes: new Uint8Array(fs.readFileSync(mix.file)), shape: mix.shape, dtype: mix.dtype }, 'main mixAB');
  // The writes from the workers, read back by zarr-python.
  const checked = await runPythonPlan<{ outputs: Record<string, number> }>('worker_jobs.py', 'check', path.join(work, 'check.json'), { dir: work, outputs });
  expect(checked.outputs).toEqual(Object.fromEntries(outputs.map((o) => [o, 0])));
});
