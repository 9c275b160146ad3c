/**
 * Runs the Python oracles (numpy, zarr-python 3, TensorStore) of the project's
 * virtualenv. Each test file batches its Python work into one or two calls:
 * a JSON plan in, a JSON report out, so the suites stay fast.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export const PYTHON: string = (() => {
  const candidates = [process.env.DZ_PYTHON, path.join(ROOT, '.venv', 'bin', 'python'), '/tmp/venvtest/bin/python'];
  const found = candidates.find((p): p is string => !!p && fs.existsSync(p));
  if (!found) throw new Error(`no Python oracle found (tried ${candidates.filter(Boolean).join(', ')}); set DZ_PYTHON`);
  return found;
})();

export const ORACLE_DIR = path.join(ROOT, 'test', 'oracle');

/** Runs `python <script> ...args`, resolving stdout; rejects with stderr on a non-zero exit. */
export function runPython(script: string, args: string[] = [], stdin?: string): Promise<string> {
  const file = path.isAbsolute(script) ? script : path.join(ORACLE_DIR, script);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [file, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${path.basename(file)} exited ${code}:\n${Buffer.concat(err).toString('utf8').slice(-4000)}`));
    });
    child.stdin.end(stdin ?? '');
  });
}

/** Writes `plan` as JSON to `planFile`, runs the script with [command, planFile, ...extra], parses the JSON it prints. */
export async function runPythonPlan<T>(script: string, command: string, planFile: string, plan: unknown, extra: string[] = []): Promise<T> {
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const stdout = await runPython(script, [command, planFile, ...extra]);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
