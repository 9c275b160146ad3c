'use strict';
/**
 * The bench's native tools (bench/native/*.cpp): compiled on the fly with the
 * system g++ against the system libraries, into bench/data/ (git-ignored),
 * rebuilt when the source is newer than the binary.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { BENCH } = require('./child');

/** bench/native/codec_bound.cpp → <dir>/codec_bound, linked with -lzstd. */
function buildCodecBound(dir) {
  const source = path.join(BENCH, 'native', 'codec_bound.cpp');
  const binary = path.join(dir, 'codec_bound');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(binary) || fs.statSync(binary).mtimeMs < fs.statSync(source).mtimeMs) {
    execFileSync(process.env.CXX_BENCH || 'g++', ['-O2', '-std=c++17', '-o', binary, source, '-lzstd'], { stdio: 'inherit' });
  }
  return binary;
}

/** Every chunk file of a Zarr v3 array (under its `c/` folder), sorted. */
function chunkFiles(array) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(array, 'c'));
  return files.sort();
}

module.exports = { buildCodecBound, chunkFiles };
