// examples/region-size.ts — bound the memory of a conversion
import { io } from 'dyna_zarr';

async function main(): Promise<void> {
  const arr = await io.read('large_array.zarr');

  // Process regions of about 64 MB (inputs, intermediates and output together),
  // at most `threads` of them at a time
  await io.write(arr, 'regions_output.zarr', { regionSizeMb: 64, threads: 2 });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
