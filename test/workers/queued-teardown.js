// Run in a child process by test/worker-threads.test.ts. argv: lib, dir.
//
// Every thread of the engine pool is held by a long main-thread write
// (long-write.js, one thread each, all reported progress and none finished),
// so a worker's job can only queue. Terminating that worker must not wait
// for the pool (its job never started, so it touches no memory): terminate()
// resolves while every one of those writes is still running. Then they are
// aborted; the queued job runs after its environment is gone, and must not
// crash the process; a last main-thread job must still work. Prints one
// JSON line.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { longWrite, chunksWritten } = require('./long-write');

const [lib, dir] = process.argv.slice(2);
const dz = require(lib);
const WORKER = path.join(__dirname, 'job-worker.js');
const BUSY_REGIONS = 4096;

(async () => {
  fs.mkdirSync(dir, { recursive: true });
  const data = Float32Array.from({ length: 64 * 64 }, (_, k) => k);

  // Jobs ask for at most defaultThreads() threads, so the pool has exactly that many.
  const pool = require(path.join(path.dirname(lib), 'job', 'native.js')).native().defaultThreads();
  const abort = new AbortController();
  const busy = [];
  for (let i = 0; i < pool; i++) {
    busy.push(longWrite(dz, path.join(dir, `busy-${i}`), { regions: BUSY_REGIONS, threads: 1, seed: i, signal: abort.signal }));
  }
  let settledCount = 0;
  for (const b of busy) b.settled.then(() => settledCount++);
  await Promise.all(busy.map((b) => b.running));
  const poolBlocked = settledCount === 0;

  const worker = new Worker(WORKER, { workerData: { mode: 'queued', lib } });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  // Had terminate() waited for the pool, a write would have had to end
  // first: all its chunks on disk (the engine writes them before it frees
  // the thread the queued job needs).
  const written = busy.map((_, i) => chunksWritten(path.join(dir, `busy-${i}`)));
  const terminated = written.every((n) => n < BUSY_REGIONS) ? 'terminated while the pool was busy' : `terminated after chunks ${written.join(', ')} of ${BUSY_REGIONS} were written`;

  // Release the pool: the worker's queued job now runs, its environment gone.
  abort.abort();
  const busyOutcomes = await Promise.all(busy.map((b) => b.settled));
  await dz.io.write(dz.fromArray(data, [64, 64]), path.join(dir, 'again.zarr'), { chunks: [32, 32] });
  const after = await (await dz.io.read(path.join(dir, 'again.zarr'))).compute();
  const afterMismatch = after.data.findIndex((v, k) => v !== data[k]);
  console.log(JSON.stringify({ pool, poolBlocked, terminated, busyOutcomes: [...new Set(busyOutcomes)], afterMismatch }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
