"""Fixtures and checks for the write-safety tests (zarr-python 3 + NumPy).

usage: write_safety.py make <dir>        writes small.zarr (v3), other.zarr (v3, other values),
                                         grp.zarr (a group holding the array img) and big.zarr
       write_safety.py check <plan.json> plan: [{"a": path, "b": path}]; prints, per pair,
                                         {"equal": bool, "compressors": [...], "zarrFormat": n}
                                         describing b as zarr-python reads it
"""
import json
import os
import sys

import numpy as np
import zarr


def describe(z):
    if z.metadata.zarr_format == 2:
        comp = z.metadata.compressor
        compressors = [] if comp is None else [comp.get_config()['id'] if hasattr(comp, 'get_config') else str(comp)]
    else:
        compressors = [type(c).__name__ for c in z.compressors]
    return {'compressors': compressors, 'zarrFormat': z.metadata.zarr_format, 'shape': list(z.shape)}


cmd = sys.argv[1]
if cmd == 'make':
    d = sys.argv[2]
    rng = np.random.default_rng(7)
    small = zarr.create_array(os.path.join(d, 'small.zarr'), shape=(16, 24), chunks=(8, 8), dtype='uint16')
    small[...] = rng.integers(0, 60000, small.shape, dtype=np.uint16)
    other = zarr.create_array(os.path.join(d, 'other.zarr'), shape=(16, 24), chunks=(8, 8), dtype='uint16')
    other[...] = rng.integers(0, 60000, other.shape, dtype=np.uint16)
    grp = zarr.open_group(os.path.join(d, 'grp.zarr'), mode='w')
    img = grp.create_array('img', shape=(16, 24), chunks=(8, 8), dtype='uint16')
    img[...] = small[...]
    big = zarr.create_array(os.path.join(d, 'big.zarr'), shape=(64, 512, 512), chunks=(8, 128, 128), dtype='uint16')
    big[...] = rng.integers(0, 60000, big.shape, dtype=np.uint16)
    print(json.dumps({'ok': True}))
elif cmd == 'check':
    plan = json.load(open(sys.argv[2]))
    out = []
    for p in plan:
        a = zarr.open_array(p['a'], mode='r')
        b = zarr.open_array(p['b'], mode='r')
        same = a.shape == b.shape and np.array_equal(a[...], b[...])
        out.append({'equal': bool(same), **describe(b)})
    print(json.dumps(out))
