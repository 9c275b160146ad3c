// Run in a child process by test/worker-threads.test.ts. argv: lib, dir.
//
// Every thread of the engine pool is held by a main-thread job blocked on a
// FIFO chunk, so a worker's job can only queue. Terminating that worker must
// not wait for the pool (its job never started, so it touches no memory):
// terminate() resolves while the pool is still blocked. Then the FIFOs are
// fed; the queued job runs after its environment is gone, and must not
// crash the process; a last main-thread job must still work. Prints one
// JSON line.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const [lib, dir] = process.argv.slice(2);
const dz = require(lib);
const WORKER = path.join(__dirname, 'job-worker.js');
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

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

(async () => {
  fs.mkdirSync(dir, { recursive: true });
  const data = Float32Array.from({ length: 64 * 64 }, (_, k) => k);
  const input = path.join(dir, 'in.zarr');
  await dz.io.write(dz.fromArray(data, [64, 64]), input, { chunks: [32, 32] });
  const array = await dz.io.read(input);

  // Jobs ask for at most defaultThreads() threads, so the pool has exactly that many.
  const pool = require(path.join(path.dirname(lib), 'native.js')).native().defaultThreads();
  const fifo = path.join(dir, 'in.zarr', 'c', '0', '0');
  fs.rmSync(fifo);
  execFileSync('mkfifo', [fifo]);
  const blocked = [];
  for (let i = 0; i < pool; i++) blocked.push(array.compute({ threads: 1 }).then(() => 'resolved', (err) => err.code));
  for (let i = 0; i < 2000 && threadsOnFifo() < pool; i++) await delay(5);
  const poolBlocked = threadsOnFifo() === pool;

  const worker = new Worker(WORKER, { workerData: { mode: 'queued', lib } });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // unref: the pending 10 s timer must not keep this process alive.
  const waited = new Promise((r) => setTimeout(r, 10000).unref()).then(() => 'still waiting');
  const terminated = await Promise.race([worker.terminate().then(() => 'terminated'), waited]);

  // Release the pool: the worker's queued job now runs, its environment gone.
  let settled = false;
  const all = Promise.all(blocked).finally(() => (settled = true));
  while (!settled) {
    try {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch (err) {
      if (err.code !== 'ENXIO') throw err;
    }
    await delay(10);
  }
  const blockedOutcomes = await all;
  fs.rmSync(fifo);
  await dz.io.write(dz.fromArray(data, [64, 64]), path.join(dir, 'again.zarr'), { chunks: [32, 32] });
  const after = await (await dz.io.read(path.join(dir, 'again.zarr'))).compute();
  const afterMismatch = after.data.findIndex((v, k) => v !== data[k]);
  console.log(JSON.stringify({ pool, poolBlocked, terminated, blockedOutcomes: [...new Set(blockedOutcomes)], afterMismatch }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
