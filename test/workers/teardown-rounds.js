// Run in a child process by test/worker-threads.test.ts, so that a crash fails
// the test instead of killing jest. argv: lib (transpiled index.js), addon, dir.
//
// Workers die with jobs in flight (worker.terminate(), process.exit() in the
// worker) or while the addon registers. Besides big reads, two jobs of each
// worker read an array one of whose chunks is a FIFO: an engine thread blocks
// opening it (seen in /proc as a thread waiting in wait_for_partner) and the
// job cannot end before this script opens the FIFO for writing, which it does
// only once the worker is gone (or, when the teardown waits for the blocked
// jobs, after a grace period) — so those jobs end after their environment
// was told to go away. The worker dies only once both jobs are blocked: by
// then its JavaScript is idle (Node itself can abort when a worker is
// terminated inside an fs.promises call). A main-thread job blocked on its own
// FIFO spans all rounds; afterwards a new main-thread job must still work.
// Prints one JSON line.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const [lib, addon, dir] = process.argv.slice(2);
const dz = require(lib);
const WORKER = path.join(__dirname, 'job-worker.js');
const SHAPE = [512, 512];

const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const fifos = new Set();  // feeders of the FIFOs jobs may still wait on

/**
 * A copy of the array at `src` whose chunk c/0/0 is a FIFO. feedUntil(p)
 * releases its readers, again and again (a job may reach the FIFO later)
 * until p settles.
 */
function arrayWithFifo(src, name) {
  const dst = path.join(dir, name);
  fs.cpSync(src, dst, { recursive: true });
  const fifo = path.join(dst, 'c', '0', '0');
  fs.rmSync(fifo);
  execFileSync('mkfifo', [fifo]);
  // Opening for writing releases the readers waiting to open it; each then
  // sees a non-regular file: ERR_ZARR_IO, and its job ends.
  const feed = () => {
    try {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch (err) {
      if (err.code !== 'ENXIO') throw err;  // no reader waiting right now
    }
  };
  fifos.add(feed);
  const feedUntil = async (settled) => {
    let done = false;
    settled.then(() => (done = true), () => (done = true));
    while (!done) {
      feed();
      await delay(10);
    }
    fifos.delete(feed);
    return settled;
  };
  return { path: dst, feedUntil };
}

/** How many threads of this process are blocked opening a FIFO. */
function threadsOnFifo() {
  let n = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      if (fs.readFileSync(`/proc/self/task/${tid}/wchan`, 'utf8').includes('wait_for_partner')) n++;
    } catch {
      // the thread ended meanwhile
    }
  }
  return n;
}

async function untilFifoReaders(n) {
  for (let i = 0; i < 2000; i++) {
    if (threadsOnFifo() >= n) return true;
    await delay(5);
  }
  return false;
}

function watch(worker) {
  const failed = new Promise((_, reject) => {
    worker.on('error', reject);
    worker.on('message', (m) => m && m.error && reject(new Error(m.error)));
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  return { failed, exited, next: (event) => Promise.race([failed, new Promise((r) => worker.once(event, r))]) };
}

async function round(i, mode, input, big) {
  if (mode === 'load') {
    const worker = new Worker(WORKER, { workerData: { mode, addon } });
    const w = watch(worker);
    await w.next('online');
    await delay(i % 5);  // a different point of the registration loop each round
    await worker.terminate();
    return 'terminated while loading';
  }
  const src = arrayWithFifo(input, `in-${i}.zarr`);
  const baseline = threadsOnFifo();
  const workerData = { mode: 'jobs', lib, input: big, blocked: src.path, output: path.join(dir, `out-${i}.zarr`) };
  const worker = new Worker(WORKER, { workerData });
  const w = watch(worker);
  await w.next('message');
  if (!(await untilFifoReaders(baseline + 2))) throw new Error(`round ${i}: the jobs did not reach the FIFO`);
  if (mode === 'terminate') worker.terminate();
  else worker.postMessage('exit');
  // Feed the FIFO once the worker is gone, or after a grace period when its
  // teardown waits for the blocked jobs (the fix); either way the jobs end
  // after the environment was told to go away.
  await Promise.race([w.exited, w.failed, delay(300)]);
  const code = await src.feedUntil(Promise.race([w.exited, w.failed]));
  return `${mode} with jobs blocked (exit code ${code})`;
}

(async () => {
  fs.mkdirSync(dir, { recursive: true });
  const data = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, k) => ((k * 7) % 1001) - 500);
  const input = path.join(dir, 'in.zarr');
  await dz.io.write(dz.fromArray(data, SHAPE), input, { chunks: [64, 64] });
  const big = path.join(dir, 'big.zarr');
  await dz.io.write(dz.ops.tile(dz.fromArray(data, SHAPE), [4, 4]), big, { chunks: [256, 256] });

  // Spans every round: blocked on its FIFO until the end.
  const mainFifo = arrayWithFifo(input, 'in-main.zarr');
  const during = (await dz.io.read(mainFifo.path)).compute({ threads: 2 }).then(
    () => 'resolved',
    (err) => err.code,
  );

  const outcomes = {};
  for (let i = 0; i < 20; i++) {
    const outcome = await round(i, ['terminate', 'exit', 'load'][i % 3], input, big);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  const duringOutcome = await mainFifo.feedUntil(during);
  const after = await dz.ops.sqrt(dz.ops.abs(await dz.io.read(input))).compute();
  const afterMismatch = after.data.findIndex((v, k) => v !== Math.fround(Math.sqrt(Math.abs(data[k]))));
  console.log(JSON.stringify({ outcomes, duringOutcome, afterMismatch }));
})().catch((err) => {
  console.error(err);
  // Release every blocked job first: exiting waits for the workers.
  for (const feed of fifos) feed();
  process.exit(1);
});
