#!/usr/bin/env node
// npm's install step for dyna_zarr. Nothing to do when the prebuilt addon for
// this platform loads (prebuilds/<platform>-<arch>/, see lib/job/native.ts).
// Otherwise (another platform, an older C library, or
// DYNA_ZARR_BUILD_FROM_SOURCE=1) the addon is built from source with cmake-js
// against the system's shared libraries, once the tools and libraries are
// checked to be there: when some are not, one message names the packages.
// A git checkout builds with `npm run build` instead.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const platform = `${process.platform}-${process.arch}`;
const prebuild = path.join(root, 'prebuilds', platform, 'dyna_zarr.node');
const built = path.join(root, 'build', 'Release', 'dyna_zarr.node');

// What CMakeLists.txt needs: pkg-config modules, and headers without a .pc file.
const PKG_CONFIG_MODULES = ['blosc', 'libzstd', 'liblz4', 'zlib', 'libtiff-4', 'libcurl'];
const HEADERS = ['bzlib.h', 'nlohmann/json.hpp'];
const PACKAGES = {
  'Debian/Ubuntu': 'sudo apt-get install -y build-essential cmake pkg-config libblosc-dev libzstd-dev liblz4-dev zlib1g-dev libbz2-dev libtiff-dev nlohmann-json3-dev libcurl4-openssl-dev',
  'Fedora/RHEL': 'sudo dnf install -y gcc-c++ make cmake pkgconf-pkg-config blosc-devel libzstd-devel lz4-devel zlib-devel bzip2-devel libtiff-devel json-devel libcurl-devel',
  macOS: 'xcode-select --install; brew install cmake pkg-config c-blosc zstd lz4 libtiff nlohmann-json curl',
};

/** Why the addon at `file` does not load here, or null when it does. */
function loadError(file) {
  if (!fs.existsSync(file)) return 'not found';
  try {
    return typeof require(file).run === 'function' ? null : 'not a dyna_zarr addon';
  } catch (e) {
    return String(e.message).split('\n')[0];
  }
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { ok: !r.error && r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** What is missing to build from source: one phrase per missing thing. */
function missingForBuild() {
  const missing = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 17)) missing.push(`Node >= 20.17 for cmake-js (this is ${process.versions.node})`);
  const cmake = run('cmake', ['--version']);
  const cmakeVersion = /cmake version (\d+)\.(\d+)/.exec(cmake.out);
  if (!cmake.ok || !cmakeVersion) missing.push('cmake (>= 3.20)');
  else if (Number(cmakeVersion[1]) < 3 || (Number(cmakeVersion[1]) === 3 && Number(cmakeVersion[2]) < 20)) missing.push(`cmake >= 3.20 (found ${cmakeVersion[0]})`);
  // CXX may carry a launcher or flags ("ccache g++"), as CMake allows.
  const [cxx, ...cxxArgs] = (process.env.CXX || 'c++').trim().split(/\s+/);
  const compiler = run(cxx, [...cxxArgs, '--version']).ok;
  if (!compiler) missing.push(`a C++20 compiler (${cxx})`);
  let cflags = [];
  if (!run('pkg-config', ['--version']).ok) {
    missing.push('pkg-config');
  } else {
    const absent = PKG_CONFIG_MODULES.filter((m) => !run('pkg-config', ['--exists', m]).ok);
    if (absent.length > 0) missing.push(`the libraries ${absent.join(', ')} (pkg-config modules)`);
    const flags = run('pkg-config', ['--cflags', ...PKG_CONFIG_MODULES.filter((m) => !absent.includes(m))]);
    if (flags.ok) cflags = flags.out.trim().split(/\s+/).filter(Boolean);
  }
  if (compiler) {
    // One compile: C++20 support and the headers CMakeLists.txt looks for.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyna-zarr-check-'));
    const source = path.join(dir, 'check.cpp');
    fs.writeFileSync(source, [...HEADERS.map((h) => `#include <${h}>`), '#include <span>', 'int main() { std::span<int> s; return static_cast<int>(s.size()); }', ''].join('\n'));
    const compiled = run(cxx, [...cxxArgs, '-std=c++20', '-fsyntax-only', ...cflags, source]);
    fs.rmSync(dir, { recursive: true, force: true });
    if (!compiled.ok) {
      const headers = HEADERS.filter((h) => compiled.out.includes(h));
      missing.push(headers.length > 0 ? `the headers ${headers.join(', ')}` : `C++20 support in ${cxx}`);
    }
  }
  return missing;
}

function fail(message) {
  console.error(`\ndyna_zarr: ${message}\n`);
  process.exit(1);
}

if (fs.existsSync(path.join(root, '.git'))) process.exit(0);
const forced = process.env.DYNA_ZARR_BUILD_FROM_SOURCE === '1';
const why = forced ? 'DYNA_ZARR_BUILD_FROM_SOURCE=1' : loadError(prebuild);
if (why === null) process.exit(0);

console.error(`dyna_zarr: building the native addon from source (prebuild for ${platform}: ${why})`);
const missing = missingForBuild();
if (missing.length > 0) {
  const lines = Object.entries(PACKAGES).map(([system, command]) => `  ${system}: ${command}`);
  fail(`no prebuilt addon loads on ${platform} (${why}), and building one from source needs ${missing.join('; ')}.\n` +
    `Install the build tools and libraries, then run \`npm rebuild dyna_zarr\`:\n${lines.join('\n')}`);
}
// Shared system libraries (DZ_STATIC_DEPS=0): built here, for here.
const env = { ...process.env, DZ_STATIC_DEPS: '0', DZ_BUILD_TESTS: '0', DZ_WERROR: '0' };
delete env.DZ_BUILD_DIR;
const build = spawnSync(process.execPath, [path.join(__dirname, 'build-native.js')], { stdio: 'inherit', env });
if (build.status !== 0) fail('building the native addon from source failed: the compiler or CMake output above says why.');
const after = loadError(built);
if (after !== null) fail(`the addon built from source (${built}) does not load: ${after}`);
// Keep the addon, drop the object files (tens of MB).
for (const entry of fs.readdirSync(path.join(root, 'build'))) {
  if (entry !== 'Release') fs.rmSync(path.join(root, 'build', entry), { recursive: true, force: true });
}
