#!/usr/bin/env node
// Builds the addon with cmake-js, offline: package.json's binary.napi_versions
// makes cmake-js compile against the node-api-headers package (a dependency
// of cmake-js), so no Node headers are needed or downloaded.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const jobs = String(Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length));
const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
const common = ['--directory', root];
if (process.env.DZ_BUILD_DIR) common.push('--out', process.env.DZ_BUILD_DIR);
// Development and CI builds also build the C++ unit tests (DZ_BUILD_TESTS=0
// skips them); DZ_WERROR=1 (set by scripts/setup.sh under CI) makes warnings
// errors; DZ_STATIC_DEPS=0 links the codec libraries as shared libraries
// (the source fallback of scripts/install.js). Configured every time:
// `cmake-js build` alone would keep the options of the first configure.
const flag = (name, on) => `--CD${name}=${on ? 'ON' : 'OFF'}`;
const options = [
  flag('DZ_BUILD_TESTS', process.env.DZ_BUILD_TESTS !== '0'),
  flag('DZ_WERROR', process.env.DZ_WERROR === '1'),
  flag('DZ_STATIC_DEPS', process.env.DZ_STATIC_DEPS !== '0'),
];
try {
  execFileSync(process.execPath, [cmakeJs, 'configure', ...common, ...options], { stdio: 'inherit' });
  execFileSync(process.execPath, [cmakeJs, 'build', ...common, ...options, '--parallel', jobs], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
// The addon loader prefers prebuilds/ to build/: a prebuild left from before
// this build is stale (npm pack makes a new one: scripts/prebuild.js).
if (!process.env.DZ_BUILD_DIR) {
  fs.rmSync(path.join(root, 'prebuilds', `${process.platform}-${process.arch}`), { recursive: true, force: true });
}
