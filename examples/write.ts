// examples/write.ts — write Zarr v3 / v2 with chunks, compression and a dtype cast
import { io, Codecs } from 'dyna_zarr';

async function main(): Promise<void> {
  const arr = await io.read('image.tiff');

  await io.write(arr, 'output_v3.zarr', { zarrFormat: 3 });
  await io.write(arr, 'output_v2.zarr', { zarrFormat: 2 });

  // Custom chunks
  await io.write(arr, 'chunked.zarr', { chunks: [16, 64, 64], zarrFormat: 3 });

  // Compression
  const codecs = new Codecs({ compressor: 'zstd', clevel: 5 });
  await io.write(arr, 'compressed.zarr', { compressor: codecs, zarrFormat: 3 });

  // Cast while writing
  await io.write(arr, 'float32.zarr', { dtype: 'float32', zarrFormat: 3 });

  // Replace an existing array (otherwise: ERR_ZARR_EXISTS)
  await io.write(arr, 'output_v3.zarr', { overwrite: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
