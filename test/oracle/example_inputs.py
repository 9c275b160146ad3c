"""Writes the inputs the README examples open, into the folder given on argv.

Files: image.tiff (tifffile), array_v2.zarr / array_v3.zarr / input*.zarr /
large_array.zarr (zarr-python 3). Prints nothing; fails loudly.
"""
import os
import sys

import numpy as np
import tifffile
import zarr

out = sys.argv[1]
rng = np.random.default_rng(7)

tifffile.imwrite(os.path.join(out, 'image.tiff'),
                 rng.integers(0, 4000, (30, 200, 250), dtype=np.uint16), tile=(64, 64))


def write(name, data, fmt=3, chunks=(10, 64, 64)):
    z = zarr.create_array(os.path.join(out, name), shape=data.shape, dtype=data.dtype,
                          chunks=chunks, zarr_format=fmt)
    z[...] = data


write('array_v2.zarr', rng.integers(0, 1000, (30, 200, 250), dtype=np.uint16), fmt=2)
write('array_v3.zarr', rng.integers(0, 1000, (30, 200, 250), dtype=np.uint16))
write('input.zarr', rng.standard_normal((20, 100, 120), dtype=np.float32))
write('input1.zarr', rng.standard_normal((20, 100, 120), dtype=np.float32) * 2)
write('input2.zarr', rng.standard_normal((10, 100, 120), dtype=np.float32) * 2)
write('large_array.zarr', rng.integers(0, 60000, (64, 256, 256), dtype=np.uint16), chunks=(16, 64, 64))
