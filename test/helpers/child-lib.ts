/**
 * Runs a script in a fresh Node process against the library's TypeScript
 * sources, transpiled (no type-check) into a temporary folder, so a test can
 * measure that process alone (peak RSS) without jest's or TypeScript's memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

/** Transpiles lib/**.ts into outDir/lib; returns the path of outDir/lib/index.js. */
export function transpileLibrary(outDir: string): string {
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, 'lib', rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const src = fs.readFileSync(path.join(ROOT, 'lib', child), 'utf8');
        const js = ts.transpileModule(src, {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
          fileName: child,
        }).outputText;
        const dest = path.join(outDir, 'lib', child.replace(/\.ts$/, '.js'));
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.writeFileSync(dest, js);
      }
    }
  };
  walk('');
  return path.join(outDir, 'lib', 'index.js');
}

/** The addon the child should load: DYNA_ZARR_ADDON, else the project's build/. */
export function addonPath(): string {
  return process.env.DYNA_ZARR_ADDON ?? path.join(ROOT, 'build', 'Release', 'dyna_zarr.node');
}

/**
 * A JavaScript expression for the child's peak RSS in KiB: VmHWM of its own
 * address space. Not process.resourceUsage().maxRSS: Linux carries the
 * parent's high-water mark into a child spawned with vfork semantics (libuv)
 * across exec, so a child of a big jest worker would report the worker's peak.
 */
export const PEAK_RSS_KB = "Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1])";

/** Runs `node script` with the given env additions; resolves the last stdout line parsed as JSON. */
export function runNodeJson<T>(script: string, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8').trim();
      if (code !== 0) {
        reject(new Error(`child exited ${code}: ${text}\n${Buffer.concat(err).toString('utf8').slice(-4000)}`));
        return;
      }
      const lines = text.split('\n');
      resolve(JSON.parse(lines[lines.length - 1]) as T);
    });
  });
}
