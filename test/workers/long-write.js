// A write that keeps the engine busy for a long but finite time (tens of
// seconds per thread: every region sums 1024 random planes), so that a test
// can tear things down while it is certainly running. "Running" is proven by
// the job itself: an onProgress event with done < total comes only after a
// region finished and before the last one did. Its sources include a
// JavaScript buffer (fromArray), which the engine reads in every region.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const PLANES = 1024;
const ROWS_PER_CHUNK = 4;
const COLS = 256;

/**
 * Starts io.write of a long job with `regions` regions (one output chunk
 * each) to `folder`/out.zarr. Returns { running, settled, total, last }:
 * `running` resolves at the first progress event with done < total (rejects
 * if the job settles first), `settled` to 'resolved' or the error code,
 * `last()` the last progress event heard.
 */
function longWrite(dz, folder, { regions, threads, signal, seed = 1 }) {
  const out = path.join(folder, 'out.zarr');
  const rows = regions * ROWS_PER_CHUNK;
  const noise = dz.ops.random([PLANES, rows, COLS], { seed, chunks: [PLANES, ROWS_PER_CHUNK, COLS] });
  const row = dz.fromArray(Float32Array.from({ length: COLS }, (_, k) => k), [COLS]);
  let last = null;
  let markRunning;
  const running = new Promise((resolve) => (markRunning = resolve));
  const onProgress = (p) => {
    last = p;
    if (p.done < p.total) markRunning(p);
  };
  const settled = dz.io
    .write(dz.ops.add(dz.ops.sum(noise, 0), row), out, { chunks: [ROWS_PER_CHUNK, COLS], regionSizeMb: 1, threads, signal, onProgress })
    .then(() => 'resolved', (err) => err.code);
  return {
    running: Promise.race([running, settled.then((o) => Promise.reject(new Error(`${out}: the long write settled (${o}) before it reported progress`)))]),
    settled,
    total: regions,
    last: () => last,
  };
}

/**
 * Chunks the long write into `folder` has put on disk so far, in its staging
 * folder or, once finished, its target. The engine writes every chunk before
 * its job can end, so this count sees the native job itself, even where no
 * JavaScript of its environment runs any more.
 */
function chunksWritten(folder) {
  let n = 0;
  for (const entry of fs.readdirSync(folder)) {
    const grid = path.join(folder, entry, 'c');
    if (fs.existsSync(grid)) n += fs.readdirSync(grid).length;
  }
  return n;
}

module.exports = { longWrite, chunksWritten };
