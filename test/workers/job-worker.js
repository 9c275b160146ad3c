// A worker_threads body for test/worker-threads.test.ts; workerData says what
// to do (plain JavaScript: a worker does not go through ts-jest).
//   load:      load the addon over and over, so that worker.terminate() lands
//              while the addon registers itself.
//   jobs:      start a long compute, then two long writes (long-write.js)
//              into outputs/w0 and outputs/w1; post 'started' once both writes
//              reported progress (running, not finished), then call
//              process.exit(3) when told 'exit' (or wait for worker.terminate()).
//   queued:    start one job on an in-memory array (no file I/O left in
//              JavaScript), post 'started' and wait to be terminated.
//   compute:   run every job of JOBS at once, `repeat` times over, plus a write
//              of mixAB to `output`; post { results: { NAME: [NdArray...] } }.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

const path = require('node:path');
const { longWrite } = require('./long-write');

const { mode, lib, addon, outputs, output } = workerData;

async function startJobs(dz) {
  // Submitted first: the pool takes tasks in order, so this job's slot has
  // started before the writes' slots run (its 16 MB result buffer is written
  // by the engine, as the writes read their fromArray row).
  const planes = dz.ops.random([1024, 4096 * 4, 256], { seed: 7, chunks: [1024, 4, 256] });
  dz.ops.sqrt(dz.ops.sum(planes, 0)).compute({ threads: 1, regionSizeMb: 1 }).catch(() => {});
  const writes = [0, 1].map((k) => longWrite(dz, path.join(outputs, `w${k}`), { regions: 4096, threads: 1, seed: k }));
  await Promise.all(writes.map((w) => w.running));
}

// The jobs of test/oracle/worker_jobs.py, by name.
const JOBS = {
  sqrtAbsA: (dz, a) => dz.ops.sqrt(dz.ops.abs(a)),
  mixAB: (dz, a, b) => dz.ops.add(dz.ops.multiply(a.get('100:300, 0:250'), 2), b),
  sumA0: (dz, a) => dz.ops.sum(a, 0),
  meanA1: (dz, a) => dz.ops.mean(a, 1),
  flipB: (dz, a, b) => b.get('::-1, 10:200:3'),
};

async function computeAll(dz) {
  const [a, b] = await Promise.all([dz.io.read(workerData.a), dz.io.read(workerData.b)]);
  const running = [];
  for (let r = 0; r < workerData.repeat; r++) {
    for (const [name, build] of Object.entries(JOBS)) {
      running.push(build(dz, a, b).compute({ threads: 2 }).then((nd) => [name, nd]));
    }
  }
  const write = dz.io.write(JOBS.mixAB(dz, a, b), output, { chunks: [64, 64] });
  const results = {};
  for (const [name, nd] of await Promise.all(running)) (results[name] ??= []).push(nd);
  await write;
  return results;
}

if (mode === 'load') {
  for (let i = 0; i < 2000; i++) process.dlopen({ exports: {} }, addon);
  parentPort.postMessage('loaded');
} else if (mode === 'jobs') {
  parentPort.on('message', (m) => m === 'exit' && process.exit(3));
  startJobs(require(lib)).then(
    () => parentPort.postMessage('started'),
    (err) => parentPort.postMessage({ error: String(err && err.stack) }),
  );
} else if (mode === 'queued') {
  const dz = require(lib);
  dz.ops.sqrt(dz.fromArray(new Float64Array(1 << 20).fill(4), [1024, 1024])).compute({ threads: 1 }).catch(() => {});
  parentPort.postMessage('started');
} else if (mode === 'compute') {
  computeAll(require(lib)).then(
    (results) => parentPort.postMessage({ results }),
    (err) => parentPort.postMessage({ error: String(err && err.stack) }),
  );
}
