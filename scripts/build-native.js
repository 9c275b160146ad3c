#!/usr/bin/env node
// Builds the addon with cmake-js, offline: Node's headers come from the
// machine (/usr/include/node), never from a download.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const env = { ...process.env };
if (!env.npm_config_nodedir) {
  const candidates = [path.dirname(path.dirname(process.execPath)), '/usr', '/usr/local'];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')));
  if (!found) {
    console.error('dyna_zarr: Node headers not found (include/node/node_api.h). Install nodejs headers (Debian: libnode-dev) or set npm_config_nodedir.');
    process.exit(1);
  }
  env.npm_config_nodedir = found;
}
const jobs = String(Math.max(1, require('node:os').availableParallelism()));
const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
const args = [cmakeJs, 'build', '--directory', path.resolve(__dirname, '..'), '--parallel', jobs];
if (process.env.DZ_BUILD_DIR) args.push('--out', process.env.DZ_BUILD_DIR);
try {
  execFileSync(process.execPath, args, { stdio: 'inherit', env });
} catch {
  process.exit(1);
}
