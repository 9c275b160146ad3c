"""The peer side of each benchmark: one task per process, so peak RSS is the task's own.

usage: peers.py <task> <args-json>
Prints {seconds, rssMiB, ...}: `seconds` covers opening the input through the
last byte written (imports excluded, as on our side), `rssMiB` is the process's
peak resident set. Hashes of read results are computed after the clock stops.
"""
import contextlib
import hashlib
import json
import os
import shutil
import sys
import time

import numpy as np
import tensorstore as ts

from common import emit, peak_rss_mib, ts_context, zarr3_spec


def sha(arr):
    return hashlib.sha256(memoryview(np.ascontiguousarray(arr)).cast('B')).hexdigest()


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)


def ts_roundtrip(a):
    """Read every chunk, write a new array with the same codecs: TensorStore's streaming copy."""
    fresh(a['dst'])
    ctx = ts_context(a['threads'])
    t0 = time.perf_counter()
    src = ts.open(zarr3_spec(a['src']), open=True, read=True, context=ctx).result()
    dst = ts.open(zarr3_spec(a['dst'], src.shape, src.dtype.name, a['chunks'], a['level']),
                  create=True, context=ctx).result()
    dst.write(src).result()
    return {'seconds': time.perf_counter() - t0}


def ts_read(a):
    ctx = ts_context(a['threads'])
    t0 = time.perf_counter()
    src = ts.open(zarr3_spec(a['src']), open=True, read=True, context=ctx).result()
    data = src.read().result()
    seconds = time.perf_counter() - t0
    return {'seconds': seconds, 'sha256': sha(data)}


def zarr_read(a):
    import zarr
    zarr.config.set({'threading.max_workers': a['threads']})
    t0 = time.perf_counter()
    data = zarr.open_array(a['src'], mode='r')[...]
    seconds = time.perf_counter() - t0
    return {'seconds': seconds, 'sha256': sha(data)}


def ts_downsample(a):
    """ts.downsample over the opened array, read whole into memory."""
    ctx = ts_context(a['threads'])
    t0 = time.perf_counter()
    src = ts.open(zarr3_spec(a['src']), open=True, read=True, context=ctx).result()
    data = ts.downsample(src, a['factors'], a['method']).read().result()
    seconds = time.perf_counter() - t0
    return {'seconds': seconds, 'sha256': sha(data), 'shape': list(data.shape)}


def inner_boxes(shape, inner):
    """Every inner-chunk box in C order of the chunk grid."""
    grid = [range(0, n, c) for n, c in zip(shape, inner)]
    for corner in np.ndindex(*[len(g) for g in grid]):
        yield tuple(slice(g[i], min(n, g[i] + c)) for g, i, n, c in zip(grid, corner, shape, inner))


def ts_read_inner(a):
    """All inner chunks of a sharded array requested at once, as a tile server would."""
    ctx = ts_context(a['threads'])
    t0 = time.perf_counter()
    src = ts.open(zarr3_spec(a['src']), open=True, read=True, context=ctx).result()
    futures = [src[box].read() for box in inner_boxes(src.shape, a['inner'])]
    blocks = [f.result() for f in futures]
    seconds = time.perf_counter() - t0
    digest = hashlib.sha256()
    for b in blocks:
        digest.update(bytes.fromhex(sha(b)))
    return {'seconds': seconds, 'sha256': digest.hexdigest(), 'reads': len(blocks)}


def dask_store(a, y, t0):
    """Stores the dask array y to a['dst'] (Zarr v3, zstd), threaded; the seconds since t0."""
    import dask
    import dask.array as da
    import zarr
    out = zarr.create_array(store=a['dst'], shape=y.shape, dtype=y.dtype, chunks=tuple(a['chunks']),
                            compressors=[zarr.codecs.ZstdCodec(level=a['level'])], zarr_format=3,
                            fill_value=0)
    with dask.config.set(scheduler='threads', num_workers=a['threads']):
        da.store(y, out, lock=False)
    return {'seconds': time.perf_counter() - t0}


