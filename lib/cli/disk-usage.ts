/** Bytes stored under a path (a file, or every file below a folder). */
import fs from 'node:fs';
import path from 'node:path';
import { toLocalPath } from '../read/paths';
import { remoteUrl } from '../store/remote';

export function bytesOnDisk(target: string): number {
  if (remoteUrl(target) !== null) return 0;  // a URL: stored size not known without listing every object
  const root = toLocalPath(target, 'path');
  const stat = fs.statSync(root, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) total += fs.statSync(full).size;
    }
  }
  return total;
}
