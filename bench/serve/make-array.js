'use strict';
/**
 * The serving benchmark's input: a sharded 3-D uint16 Zarr v3 array, zstd,
 * inner chunks 1×256×256 in shards of 1×2048×2048 (64 inner chunks each),
 * written once by dyna_zarr from a lazy expression (a level per plane plus noise,
 * which zstd compresses to about 70%).
 *
 * usage: node bench/serve/make-array.js <path> <json {shape}>   → {seconds, bytes}
 */
const path = require('node:path');

const LIB = process.env.BENCH_LIB || path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
const { io, ops, Codecs } = require(LIB);

async function main() {
  const [dst, json] = process.argv.slice(2);
  const { shape } = JSON.parse(json);
  const t0 = process.hrtime.bigint();
  const chunks = [1, 256, 256];
  const noise = ops.random(shape, { dtype: 'float32', chunks, seed: 7 }).multiply(512);
  const z = ops.random([shape[0], 1, 1], { dtype: 'float32', seed: 3 }).multiply(20000);
  const values = noise.add(z).astype('uint16');
  await io.write(values, dst, {
    chunks, shardCoefficients: [1, 8, 8], compressor: new Codecs({ compressor: 'zstd', clevel: 3 }), overwrite: true,
  });
  console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, bytes: shape.reduce((a, b) => a * b, 2) }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