def dask_lazy(a):
    """from_zarr → abs → clip → sqrt → to_zarr (zstd), threaded scheduler."""
    import dask.array as da
    import zarr
    fresh(a['dst'])
    zarr.config.set({'threading.max_workers': a['threads']})
    t0 = time.perf_counter()
    x = da.from_zarr(a['src'])
    y = da.sqrt(da.clip(da.abs(x), a['lo'], a['hi']))
    return dask_store(a, y, t0)


def dask_pointwise(a):
    """from_zarr → where(isfinite(x), log1p(abs(x)), 0) → astype float32 → to_zarr (zstd), threaded."""
    import dask.array as da
    import zarr
    fresh(a['dst'])
    zarr.config.set({'threading.max_workers': a['threads']})
    t0 = time.perf_counter()
    x = da.from_zarr(a['src'])
    y = da.where(da.isfinite(x), da.log1p(da.abs(x)), 0).astype('float32')
    return dask_store(a, y, t0)


def dask_sum(a):
    import dask
    import dask.array as da
    import zarr
    zarr.config.set({'threading.max_workers': a['threads']})
    t0 = time.perf_counter()
    with dask.config.set(scheduler='threads', num_workers=a['threads']):
        total = float(da.from_zarr(a['src']).sum().compute())
    return {'seconds': time.perf_counter() - t0, 'sum': total}


@contextlib.contextmanager
def quiet_dyna_zarr():
    from dyna_zarr import io
    with io.capture_messages() as messages:
        yield messages


def dz_lazy(a):
    """The original Python dyna-zarr: read → abs → clip → sqrt → write (zstd)."""
    from dyna_zarr import Codecs, io, operations as op
    fresh(a['dst'])
    t0 = time.perf_counter()
    with quiet_dyna_zarr():
        x = io.read(a['src'])
        y = op.sqrt(op.clip(op.abs(x), a['lo'], a['hi']))
        io.write(y, a['dst'], max_threads=a['threads'], chunks=tuple(a['chunks']), zarr_format=3,
                 compressor=Codecs('zstd', clevel=a['level']))
    return {'seconds': time.perf_counter() - t0}


def dz_pointwise(a):
    """The original Python dyna-zarr: where(isfinite(x), log1p(abs(x)), 0) → astype float32 → write (zstd)."""
    from dyna_zarr import Codecs, io, operations as op
    fresh(a['dst'])
    t0 = time.perf_counter()
    with quiet_dyna_zarr():
        x = io.read(a['src'])
        y = op.astype(op.where(op.isfinite(x), op.log1p(op.abs(x)), 0), 'float32')
        io.write(y, a['dst'], max_threads=a['threads'], chunks=tuple(a['chunks']), zarr_format=3,
                 compressor=Codecs('zstd', clevel=a['level']))
    return {'seconds': time.perf_counter() - t0}


def dz_mean_std(a):
    """The original Python dyna-zarr: mean and std of the whole array in one chain (its fused pass)."""
    from dyna_zarr import io, operations as op
    t0 = time.perf_counter()
    with quiet_dyna_zarr():
        x = io.read(a['src'])
        mean, std = (float(v) for v in op.stack([x.mean(), x.std()]).compute())
    return {'seconds': time.perf_counter() - t0, 'mean': mean, 'std': std}


def dz_convert(a):
    """The original Python dyna-zarr: a (TIFF or Zarr) input to sharded or plain zstd Zarr v3."""
    from dyna_zarr import Codecs, io
    fresh(a['dst'])
    t0 = time.perf_counter()
    kw = {}
    if a.get('shardCoefficients'):
        kw['shard_coefficients'] = tuple(a['shardCoefficients'])
    with quiet_dyna_zarr():
        x = io.read(a['src'])
        io.write(x, a['dst'], max_threads=a['threads'], chunks=tuple(a['chunks']), zarr_format=3,
                 compressor=Codecs('zstd', clevel=a['level']), **kw)
    return {'seconds': time.perf_counter() - t0}


