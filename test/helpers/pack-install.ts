/**
 * The package as npm users get it: `npm pack` of this repository, and an
 * offline `npm install` of the tarball into an empty project.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  dev?: boolean;
  link?: boolean;
}

/** Packs the repository into `dir` (prepack makes the prebuild); the tarball's path and its file list. */
export function pack(dir: string): { tarball: string; files: string[] } {
  const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [report] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dir, report.filename), files: report.files.map((f) => f.path).sort() };
}

/**
 * The runtime entries of the repository's package-lock.json, with registry
 * URLs. The npm cache holds our dependencies' tarballs (by integrity) but not
 * their registry metadata, so `npm install --offline <tarball>` cannot resolve
 * version ranges on its own (ENOTCACHED); seeded with these pinned entries it
 * installs from the cache alone, with the versions the repository tests.
 */
function runtimeLock(): Record<string, LockEntry> {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const entries: Record<string, LockEntry> = {};
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev || entry.link) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entries[key] = { ...entry, resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  return entries;
}

/** Creates an empty project at `app` and runs `npm install --offline <tarball>` in it; returns npm's output. */
export function installOffline(tarball: string, app: string, env: NodeJS.ProcessEnv = process.env): string {
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const packages = { '': { name: 'app', version: '1.0.0' }, ...runtimeLock() };
  fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  return execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', '--foreground-scripts', tarball], {
    cwd: app, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
  });
}
