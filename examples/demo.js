#!/usr/bin/env node
// The demo behind `npm run demo`: the library's main job on a small input.
// 1. write an in-memory volume as a Zarr v2 array (blosc),
// 2. convert it lazily to a sharded, zstd-compressed Zarr v3 array with a
//    fused operation chain, region by region on the native thread pool,
// 3. read the result back and check every value.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { io, ops, fromArray, Codecs } = require('dyna_zarr');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dyna-zarr-demo-'));
  const shape = [64, 256, 256];
  const data = new Uint16Array(shape[0] * shape[1] * shape[2]).map((_, i) => (i * 7919) % 4096);

  const v2 = path.join(dir, 'input_v2.zarr');
  await io.write(fromArray(data, shape), v2, {
    zarrFormat: 2, chunks: [16, 128, 128], compressor: new Codecs({ compressor: 'blosc', cname: 'lz4' }),
  });
  const input = await io.read(v2);
  console.log(`wrote ${v2}: Zarr v${input.zarrFormat} ${input.dtype} [${input.shape}] chunks [${input.chunks}]`);

  // Lazy: nothing is read until io.write runs the whole chain natively.
  const scaled = ops.sqrt(ops.clip(input, 100, 4000));
  const v3 = path.join(dir, 'sharded_v3.zarr');
  const report = await io.write(scaled, v3, {
    chunks: [16, 64, 64], shardCoefficients: [2, 2, 2],
    compressor: new Codecs({ compressor: 'zstd', clevel: 3 }), regionSizeMb: 8,
    onProgress: ({ done, total }) => process.stdout.write(`\r  regions ${done}/${total}`),
  });
  console.log(`\nwrote ${v3}: ${report.dtype} [${report.shape}] chunks [${report.chunks}] shards [${report.shards}], ` +
    `${report.chunksWritten} shard files, ${(report.bytesWritten / 2 ** 20).toFixed(1)} MiB in ${report.elapsedMs.toFixed(0)} ms`);

  const back = await (await io.read(v3)).compute();
  let equal = back.data.length === data.length;
  for (let i = 0; equal && i < data.length; i++) {
    equal = back.data[i] === Math.fround(Math.sqrt(Math.min(Math.max(data[i], 100), 4000)));
  }
  console.log(`read back ${back.dtype} [${back.shape}]; values equal: ${equal}`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (!equal) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