def dz_filter(a):
    """The original Python dyna-zarr: read → a scipy.ndimage filter per region (map_overlap) → write (zstd)."""
    from dyna_zarr import Codecs, io, operations as op
    fresh(a['dst'])
    t0 = time.perf_counter()
    with quiet_dyna_zarr():
        x = io.read(a['src'])
        y = getattr(op, a['pyFilter'])(x, a['arg'])
        io.write(y, a['dst'], max_threads=a['threads'], chunks=tuple(a['chunks']), zarr_format=3,
                 compressor=Codecs('zstd', clevel=a['level']))
    return {'seconds': time.perf_counter() - t0}


def pyramid_factors(shape, levels):
    """Level k halves every (spatial) axis k times, an axis stopping at length 1, as ours does."""
    return [[min(2 ** k, n) for n in shape] for k in range(levels)]


def ngff_pyramid(a):
    """ngff-zarr: TIFF (tifffile's zarr view, lazy in dask) → to_multiscales(ITKWASM_BIN_SHRINK) →
    to_ngff_zarr (0.5 sharded, or 0.4), zstd, dask's threaded scheduler with `threads` workers."""
    import dask
    import dask.array as da
    import tifffile
    import zarr
    import ngff_zarr as nz
    fresh(a['dst'])
    t0 = time.perf_counter()
    x = da.from_zarr(tifffile.imread(a['src'], aszarr=True))
    image = nz.to_ngff_image(x, dims=['z', 'y', 'x'])
    ms = nz.to_multiscales(image, scale_factors=[2 ** k for k in range(1, a['levels'])],
                           method=nz.Methods.ITKWASM_BIN_SHRINK, chunks=tuple(a['chunks']))
    kw = {}
    if a['zarrFormat'] == 3:
        kw['compressors'] = [zarr.codecs.ZstdCodec(level=a['level'])]
        if a.get('shardCoefficients'):
            kw['chunks_per_shard'] = tuple(a['shardCoefficients'])
    else:
        from numcodecs import Zstd
        kw['compressor'] = Zstd(level=a['level'])
    with dask.config.set(scheduler='threads', num_workers=a['threads']):
        nz.to_ngff_zarr(a['dst'], ms, version='0.5' if a['zarrFormat'] == 3 else '0.4', **kw)
    return {'seconds': time.perf_counter() - t0}


def dz_levels(a):
    """The original Python dyna-zarr: io.write_levels (mean) into <dst>/<k>, zstd; levels it could
    not write in the pass are written from the deepest stored level, as its docstring says to."""
    from dyna_zarr import Codecs, io
    fresh(a['dst'])
    t0 = time.perf_counter()
    codec = Codecs('zstd', clevel=a['level'])
    with quiet_dyna_zarr():
        x = io.read(a['src'])
        factors = pyramid_factors(x.shape, a['levels'])
        done, passes, base = 0, 0, [1] * len(x.shape)
        while done < a['levels']:
            outputs = []
            for k in range(done, a['levels']):
                o = {'path': os.path.join(a['dst'], str(k)), 'factors': tuple(f // b for f, b in zip(factors[k], base)),
                     'chunks': tuple(a['chunks'])}
                if a['zarrFormat'] == 3 and a.get('shardCoefficients'):
                    o['shard_coefficients'] = tuple(a['shardCoefficients'])
                outputs.append(o)
            n = io.write_levels(x, outputs, method='mean', max_threads=a['threads'], compressor=codec,
                                zarr_format=a['zarrFormat'], region_size_mb=a.get('regionSizeMb'))
            done += n
            passes += 1
            if done < a['levels']:
                x, base = io.read(os.path.join(a['dst'], str(done - 1))), factors[done - 1]
    return {'seconds': time.perf_counter() - t0, 'passes': passes}


TASKS = {f.__name__: f for f in (ts_roundtrip, ts_read, zarr_read, ts_read_inner, dask_lazy,
                                  dask_sum, dz_lazy, dz_mean_std, dz_convert, dask_pointwise, dz_pointwise, ts_downsample, dz_filter,
                                  ngff_pyramid, dz_levels)}


def main():
    task, args = sys.argv[1], json.loads(sys.argv[2])
    os.environ.setdefault('OMP_NUM_THREADS', str(args.get('threads', 2)))
    res = TASKS[task](args)
    res['rssMiB'] = peak_rss_mib()
    emit(res)


if __name__ == '__main__':
    main()
