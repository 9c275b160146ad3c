'use strict';
/**
 * Benchmark inputs under bench/data/, generated once by bench/py/gen.py and
 * reused while their plan is unchanged. Each input has a <name>.meta.json with
 * its plan and the reference sha256 / sum of its values.
 */
const fs = require('node:fs');
const path = require('node:path');
const { BENCH, py } = require('./child');

const DATA = path.join(BENCH, 'data');

function dataPath(name) {
  return path.join(DATA, name);
}

async function ensure(name, command, plan, extraArgs = []) {
  fs.mkdirSync(DATA, { recursive: true });
  const target = dataPath(name);
  const metaFile = `${target}.meta.json`;
  const key = JSON.stringify({ command, plan, extraArgs });
  if (fs.existsSync(metaFile) && fs.existsSync(target)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    if (meta.key === key) return { path: target, ...meta.result };
  }
  process.stderr.write(`generating bench/data/${name} ...\n`);
  fs.rmSync(metaFile, { force: true });
  const args = command === 'shard' ? [dataPath(extraArgs[0]), target, JSON.stringify(plan)] : [target, JSON.stringify(plan)];
  const result = await py('gen.py', [command, ...args]);
  fs.writeFileSync(metaFile, JSON.stringify({ key, result }, null, 1));
  return { path: target, ...result };
}

/** Deletes benchmark outputs (not inputs) so disk use stays bounded. */
function removeOutput(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

module.exports = { DATA, dataPath, ensure, removeOutput };
