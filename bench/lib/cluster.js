'use strict';
/**
 * A cluster on this machine for bench/run.js cluster: a redis-server on a
 * free loopback port (no persistence) and, for each [queue, n] asked for, n
 * `dyna-zarr worker` processes on that queue with one engine thread each;
 * stop() ends them by PID.
 */
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { ROOT } = require('./child');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const exited = (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));

/** Resolves once `child` prints a line starting with `prefix` (rejects if it exits first). */
function printed(child, prefix) {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (b) => {
      text += b.toString('utf8');
      if (text.split('\n').some((l) => l.startsWith(prefix))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before "${prefix}"`)));
  });
}

/** Waits (at most 10 s) until something accepts connections on the port. */
async function accepting(port) {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function startCluster(setups) {
  const port = await freePort();
  const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  await accepting(port);
  const url = `redis://127.0.0.1:${port}`;
  const bin = path.join(ROOT, 'bin', 'dyna-zarr.js');
  const procs = [];
  for (const [queue, workers] of setups) {
    for (let i = 0; i < workers; i++) {
      procs.push(spawn(process.execPath, [bin, 'worker', '--cluster', url, '--queue', queue, '--threads', '1'], { stdio: ['ignore', 'pipe', 'inherit'] }));
    }
  }
  await Promise.all(procs.map((p) => printed(p, 'worker: connected')));
  return {
    url,
    async stop() {
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map(exited));
      redis.kill('SIGTERM');
      await exited(redis);
    },
  };
}

module.exports = { startCluster };
