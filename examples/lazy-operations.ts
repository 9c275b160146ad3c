// examples/lazy-operations.ts — chain lazy operations, then write or compute
import { io, operations } from 'dyna_zarr';

async function main(): Promise<void> {
  const arr = await io.read('input.zarr');

  // Each call returns a new lazy array: nothing is computed yet
  let result = operations.abs(arr);
  result = operations.clip(result, 0, 1);
  result = operations.sqrt(result);

  // Region-wise execution on the native thread pool
  await io.write(result, 'output.zarr', { zarrFormat: 3 });

  // Or materialise it in memory
  const finalData = await result.compute();
  console.log(finalData.dtype, finalData.shape);

  // Fluent forms and reductions work too
  console.log(await arr.abs().max());
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
