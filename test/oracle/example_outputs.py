"""Checks what the README examples wrote (in the folder on argv) against NumPy.

Prints one JSON object: {check name: true/false}.
"""
import json
import os
import sys

import numpy as np
import tifffile
import zarr

d = sys.argv[1]


def arr(name):
    return zarr.open_array(os.path.join(d, name), mode='r')[...]


def exists(name):
    return os.path.exists(os.path.join(d, name))


image = tifffile.imread(os.path.join(d, 'image.tiff'))
x = arr('input.zarr')
checks = {}
if exists('output_v3.zarr') and exists('output_v2.zarr'):
    checks['write'] = bool(np.array_equal(arr('output_v3.zarr'), image) and np.array_equal(arr('output_v2.zarr'), image)
                           and np.array_equal(arr('float32.zarr'), image.astype(np.float32))
                           and zarr.open_array(os.path.join(d, 'chunked.zarr')).chunks == (16, 64, 64))
if exists('output.zarr'):
    expect = np.sqrt(np.clip(np.abs(x), 0, 1))
    checks['lazy'] = bool(np.array_equal(arr('output.zarr'), expect))
if exists('concatenated_output.zarr'):
    expect = np.clip(np.concatenate([arr('input1.zarr'), arr('input2.zarr')], 0), -1, 1)
    checks['multi'] = bool(np.array_equal(arr('concatenated_output.zarr'), expect))
if exists('sharded_output.zarr'):
    z = zarr.open_array(os.path.join(d, 'sharded_output.zarr'))
    checks['sharding'] = bool(np.array_equal(z[...], arr('large_array.zarr')) and z.shards is not None)
if exists('regions_output.zarr'):
    checks['regions'] = bool(np.array_equal(arr('regions_output.zarr'), arr('large_array.zarr')))
if exists('progress_output.zarr'):
    checks['progress'] = bool(np.array_equal(arr('progress_output.zarr'), arr('large_array.zarr')))
if exists('image.ome.zarr') and exists('smoothed.zarr'):
    import scipy.ndimage as ndi
    import tensorstore as ts
    from ome_zarr_models.v05.image import Image
    group = zarr.open_group(os.path.join(d, 'image.ome.zarr'), mode='r')
    Image.from_zarr(group)  # raises if the image does not validate
    level1 = group['1'][...]
    want1 = ts.downsample(ts.array(image), [2, 2, 2], 'mean').read().result()  # z, y, x all spatial
    smooth = ndi.gaussian_filter(image.astype(np.float32), [0, 2, 2])
    checks['ome'] = bool(np.array_equal(level1, want1) and np.allclose(arr('smoothed.zarr'), smooth, rtol=1e-6, atol=1e-3))
print(json.dumps(checks))
