'use strict';
/**
 * Runs one benchmark task in its own process (so its peak RSS is its own) and
 * parses the JSON object it prints as its last stdout line.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BENCH = path.join(ROOT, 'bench');
const PYTHON = [process.env.DZ_PYTHON, path.join(ROOT, '.venv', 'bin', 'python'), '/tmp/venvtest/bin/python']
  .find((p) => p && fs.existsSync(p));

function run(cmd, args, { timeoutMs = 3 * 3600e3, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: BENCH,
      env: { ...process.env, PYTHONWARNINGS: 'ignore', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const last = stdout.trim().split('\n').pop() || '';
      let parsed = null;
      try { parsed = JSON.parse(last); } catch { /* reported below */ }
      if (code === 0 && parsed) return resolve(parsed);
      const why = signal ? `killed by ${signal}` : `exit ${code}`;
      reject(new Error(`${path.basename(args[0])} ${args[1] || ''} (${why}): ${(stderr || stdout).trim().slice(-1500)}`));
    });
  });
}

/** `python bench/py/<script> ...args` */
function py(script, args, opts) {
  if (!PYTHON) throw new Error('no Python found: create /work/main/.venv (scripts/setup.sh) or set DZ_PYTHON');
  return run(PYTHON, [path.join('py', script), ...args], opts);
}

/** `node bench/ours.js <task> <json>` */
function ours(task, args, opts) {
  return run(process.execPath, ['ours.js', task, JSON.stringify(args)], opts);
}

/** `python bench/py/peers.py <task> <json>` */
function peer(task, args, opts) {
  return py('peers.py', [task, JSON.stringify(args)], opts);
}

/** 1-minute load average, rounded. */
function load() {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

module.exports = { ROOT, BENCH, PYTHON, run, py, ours, peer, load };
