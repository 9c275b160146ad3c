/**
 * `dyna-zarr convert <in> <out>`: io.read then one io.write straight to
 * <out>. io.write owns staging, the checks (only a Zarr array or group that
 * is not an input may be replaced) and the atomic replace, so a failure,
 * Ctrl-C or SIGTERM (which abort io.write through its AbortSignal) leaves
 * the target as it was: absent, or the previous array with --overwrite.
 * With --ome, io.writeOmeZarr writes an OME-Zarr image group instead; with
 * --cluster, cluster.submitWrite has workers write the chunks (same staging
 * and replace, same progress bar and exit codes).
 */
import { cluster, io, type Codecs, type DType } from '../index';
import type { JobProgress } from '../job/job-spec';
import { formatBytes, formatShape } from './format';
import { createProgress } from './progress';

export interface ConvertOptions {
  zarrFormat?: 2 | 3;
  chunks?: number[];
  shards?: number[];
  codec?: Codecs | null;
  dtype?: DType;
  regionSizeMb?: number;
  threads?: number;
  overwrite?: boolean;
  quiet?: boolean;
  array?: string;
  /** Write an OME-Zarr image (io.writeOmeZarr) instead of one array. */
  ome?: boolean;
  levels?: number | 'auto';
  method?: 'mean' | 'median' | 'mode' | 'min' | 'max' | 'simple';
  /** With ome: copy the TIFF's stored pyramid instead of computing levels. */
  fromPyramid?: boolean;
  /** Run the write on cluster workers through this Redis (cluster.submitWrite). */
  cluster?: string;
  partitions?: number;
  /** --storage-options: used for <in> and <out> when they are URLs. */
  storageOptions?: Record<string, unknown>;
}

/** Exit status of a conversion stopped by a signal: 128 + its number, as shells report it. */
const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT_ON_SIGNAL;

export async function runConvert(input: string, output: string, options: ConvertOptions): Promise<number> {
  const storage = options.storageOptions !== undefined ? { storageOptions: options.storageOptions } : {};
  const source = await io.read(input, { ...(options.array !== undefined ? { array: options.array } : {}), ...storage });
  const controller = new AbortController();
  let stoppedBy: StopSignal | null = null;
  const onSignal = (signal: StopSignal): void => {
    if (stoppedBy) {
      // A second signal: the user does not want to wait for the workers to
      // drain. The staging folder stays; the next write to <out> removes it.
      process.exit(EXIT_ON_SIGNAL[signal]);
    }
    stoppedBy = signal;
    controller.abort(new Error(`interrupted (${signal})`));
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const progress = createProgress(!options.quiet);
  const started = Date.now();
  try {
    const writeOptions = {
      ...(options.zarrFormat !== undefined ? { zarrFormat: options.zarrFormat } : {}),
      ...(options.chunks !== undefined ? { chunks: options.chunks } : {}),
      ...(options.shards !== undefined ? { shardCoefficients: options.shards } : {}),
      ...(options.codec !== undefined ? { compressor: options.codec } : {}),
      ...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
      ...(options.regionSizeMb !== undefined ? { regionSizeMb: options.regionSizeMb } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(options.overwrite ? { overwrite: true } : {}),
      ...storage,
      onProgress: (p: JobProgress) => progress.update(p),
      signal: controller.signal,
    };
    // --ome: every level in one writeLevels pass (or copied from a stored pyramid), one progress bar over all of them.
    const ome = options.ome
      ? await io.writeOmeZarr(source, output, {
        ...writeOptions,
        ...(options.levels !== undefined ? { levels: options.levels } : {}),
        ...(options.method !== undefined ? { method: options.method } : {}),
        ...(options.fromPyramid ? { fromPyramid: true } : {}),
      })
      : null;
    const report = ome ?? (options.cluster
      ? await cluster.submitWrite(source, output, writeOptions, {
        connection: options.cluster, ...(options.partitions !== undefined ? { partitions: options.partitions } : {}),
      })
      : await io.write(source, output, writeOptions));
    progress.stop();
    for (const w of report.warnings) process.stderr.write(`dyna-zarr: warning: ${w}\n`);
    if (!options.quiet && ome) {
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      process.stdout.write(
        `wrote ${output}: OME-Zarr ${ome.zarrFormat === 2 ? '0.4' : '0.5'} image, Zarr v${ome.zarrFormat} ${ome.dtype}, `
        + `levels ${ome.levels.map((l) => formatShape(l.shape)).join(', ')}; `
        + `${report.chunksWritten} ${report.shards ? 'shards' : 'chunks'}, ${formatBytes(report.bytesWritten)} in ${seconds} s\n`,
      );
      for (const note of ome.notes) process.stdout.write(`note: ${note}\n`);
    } else if (!options.quiet) {
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      process.stdout.write(
        `wrote ${output}: Zarr v${report.zarrFormat} ${report.dtype} ${formatShape(report.shape)}, `
        + `chunks ${formatShape(report.chunks)}${report.shards ? `, shards ${formatShape(report.shards)}` : ''}; `
        + `${report.chunksWritten} ${report.shards ? 'shards' : 'chunks'}, ${formatBytes(report.bytesWritten)} in ${seconds} s\n`,
      );
    }
    return 0;
  } catch (err) {
    progress.stop();
    if (stoppedBy) {
      process.stderr.write(`dyna-zarr: ERR_ZARR_ABORTED: convert interrupted (${stoppedBy}); nothing was written\n`);
      return EXIT_ON_SIGNAL[stoppedBy];
    }
    throw err;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
