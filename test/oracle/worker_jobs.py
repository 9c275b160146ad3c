"""Oracle for test/worker-threads.test.ts (jobs run from several worker threads).

usage: worker_jobs.py make PLAN.json   -> PLAN {"dir"}: writes a.zarr (v3, zstd) and
           b.zarr (v2, blosc) with zarr-python, and the NumPy result of each job as
           raw little-endian C-order bytes in DIR/expected/NAME.bin; prints
           {"a", "b", "jobs": {NAME: {"dtype", "shape", "file"}}}
       worker_jobs.py check PLAN.json  -> PLAN {"dir", "outputs": [path]}: reads each
           output with zarr-python; prints {"outputs": {path: mismatching elements}}
           against the NumPy result of job mixAB
"""
import json
import os
import sys

import numcodecs
import numpy as np
import zarr
import zarr.codecs as zc


def inputs():
    rng = np.random.default_rng(7)
    a = rng.integers(-1000, 1000, (300, 400), endpoint=True).astype('<i2')
    b = (rng.standard_normal((200, 250)) * 50).astype('<f4')
    return a, b


def jobs(a, b):
    # Mirrors the expressions of test/workers/job-worker.js, by name.
    return {
        'sqrtAbsA': np.sqrt(np.abs(a)),
        'mixAB': a[100:300, 0:250] * 2 + b,
        'sumA0': np.sum(a, axis=0),
        'meanA1': np.mean(a, axis=1),
        'flipB': b[::-1, 10:200:3],
    }


def make(plan):
    d = plan['dir']
    a, b = inputs()
    za = zarr.create_array(os.path.join(d, 'a.zarr'), shape=a.shape, dtype=a.dtype, chunks=(64, 64),
                           compressors=zc.ZstdCodec(level=3), zarr_format=3)
    za[...] = a
    zb = zarr.create_array(os.path.join(d, 'b.zarr'), shape=b.shape, dtype=b.dtype, chunks=(50, 50),
                           compressors=numcodecs.Blosc(cname='lz4', clevel=5, shuffle=1), zarr_format=2)
    zb[...] = b
    os.makedirs(os.path.join(d, 'expected'), exist_ok=True)
    out = {}
    for name, r in jobs(a, b).items():
        r = np.ascontiguousarray(r)
        r = r.astype(r.dtype.newbyteorder('<'))
        f = os.path.join(d, 'expected', name + '.bin')
        r.tofile(f)
        out[name] = {'dtype': r.dtype.name, 'shape': list(r.shape), 'file': f}
    return {'a': os.path.join(d, 'a.zarr'), 'b': os.path.join(d, 'b.zarr'), 'jobs': out}


def check(plan):
    a, b = inputs()
    want = jobs(a, b)['mixAB']
    result = {}
    for p in plan['outputs']:
        got = zarr.open_array(p, mode='r')[...]
        result[p] = int(want.size) if got.shape != want.shape or got.dtype != want.dtype else int(np.sum(got != want))
    return {'outputs': result}


if __name__ == '__main__':
    command, plan_file = sys.argv[1], sys.argv[2]
    with open(plan_file) as fh:
        plan = json.load(fh)
    print(json.dumps({'make': make, 'check': check}[command](plan)))
