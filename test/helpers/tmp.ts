/** Temporary folders for acceptance tests; DZ_KEEP_TMP=1 keeps them for post-mortems. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dz-${prefix}-`));
}

export function removeTempDir(dir: string | undefined): void {
  if (!dir || process.env.DZ_KEEP_TMP === '1') return;
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file (relative path) below dir, sorted; [] when dir is absent. */
export function listFilesRecursive(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
