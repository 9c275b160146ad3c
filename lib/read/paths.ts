/** Path handling shared by io.read and io.write: URLs, member paths, containment. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynaZarrError, invalidArgument } from '../errors';

/** A plain path or file:// URL (string or URL object) → an absolute local path. */
export function toLocalPath(input: unknown, what: string): string {
  let text: string;
  if (input instanceof URL) text = input.href;
  else if (typeof input === 'string') text = input;
  else throw invalidArgument(`${what} must be a string path or a file:// URL, got ${input === null ? 'null' : typeof input}`);
  if (text.length === 0) throw invalidArgument(`${what} must not be empty`);
  if (text.includes('\0')) throw invalidArgument(`${what} must not contain NUL characters`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'file') {
      throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${what}: ${scheme[1]}:// URLs are not supported (local paths, file://, and for Zarr io.read / io.write / createSink http(s):// and s3://): ${text}`);
    }
    try {
      text = fileURLToPath(text);
    } catch (err) {
      throw invalidArgument(`${what}: bad file:// URL ${text}: ${(err as Error).message}`);
    }
  }
  return path.resolve(text);
}

/**
 * A member path inside a group ("0", "scale0/image", "/labels/0/") as
 * segments; refuses anything that could leave the group (.., absolute
 * drive prefixes, backslashes, empty segments).
 */
export function memberSegments(member: string, what: string): string[] {
  const trimmed = member.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return [];
  const parts = trimmed.split('/');
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0') || /^[a-zA-Z]:$/.test(p)) {
      throw invalidArgument(`${what}: ${JSON.stringify(member)} is not a member path inside the group`);
    }
  }
  return parts;
}

/** Whether `child` is `parent` or lies inside it (both absolute, resolved). */
export function isSameOrInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** fs.stat that returns null for a missing path; other failures are ERR_ZARR_IO. */
export async function statIfExists(p: string): Promise<import('node:fs').Stats | null> {
  try {
    return await fs.stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new DynaZarrError('ERR_ZARR_IO', `cannot stat ${p}: ${(err as Error).message}`, { cause: err });
  }
}

/** Canonical absolute path (symlinks resolved) of an existing path, or the resolved path when it does not exist. */
export async function canonical(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(await canonical(parent), path.basename(p));
  }
}
