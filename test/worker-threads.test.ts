/**
 * The addon in worker_threads. Each Node environment (the main thread, every
 * Worker) registers the addon for itself and owns its jobs; workers that die
 * with jobs in flight must not take the process with them. The scripts run
 * in a child process (test/workers/), so a crash fails the test instead of
 * killing jest.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { addonPath, transpileLibrary } from './helpers/child-lib';
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
  const report = lastJson<{ outcomes: Record<string, number>; duringOutcome: string; afterMismatch: number }>(
    await runChild('teardown-rounds.js', [lib, addonPath(), path.join(dir, 'teardown')], 110000),
  );
  expect(report.outcomes).toEqual({
    'terminate with jobs blocked (exit code 1)': 7,
    'exit with jobs blocked (exit code 3)': 7,
    'terminated while loading': 6,
  });
  // The main thread's job spanned every round; it read the FIFO chunk as a
  // non-regular file, an I/O error, as it should.
  expect(report.duringOutcome).toBe('ERR_ZARR_IO');
  expect(report.afterMismatch).toBe(-1);
}, 120000);
