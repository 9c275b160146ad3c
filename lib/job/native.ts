/**
 * The only module that loads the addon, and its full interface: every
 * function binding/napi/addon.cpp exports, typed. Nothing else in lib/ names
 * the addon or casts what it returns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DynaZarrError } from '../errors';
import type { JobResult, JobProgress } from './job-spec';

/** Process-wide engine counters (binding/core/counters.h), cumulative since load. */
export interface NativeCounters {
  chunksRead: number;
  chunksDecoded: number;
  tilesDecoded: number;
  bytesRead: number;
  chunksWritten: number;
  bytesWritten: number;
  /** Chunk or shard files a Zarr read opened. */
  storeOpens: number;
  /** Shard indexes fetched: misses of the process-wide shard-index cache. */
  shardIndexLoads: number;
  /** Chunks served from an io.read `cacheMb` cache (no I/O, no decode). */
  chunkCacheHits: number;
}

export interface NativeAddon {
  /**
   * Runs one job (lib/job/job-spec.ts, as JSON) on the engine's pool. `buffers`
   * are the memory sources the spec refers to by index; `output` receives a
   * compute or reduce result; `cancel` is a shared flag set to 1 to abort;
   * `onProgress` hears at most ten events a second and one at the end.
   * Rejects with an Error carrying the contract's `code`.
   */
  run(
    spec: string,
    buffers: ArrayBufferView[],
    output: ArrayBufferView | null,
    cancel: Int32Array | null,
    onProgress: ((p: JobProgress) => void) | null,
  ): Promise<JobResult>;
  /** The JSON listing of a TIFF file's IFDs (binding/core/tiff/tiff_inspect.h); lib/tiff/inspect.ts types it. */
  tiffInspect(path: string): Promise<string>;
  counters(): NativeCounters;
  /** The engine's default thread count: the number of cores. */
  defaultThreads(): number;
  /** Swaps two paths atomically; false when the filesystem cannot (then nothing changed). */
  exchangePaths(a: string, b: string): boolean;
  /** The engine's registered codec names by kind (binding/core/codecs/registry.cpp). */
  codecNames(): { arrayToArray: string[]; arrayToBytes: string[]; bytesToBytes: string[] };
  /** A remote store's value of `key` (binding/core/store/store.h), null when missing; larger than maxBytes is ERR_ZARR_CODEC. */
  storeGet(location: string, key: string, storageOptionsJson: string, maxBytes: number): Promise<Buffer | null>;
  /** Stores `bytes` at `key` (one PUT). */
  storePut(location: string, key: string, storageOptionsJson: string, bytes: Uint8Array): Promise<void>;
  /** Every key under `location`, relative to it, sorted (S3 only: HTTP has no listing). */
  storeList(location: string, storageOptionsJson: string): Promise<string[]>;
  /** Removes the keys (missing ones are fine). */
  storeDelete(location: string, keys: string[], storageOptionsJson: string): Promise<void>;
  /** A new decoded-chunk cache of that many bytes (io.read cacheMb), alive while the handle is; jobs name it by `id`. */
  chunkCache(bytes: number): { id: number };
  /** A Zarr or TIFF source (its spec as JSON) opened once for many jobs, which name it as { kind: 'opened', id }; closed when the handle is collected. */
  openSource(spec: string): { id: number };
  /** The array or group at root (absolute path or URL) was written or replaced: the read caches drop what they hold under it. */
  invalidateCaches(root: string): void;
}

/** The addon's functions, as registered by binding/napi/addon.cpp. */
export const NATIVE_FUNCTIONS = ['run', 'tiffInspect', 'counters', 'defaultThreads', 'exchangePaths', 'codecNames',
  'storeGet', 'storePut', 'storeList', 'storeDelete', 'chunkCache', 'openSource', 'invalidateCaches'] as const;

// Compile-time: the list names every member of NativeAddon and nothing else.
type Listed = (typeof NATIVE_FUNCTIONS)[number];
const listsEveryMember: [Exclude<keyof NativeAddon, Listed>, Exclude<Listed, keyof NativeAddon>] extends [never, never] ? true : false = true;
void listsEveryMember;

/** The loaded module as NativeAddon, once each function is checked to be there. */
function checkAddon(loaded: unknown, file: string): NativeAddon {
  const members = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<string, unknown>;
  const missing = NATIVE_FUNCTIONS.filter((name) => typeof members[name] !== 'function');
  if (missing.length > 0) {
    throw new DynaZarrError('ERR_ZARR_INTERNAL', `the native addon ${file} lacks ${missing.join(', ')}; rebuild it with npm run build`);
  }
  return members as unknown as NativeAddon;
}

/** The package root: lib/job/ (ts-jest) sits two levels below it, dist/cjs/job/ three. */
function packageRoot(): string {
  const roots = [2, 3].map((up) => path.resolve(__dirname, ...Array(up).fill('..')));
  return roots.find((root) => fs.existsSync(path.join(root, 'package.json'))) ?? roots[0];
}

/**
 * Where the addon may be, best first: the prebuild for this platform
 * (prebuilds/<platform>-<arch>/, the node-gyp-build layout; one N-API 8 binary
 * serves every Node version), then the one built from source.
 */
export function addonCandidates(root: string): string[] {
  return [
    path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'dyna_zarr.node'),
    path.join(root, 'build', 'Release', 'dyna_zarr.node'),
  ];
}

/**
 * The first candidate that exists and loads. A prebuild can exist and still
 * not load (a C library older than the one it was built against): then the
 * next one is tried. When none loads, the error names each file and why.
 */
export function loadAddon(candidates: string[]): NativeAddon {
  const failures: string[] = [];
  for (const file of candidates) {
    if (!fs.existsSync(file)) {
      failures.push(`${file}: not found`);
      continue;
    }
    let loaded: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a .node file found at run time loads only through require
      loaded = require(file);
    } catch (e) {
      failures.push(`${file}: ${String((e as Error).message).split('\n')[0]}`);
      continue;
    }
    return checkAddon(loaded, file);
  }
  throw new DynaZarrError(
    'ERR_ZARR_INTERNAL',
    `dyna_zarr: no native addon loads on ${process.platform}-${process.arch} (Node ${process.versions.node}). Tried ${failures.join('; ')}. ` +
      'Build it from source with `npm rebuild dyna_zarr` (DYNA_ZARR_BUILD_FROM_SOURCE=1 forces it); it names any missing compiler or library.',
  );
}

let addon: NativeAddon | undefined;

/** The addon, loaded on first use (DYNA_ZARR_ADDON overrides the path for development builds). */
export function native(): NativeAddon {
  if (!addon) {
    addon = loadAddon(process.env.DYNA_ZARR_ADDON ? [process.env.DYNA_ZARR_ADDON] : addonCandidates(packageRoot()));
  }
  return addon;
}
