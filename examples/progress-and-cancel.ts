// examples/progress-and-cancel.ts — progress reports, cancellation and error codes
import { io, isDynaZarrError } from 'dyna_zarr';

async function main(): Promise<void> {
  const arr = await io.read('large_array.zarr');

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000); // give up after a minute
  await io.write(arr, 'progress_output.zarr', {
    onProgress: ({ done, total }) => console.log(`region ${done}/${total}`),
    signal: controller.signal,
  });
  clearTimeout(timer);

  // Every failure is a DynaZarrError with a stable code
  try {
    await io.write(arr, 'progress_output.zarr');
  } catch (err) {
    if (isDynaZarrError(err, 'ERR_ZARR_EXISTS')) console.log(`${err.code}: ${err.message}`);
    else throw err;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
