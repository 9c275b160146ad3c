// examples/multi-source.ts — combine several arrays lazily
import { io, operations } from 'dyna_zarr';

async function main(): Promise<void> {
  const arr1 = await io.read('input1.zarr');
  const arr2 = await io.read('input2.zarr');

  let result = operations.concatenate([arr1, arr2], 0);
  result = operations.clip(result, -1, 1);

  await io.write(result, 'concatenated_output.zarr', { zarrFormat: 3 });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
