// examples/ome-zarr.ts — a TIFF → multiscale OME-Zarr image, a filter, and reading a level back
import { io, ops, Codecs } from 'dyna_zarr';

async function main(): Promise<void> {
  const image = await io.read('image.tiff'); // 30 × 200 × 250 uint16

  // Levels 0..2 (z, y and x halved each time, a block mean), from one read of the source.
  await io.writeOmeZarr(image, 'image.ome.zarr', {
    levels: 3,
    chunks: [10, 64, 64],
    compressor: new Codecs({ compressor: 'zstd', clevel: 3 }),
  });

  // Any level opens like an array.
  const level1 = await io.read('image.ome.zarr', { level: 1 });
  console.log(`level 1: ${level1.shape.join(' × ')} ${level1.dtype}`);

  // Filters are lazy operations like any other: smooth, then write region by region.
  const smoothed = ops.gaussianFilter(image.astype('float32'), [0, 2, 2]);
  await io.write(smoothed, 'smoothed.zarr', { chunks: [10, 64, 64] });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
