// examples/sharding.ts — Zarr v3 sharding: many small chunks in few files
import { io } from 'dyna_zarr';

async function main(): Promise<void> {
  const arr = await io.read('large_array.zarr');

  await io.write(arr, 'sharded_output.zarr', {
    chunks: [16, 16, 16], // inner chunk shape
    shardCoefficients: [4, 4, 4], // shard = 4 × chunks along each axis
    zarrFormat: 3,
  });

  const sharded = await io.read('sharded_output.zarr');
  console.log(sharded.chunks, sharded.shards); // [ 16, 16, 16 ] [ 64, 64, 64 ]
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
