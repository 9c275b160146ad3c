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
const common = ['--directory', path.resolve(__dirname, '..')];
if (process.env.DZ_BUILD_DIR) common.push('--out', process.env.DZ_BUILD_DIR);
// Development and CI builds also build the C++ unit tests (DZ_BUILD_TESTS=0
// skips them); DZ_WERROR=1 (set by scripts/setup.sh under CI) makes warnings
// errors. Configured every time: `cmake-js build` alone would keep the
// options of the first configure.
const flag = (name, on) => `--CD${name}=${on ? 'ON' : 'OFF'}`;
const options = [flag('DZ_BUILD_TESTS', process.env.DZ_BUILD_TESTS !== '0'), flag('DZ_WERROR', process.env.DZ_WERROR === '1')];
try {
  execFileSync(process.execPath, [cmakeJs, 'configure', ...common, ...options], { stdio: 'inherit', env });
  execFileSync(process.execPath, [cmakeJs, 'build', ...common, ...options, '--parallel', jobs], { stdio: 'inherit', env });
} catch {
  process.exit(1);
}
