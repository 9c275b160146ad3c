#!/usr/bin/env node
// Makes prebuilds/<platform>-<arch>/dyna_zarr.node (the node-gyp-build layout
// lib/job/native.ts loads first) from build/Release/dyna_zarr.node, once it is
// checked to be self-contained: on Linux it may need only the C runtime (and
// libcurl, which every distribution ships). Stripped of its symbol table.
// Run by `npm run build:prebuild` after a static build, and by `npm pack` (prepack).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'build', 'Release', 'dyna_zarr.node');
const target = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'dyna_zarr.node');
const ALLOWED = /^(libc\.so|libm\.so|libpthread\.so|libdl\.so|librt\.so|ld-linux[-\w]*\.so|libcurl\.so)/;

function fail(message) {
  console.error(`dyna_zarr prebuild: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(built)) fail(`${built} is missing: run npm run build:prebuild (a static build) first`);
if (process.platform === 'linux') {
  const dynamic = execFileSync('readelf', ['-d', built], { encoding: 'utf8' });
  const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
  const extra = needed.filter((lib) => !ALLOWED.test(lib));
  if (extra.length > 0) fail(`${built} needs ${extra.join(', ')}: not self-contained. Build it with static dependencies (npm run build:prebuild, DZ_STATIC_DEPS on)`);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
// Written beside the target and renamed: a process loading the addon while
// this runs sees the old file or the new one, never half of one.
const partial = `${target}.${process.pid}.partial`;
fs.copyFileSync(built, partial);
if (process.platform === 'linux') execFileSync('strip', ['--strip-unneeded', partial]);
fs.renameSync(partial, target);
console.error(`dyna_zarr prebuild: ${path.relative(root, target)} (${(fs.statSync(target).size / 1e6).toFixed(1)} MB)`);
