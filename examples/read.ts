// examples/read.ts — read TIFF, Zarr v2 and Zarr v3; compute all or a region
import { io } from 'dyna_zarr';

async function main(): Promise<void> {
  // A TIFF file (any extension: recognised by its magic bytes)
  const tiff = await io.read('image.tiff');
  console.log(tiff.shape, tiff.dtype); // [ 30, 200, 250 ] uint16

  // Zarr v2 and Zarr v3 (a folder with .zarray or zarr.json)
  const v2 = await io.read('array_v2.zarr');
  const v3 = await io.read('array_v3.zarr');
  console.log(v2.zarrFormat, v2.chunks, v3.zarrFormat, v3.codecs?.compressor);

  // Nothing is read until you compute: the whole array...
  const all = await v3.compute(); // { data: Uint16Array, shape, dtype }
  console.log(all.data.length);

  // ...or only the chunks under a region (NumPy-style selection)
  const region = await v3.get('10:20, 50:150, 100:200').compute();
  console.log(region.shape); // [ 10, 100, 100 ]
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
