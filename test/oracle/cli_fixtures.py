"""Fixtures and checks for the dyna-zarr command tests (zarr-python 3 + NumPy).

usage: cli_fixtures.py make <dir>            writes a3.zarr, f2.zarr, big.zarr; prints their metadata
       cli_fixtures.py equal <a> <b>         prints {"equal": bool, "shards": ...} for two arrays
       cli_fixtures.py poke <array> <value>  sets element [1, 2, 3] of an array
"""
import json
import os
import sys

import numpy as np
import zarr


def meta(z):
    return {'shape': list(z.shape), 'dtype': str(z.dtype), 'chunks': list(z.chunks),
            'shards': list(z.shards) if z.shards else None, 'zarrFormat': z.metadata.zarr_format}


cmd = sys.argv[1]
if cmd == 'make':
    d = sys.argv[2]
    rng = np.random.default_rng(3)
    a3 = zarr.create_array(os.path.join(d, 'a3.zarr'), shape=(20, 30, 40), chunks=(10, 10, 10), dtype='uint16',
                           compressors=zarr.codecs.ZstdCodec(level=3), attributes={'note': 'cli'})
    a3[...] = rng.integers(0, 60000, a3.shape, dtype=np.uint16)
    f2 = zarr.create_array(os.path.join(d, 'f2.zarr'), shape=(12, 15), chunks=(5, 5), dtype='float32', zarr_format=2)
    v = rng.standard_normal(f2.shape).astype(np.float32)
    v[::3, ::4] = np.nan
    f2[...] = v
    big = zarr.create_array(os.path.join(d, 'big.zarr'), shape=(64, 512, 512), chunks=(8, 128, 128), dtype='uint16')
    big[...] = rng.integers(0, 60000, big.shape, dtype=np.uint16)
    print(json.dumps({'a3': meta(a3), 'f2': meta(f2)}))
elif cmd == 'equal':
    a = zarr.open_array(sys.argv[2], mode='r')
    b = zarr.open_array(sys.argv[3], mode='r')
    same = a.shape == b.shape and np.array_equal(a[...], b[...], equal_nan=a.dtype.kind == 'f')
    print(json.dumps({'equal': bool(same), 'b': meta(b)}))
elif cmd == 'poke':
    z = zarr.open_array(sys.argv[2], mode='r+')
    z[1, 2, 3] = int(sys.argv[3])
