"""Generates the benchmark inputs under bench/data/ with TensorStore and tifffile.

usage: gen.py zarr  <path> <plan-json>   plan: {shape, dtype, chunks, level, inner?, kind}
       gen.py tiff  <path> <plan-json>   plan: {shape, tile, kind}
       gen.py shard <src> <dst> <plan-json>  plan: {shards, inner, level}  (sharded copy of src)

Content is deterministic (seeded per slab) and compresses like a real image
(a smooth field plus noise), not like white noise. Prints {sha256, sum} of the
generated values in C order, the reference every tool's output is checked against.
"""
import hashlib
import json
import sys
import time

import numpy as np
import tensorstore as ts

from common import emit, slab_rows, ts_context, zarr3_spec


def slab(kind, shape, dtype, z0, z1):
    """Rows z0:z1 of the generated array."""
    rng = np.random.default_rng(1000 + z0)
    z = np.arange(z0, z1, dtype=np.float32)[:, None, None]
    y = np.arange(shape[1], dtype=np.float32)[None, :, None]
    x = np.arange(shape[2], dtype=np.float32)[None, None, :]
    field = np.sin(z / 37.0) + np.cos(y / 53.0) * np.sin(x / 41.0)  # in [-2, 2]
    rest = (z1 - z0,) + tuple(shape[1:])
    if kind == 'uint16':
        noise = rng.integers(0, 8, size=rest, dtype=np.uint16)
        return ((field + 2.0) * 2000.0).astype(np.uint16) + noise
    if kind == 'float32':
        noise = rng.standard_normal(size=rest, dtype=np.float32) * np.float32(0.25)
        # quantised to 1/1024 like a calibrated measurement, so zstd finds structure
        return (np.round((field + noise) * 1024.0) / 1024.0).astype(np.float32)
    raise ValueError(f'unknown kind {kind}')


def gen_zarr(path, plan):
    shape, dtype = plan['shape'], plan['dtype']
    spec = zarr3_spec(path, shape, dtype, plan['chunks'], plan.get('level', 3), plan.get('inner'))
    store = ts.open(spec, create=True, delete_existing=True, context=ts_context(2)).result()
    digest, total = hashlib.sha256(), 0.0
    step = max(plan['chunks'][0], 1)  # write whole chunk rows at a time
    for z0 in range(0, shape[0], step):
        z1 = min(shape[0], z0 + step)
        block = slab(plan['kind'], shape, dtype, z0, z1)
        store[z0:z1].write(block).result()
        digest.update(memoryview(np.ascontiguousarray(block)).cast('B'))
        total += float(block.sum(dtype=np.float64))
    return {'sha256': digest.hexdigest(), 'sum': total}


def gen_tiff(path, plan):
    import tifffile
    shape, tile = plan['shape'], plan['tile']
    digest, total = hashlib.sha256(), 0.0

    def tiles():
        nonlocal total
        for z in range(shape[0]):
            page = slab(plan['kind'], shape, 'uint16', z, z + 1)[0]
            digest.update(memoryview(np.ascontiguousarray(page)).cast('B'))
            total += float(page.sum(dtype=np.float64))
            for y0 in range(0, shape[1], tile[0]):
                for x0 in range(0, shape[2], tile[1]):
                    t = np.zeros(tile, np.uint16)  # edge tiles are stored full size
                    part = page[y0:y0 + tile[0], x0:x0 + tile[1]]
                    t[:part.shape[0], :part.shape[1]] = part
                    yield t

    tifffile.imwrite(path, tiles(), shape=tuple(shape), dtype='uint16', tile=tuple(tile),
                     compression='zlib', compressionargs={'level': plan.get('level', 6)},
                     bigtiff=True, maxworkers=2)
    return {'sha256': digest.hexdigest(), 'sum': total}


def gen_shard(src, dst, plan):
    """A sharded copy of src (shards of `shards`, inner chunks `inner`), written by TensorStore."""
    source = ts.open(zarr3_spec(src), open=True, read=True, context=ts_context(2)).result()
    shape = list(source.shape)
    dtype = source.dtype.name
    out = ts.open(zarr3_spec(dst, shape, dtype, plan['shards'], plan.get('level', 3), plan['inner']),
                  create=True, delete_existing=True, context=ts_context(2)).result()
    step = slab_rows(shape, source.dtype.numpy_dtype.itemsize, 256 << 20)
    step = max(plan['shards'][0], step - step % plan['shards'][0])
    for z0 in range(0, shape[0], step):
        out[z0:z0 + step].write(source[z0:z0 + step].read().result()).result()
    return {}


def main():
    t0 = time.perf_counter()
    cmd = sys.argv[1]
    if cmd == 'zarr':
        res = gen_zarr(sys.argv[2], json.loads(sys.argv[3]))
    elif cmd == 'tiff':
        res = gen_tiff(sys.argv[2], json.loads(sys.argv[3]))
    elif cmd == 'shard':
        res = gen_shard(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
    else:
        raise SystemExit(f'unknown command {cmd}')
    res['seconds'] = time.perf_counter() - t0
    emit(res)


if __name__ == '__main__':
    main()
