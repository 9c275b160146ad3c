// Run in a child process by test/worker-threads.test.ts, so that a crash fails
// the test instead of killing jest. argv: lib (transpiled index.js), addon, dir.
//
// Workers die with jobs in flight (worker.terminate(), process.exit() in the
// worker) or while the addon registers. Each worker runs a long compute and
// two long writes (long-write.js) and dies only once both writes reported
// progress: by then its JavaScript is idle (Node itself can abort when a
// worker is terminated inside an fs.promises call). After the worker is gone,
// each write's staging folder must hold some but not all of its chunks (the
// job was running when its environment went away) and no more chunks appear
// while the pool goes on serving a main-thread job (the teardown stopped it). A main-thread write spans every round and must
// keep progressing through them; afterwards a new main-thread job must still
// compute the right values. Prints one JSON line.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { longWrite, chunksWritten } = require('./long-write');

const [lib, addon, dir] = process.argv.slice(2);
const dz = require(lib);
const WORKER = path.join(__dirname, 'job-worker.js');
const SHAPE = [512, 512];
const WRITE_REGIONS = 4096;  // of each worker's writes (job-worker.js)

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function watch(worker) {
  const failed = new Promise((_, reject) => {
    worker.on('error', reject);
    worker.on('message', (m) => m && m.error && reject(new Error(m.error)));
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  return { failed, exited, next: (event) => Promise.race([failed, new Promise((r) => worker.once(event, r))]) };
}

/** Resolves once the main write has done `regions` more regions: the pool kept running meanwhile. */
async function poolRan(during, regions) {
  const target = during.last().done + regions;
  while (during.last().done < target) await delay(20);
}

async function round(i, mode, during) {
  if (mode === 'load') {
    const worker = new Worker(WORKER, { workerData: { mode, addon } });
    const w = watch(worker);
    await w.next('online');
    await delay(i % 5);  // a different point of the registration loop each round
    await worker.terminate();
    return 'terminated while loading';
  }
  const outputs = path.join(dir, `round-${i}`);
  const worker = new Worker(WORKER, { workerData: { mode: 'jobs', lib, outputs } });
  const w = watch(worker);
  await w.next('message');
  if (mode === 'terminate') worker.terminate();
  else worker.postMessage('exit');
  const code = await Promise.race([w.exited, w.failed]);
  const folders = [0, 1].map((k) => path.join(outputs, `w${k}`));
  const left = folders.map(chunksWritten);
  for (const [k, n] of left.entries()) {
    if (!(n > 0 && n < WRITE_REGIONS)) throw new Error(`round ${i}: write ${k} was not running when its worker died (${n} of ${WRITE_REGIONS} chunks)`);
  }
  // Stopped, not left running on the pool: no chunk more while the pool
  // serves the main write for a while.
  await poolRan(during, 20);
  const later = folders.map(chunksWritten);
  if (later.join() !== left.join()) throw new Error(`round ${i}: the dead worker's writes went on (${left} chunks, then ${later})`);
  return `${mode} with jobs running (exit code ${code})`;
}

(async () => {
  fs.mkdirSync(dir, { recursive: true });
  const data = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, k) => ((k * 7) % 1001) - 500);
  const input = path.join(dir, 'in.zarr');
  // threads: 4 grows the shared pool to four threads, so the main write
  // below and a worker's three jobs all run at once.
  await dz.io.write(dz.fromArray(data, SHAPE), input, { chunks: [64, 64], threads: 4 });

  // Spans every round; aborted at the end (it would run for minutes).
  const abort = new AbortController();
  const during = longWrite(dz, path.join(dir, 'during'), { regions: 16384, threads: 1, signal: abort.signal });
  let duringSettled = false;
  during.settled.then(() => (duringSettled = true));
  const doneBefore = (await during.running).done;

  const outcomes = {};
  for (let i = 0; i < 20; i++) {
    const outcome = await round(i, ['terminate', 'exit', 'load'][i % 3], during);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  // The main write was still running after the last round, and progressed
  // while the workers died.
  const duringRanThrough = !duringSettled && during.last().done > doneBefore;
  abort.abort();
  const duringOutcome = await during.settled;
  const after = await dz.ops.sqrt(dz.ops.abs(await dz.io.read(input))).compute();
  const afterMismatch = after.data.findIndex((v, k) => v !== Math.fround(Math.sqrt(Math.abs(data[k]))));
  console.log(JSON.stringify({ outcomes, duringRanThrough, duringOutcome, afterMismatch }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
