/** The only module that loads the addon. Everything native goes through here. */
import fs from 'node:fs';
import path from 'node:path';
import { DynaZarrError } from './errors';
import type { JobResult, JobProgress } from './job-spec';

export interface NativeCounters {
  chunksRead: number;
  chunksDecoded: number;
  tilesDecoded: number;
  bytesRead: number;
  chunksWritten: number;
  bytesWritten: number;
}

export interface NativeAddon {
  run(
    spec: string,
    buffers: ArrayBufferView[],
    output: ArrayBufferView | null,
    cancel: Int32Array | null,
    onProgress: ((p: JobProgress) => void) | null,
  ): Promise<JobResult>;
  counters(): NativeCounters;
  defaultThreads(): number;
  /** Swaps two paths atomically; false when the filesystem cannot (then nothing changed). */
  exchangePaths(a: string, b: string): boolean;
  /** The engine's registered codec names by kind (binding/core/codecs/registry.cpp). */
  codecNames(): { arrayToArray: string[]; arrayToBytes: string[]; bytesToBytes: string[] };
  [name: string]: unknown;
}

let addon: NativeAddon | undefined;

/** The addon, loaded on first use (DYNA_ZARR_ADDON overrides the path for development builds). */
export function native(): NativeAddon {
  if (!addon) {
    // lib/ (ts-jest) sits one level below the package root, dist/cjs/ two.
    const candidates = process.env.DYNA_ZARR_ADDON
      ? [process.env.DYNA_ZARR_ADDON]
      : [1, 2].map((up) => path.join(__dirname, ...Array(up).fill('..'), 'build', 'Release', 'dyna_zarr.node'));
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) {
      throw new DynaZarrError('ERR_ZARR_INTERNAL', `dyna_zarr native addon not built (looked in ${candidates.join(', ')}); run npm run build`);
    }
    addon = require(file) as NativeAddon;
  }
  return addon;
}
