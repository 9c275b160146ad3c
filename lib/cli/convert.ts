/**
 * `dyna-zarr convert <in> <out>`: io.read then one io.write. The write goes
 * to a hidden sibling folder that is renamed into place on success, so a
 * failure or Ctrl-C (which aborts io.write through its AbortSignal) leaves
 * the target as it was: absent, or the previous array with --overwrite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DynaZarrError, io, type Codecs, type DType } from '../index';
import { toLocalPath } from '../io/paths';
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
}

/** Exit status of a conversion stopped by SIGINT (128 + signal 2), as shells report it. */
export const EXIT_INTERRUPTED = 130;

function stagingPath(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.dyna-zarr-partial-${process.pid}`);
}

export async function runConvert(input: string, output: string, options: ConvertOptions): Promise<number> {
  const out = toLocalPath(output, 'output');
  if (fs.existsSync(out) && !options.overwrite) {
    throw new DynaZarrError('ERR_ZARR_EXISTS', `${output} already exists (use --overwrite to replace it)`);
  }
  const source = await io.read(input, options.array !== undefined ? { array: options.array } : undefined);
  const staging = stagingPath(out);
  fs.rmSync(staging, { recursive: true, force: true });

  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: the user does not want to wait for the workers to drain.
      fs.rmSync(staging, { recursive: true, force: true });
      process.exit(EXIT_INTERRUPTED);
    }
    controller.abort(new Error('interrupted (SIGINT)'));
  };
  process.on('SIGINT', onSigint);
  const progress = createProgress(!options.quiet);
  const started = Date.now();
  try {
    const report = await io.write(source, staging, {
      ...(options.zarrFormat !== undefined ? { zarrFormat: options.zarrFormat } : {}),
      ...(options.chunks !== undefined ? { chunks: options.chunks } : {}),
      ...(options.shards !== undefined ? { shardCoefficients: options.shards } : {}),
      ...(options.codec !== undefined ? { compressor: options.codec } : {}),
      ...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
      ...(options.regionSizeMb !== undefined ? { regionSizeMb: options.regionSizeMb } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      onProgress: (p) => progress.update(p),
      signal: controller.signal,
    });
    progress.stop();
    if (controller.signal.aborted) throw new DynaZarrError('ERR_ZARR_ABORTED', 'convert was interrupted (SIGINT)');
    if (fs.existsSync(out)) fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(staging, out);
    if (!options.quiet) {
      const written = await io.read(out);
      const r = report as unknown as Partial<Record<'regions' | 'chunksWritten' | 'bytesWritten', number>>;
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      process.stdout.write(
        `wrote ${output}: Zarr v${written.zarrFormat} ${written.dtype} ${formatShape(written.shape)}, `
        + `chunks ${formatShape(written.chunks)}${written.shards ? `, shards ${formatShape(written.shards)}` : ''}; `
        + `${r.chunksWritten ?? '?'} ${written.shards ? 'shards' : 'chunks'}, ${formatBytes(r.bytesWritten ?? 0)} in ${seconds} s\n`,
      );
    }
    return 0;
  } catch (err) {
    progress.stop();
    fs.rmSync(staging, { recursive: true, force: true });
    if (controller.signal.aborted) {
      process.stderr.write('dyna-zarr: ERR_ZARR_ABORTED: convert interrupted; nothing was written\n');
      return EXIT_INTERRUPTED;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
