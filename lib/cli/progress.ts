/**
 * The progress bar of convert: drawn on stderr only when stderr is a
 * terminal (so pipes and logs stay clean), with region count, write rate and ETA.
 */
import cliProgress from 'cli-progress';
import { formatBytes } from './format';

export interface ProgressEvent {
  done: number;
  total: number;
  bytesWritten: number;
}

export interface ProgressReporter {
  update(p: ProgressEvent): void;
  stop(): void;
}

const SILENT: ProgressReporter = { update: () => undefined, stop: () => undefined };

export function createProgress(enabled: boolean): ProgressReporter {
  if (!enabled || !process.stderr.isTTY) return SILENT;
  const started = Date.now();
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: '{bar} {percentage}% | {value}/{total} regions | {written} at {rate}/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 20,
    fps: 10,
  }, cliProgress.Presets.shades_classic);
  let running = false;
  const payload = (bytes: number): Record<string, string> => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    return { written: formatBytes(bytes), rate: formatBytes(Math.round(bytes / seconds)) };
  };
  return {
    update(p) {
      if (!running) {
        bar.start(p.total, p.done, payload(p.bytesWritten));
        running = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, payload(p.bytesWritten));
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
