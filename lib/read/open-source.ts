/**
 * Resolves what io.read was given (path or file:// URL, options) to a
 * SourceInfo: a TIFF file by its magic bytes, a Zarr array, or an array
 * inside a Zarr group. Only metadata is read.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DynaZarrError, invalidArgument } from '../errors';
import type { SourceInfo } from '../source-info';
import { openZarrNode, resolveGroupArray } from './zarr-node';
import { statIfExists, toLocalPath } from './paths';
import { openTiff } from '../tiff/open-tiff';
import { checkStorageOptions, remoteParent, remoteUrl, type StorageOptions } from '../store/remote';

/** Options of io.read. */
export interface ReadOptions {
  /** Path of an array inside a group. */
  array?: string;
  /** TIFF series (default 0). */
  series?: number;
  /** TIFF pyramid level, or OME-Zarr multiscale level (default 0). */
  level?: number;
  /** Remote stores (s3://): endpoint, region, credentials (lib/store/remote.ts). */
  storageOptions?: StorageOptions;
  /**
   * MiB of decoded chunks to keep in memory, shared by every read of this
   * array (and of every array derived from it); default 0, no cache. Zarr only.
   */
  cacheMb?: number;
}

const READ_OPTIONS = ['array', 'series', 'level', 'storageOptions', 'cacheMb'];

function checkOptions(options: unknown): ReadOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalidArgument('io.read: options must be an object');
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!READ_OPTIONS.includes(key)) throw invalidArgument(`io.read: unknown option "${key}" (known: ${READ_OPTIONS.join(', ')})`);
  }
  if (o.array !== undefined && typeof o.array !== 'string') throw invalidArgument('io.read: options.array must be a string');
  if (o.cacheMb !== undefined && !(typeof o.cacheMb === 'number' && Number.isFinite(o.cacheMb) && o.cacheMb >= 0)) {
    throw invalidArgument(`io.read: options.cacheMb must be a non-negative number of MiB, got ${typeof o.cacheMb === 'number' ? o.cacheMb : typeof o.cacheMb}`);
  }
  for (const key of ['series', 'level']) {
    const v = o[key];
    if (v !== undefined && !(Number.isSafeInteger(v) && (v as number) >= 0)) throw invalidArgument(`io.read: options.${key} must be a non-negative integer, got ${String(v)}`);
  }
  checkStorageOptions(o.storageOptions, 'io.read');
  return o as ReadOptions;
}

const TIFF_MAGIC = [
  [0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], // classic TIFF, little / big endian
  [0x49, 0x49, 0x2b, 0x00], [0x4d, 0x4d, 0x00, 0x2b], // BigTIFF
];

/** Whether a regular file starts with a TIFF signature. Opened non-blocking: a FIFO must not hang the probe. */
async function hasTiffMagic(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && TIFF_MAGIC.some((m) => m.every((b, i) => head[i] === b));
  } catch (err) {
    throw new DynaZarrError('ERR_ZARR_IO', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  } finally {
    await handle?.close();
  }
}

/** Resolves a path and options to what the lazy layer needs (no DynamicArray). */
export async function openSource(input: unknown, options?: unknown): Promise<SourceInfo> {
  const opts = checkOptions(options);
  const url = remoteUrl(input);
  if (url !== null) return openRemoteSource(url, opts);
  let target = toLocalPath(input, 'io.read path');
  const stat = await statIfExists(target);
  if (!stat) throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `no such file or directory: ${target}`);
  if (!stat.isFile() && !stat.isDirectory()) throw new DynaZarrError('ERR_ZARR_IO', `cannot read ${target}: not a regular file or directory`);
  if (stat.isFile()) {
    if (await hasTiffMagic(target)) {
      if (opts.array !== undefined) throw invalidArgument('io.read: options.array applies to Zarr groups, not to a TIFF file');
      return openTiff(target, { series: opts.series ?? 0, level: opts.level ?? 0 });
    }
    // A metadata file given directly stands for its directory.
    if (['zarr.json', '.zarray', '.zgroup'].includes(path.basename(target))) target = path.dirname(target);
    else throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `${target} is neither a TIFF file nor a Zarr array or group`);
  }
  return openZarrTarget(target, opts);
}

/** An http(s):// or s3:// URL: Zarr only, every byte fetched by the engine's store. */
async function openRemoteSource(url: string, opts: ReadOptions): Promise<SourceInfo> {
  const last = url.slice(url.lastIndexOf('/') + 1);
  if (/\.(tiff?|btf|tf8)$/i.test(last)) throw new DynaZarrError('ERR_ZARR_UNSUPPORTED', `io.read: TIFF files are read from local paths only, not URLs: ${url}`);
  // A metadata document's URL stands for its array or group.
  const target = ['zarr.json', '.zarray', '.zgroup'].includes(last) ? remoteParent(url) : url;
  return openZarrTarget(target, opts);
}

async function openZarrTarget(target: string, opts: ReadOptions): Promise<SourceInfo> {
  if (opts.series) throw invalidArgument('io.read: options.series applies to TIFF files only');
  const node = await openZarrNode(target, undefined, opts.storageOptions);
  if (!node) throw new DynaZarrError('ERR_ZARR_NOT_FOUND', `no Zarr array or group at ${target} (no zarr.json, .zarray or .zgroup)`);
  if (node.kind === 'array') {
    if (opts.level) throw invalidArgument(`io.read: options.level applies to TIFF files and OME-Zarr images; ${target} is a Zarr array`);
    if (opts.array !== undefined && opts.array.replace(/\//g, '') !== '') {
      throw invalidArgument(`io.read: options.array ${JSON.stringify(opts.array)} given, but ${target} is an array, not a group`);
    }
    return node.info;
  }
  return (await resolveGroupArray(node, opts.array, opts.level)).info;
}

