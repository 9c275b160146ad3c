/**
 * a.persist(path?): writes the array once (io.write) and returns an array
 * reading what was written, so an expensive chain used several times runs
 * once. Without a path the store is a temporary folder under os.tmpdir(),
 * removed when the process exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DynamicArray } from '../dynamic-array';
import { captureCallerStack, publicError } from '../errors';
import { read } from '../read/read';
import { write, type WriteOptions } from './write';

const temporary = new Set<string>();
let hooked = false;

function removeTemporary(): void {
  for (const dir of temporary) {
    try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* exiting: nothing to report to */ }
  }
  temporary.clear();
}

/** A fresh folder for one persisted array, removed at process exit. */
function temporaryStore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyna-zarr-persist-'));
  temporary.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeTemporary);
  }
  return path.join(dir, 'array.zarr');
}

export async function persist(array: DynamicArray, target?: string | URL, options?: WriteOptions): Promise<DynamicArray> {
  const callerStack = captureCallerStack();
  try {
    const dest = target ?? temporaryStore();
    const report = await write(array, dest, options);
    return await read(report.path, options?.storageOptions ? { storageOptions: options.storageOptions } : undefined);
  } catch (err) {
    throw publicError(err, callerStack);
  }
}
