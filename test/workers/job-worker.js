// A worker_threads body for test/worker-threads.test.ts; workerData says what
// to do (plain JavaScript: a worker does not go through ts-jest).
//   load:      load the addon over and over, so that worker.terminate() lands
//              while the addon registers itself.
//   jobs:      start three reads of `input`, and a read and a write of
//              `blocked`, whose chunk c/0/0 is a FIFO (those two jobs block
//              there until the supervisor feeds it); post 'started', then call
//              process.exit(3) when told 'exit' (or wait for worker.terminate()).
//   compute:   run workerData.jobs (lib/ calls by name) and post the results.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

const { mode, lib, addon, input, blocked, output } = workerData;

async function startJobs(dz) {
  const a = await dz.io.read(input);
  for (let i = 0; i < 3; i++) dz.ops.sqrt(dz.ops.abs(a)).compute({ threads: 2 }).catch(() => {});
  // threads: 6 grows the shared pool past the threads the FIFO jobs block.
  const b = await dz.io.read(blocked);
  b.compute({ threads: 6 }).catch(() => {});
  dz.io.write(b, output, { threads: 6 }).catch(() => {});
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
}
