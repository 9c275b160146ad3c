"""Shared helpers of the Python side of the benchmarks: TensorStore specs, array
access by slabs (so verification never holds two whole arrays), JSON output."""
import json
import os
import resource
import sys

import numpy as np
import tensorstore as ts


def ts_context(threads):
    """A TensorStore context limited to `threads` for both copies/codecs and file I/O."""
    return ts.Context({
        'data_copy_concurrency': {'limit': threads},
        'file_io_concurrency': {'limit': threads},
    })


def zstd_codecs(level):
    return [{'name': 'bytes', 'configuration': {'endian': 'little'}},
            {'name': 'zstd', 'configuration': {'level': level, 'checksum': False}}]


def zarr3_spec(path, shape=None, dtype=None, chunks=None, level=3, inner=None):
    """A zarr3 spec; with `inner`, chunks are shards holding `inner` chunks (index at the end, crc32c)."""
    spec = {'driver': 'zarr3', 'kvstore': {'driver': 'file', 'path': os.path.abspath(path)}}
    if shape is None:
        return spec
    if inner is None:
        codecs = zstd_codecs(level)
    else:
        codecs = [{'name': 'sharding_indexed', 'configuration': {
            'chunk_shape': list(inner),
            'codecs': zstd_codecs(level),
            'index_codecs': [{'name': 'bytes', 'configuration': {'endian': 'little'}}, {'name': 'crc32c'}],
            'index_location': 'end'}}]
    spec['metadata'] = {
        'shape': list(shape), 'data_type': dtype,
        'chunk_grid': {'name': 'regular', 'configuration': {'chunk_shape': list(chunks)}},
        'chunk_key_encoding': {'name': 'default'},
        'fill_value': 0, 'codecs': codecs,
    }
    return spec


class TiffPages:
    """Reads a tiled TIFF series page range by page range (axis 0 = pages)."""

    def __init__(self, path):
        import tifffile
        self.tif = tifffile.TiffFile(path)
        series = self.tif.series[0]
        self.shape = tuple(series.shape)
        self.dtype = np.dtype(series.dtype)
        self.pages = series.pages

    def __getitem__(self, s):
        pages = [self.pages[i].asarray() for i in range(s.start, s.stop)]
        return np.stack(pages) if pages else np.empty((0,) + self.shape[1:], self.dtype)


class ZarrSlabs:
    """Reads any Zarr v2/v3 array through TensorStore."""

    def __init__(self, path, threads=2):
        driver = 'zarr3' if os.path.exists(os.path.join(path, 'zarr.json')) else 'zarr'
        self.store = ts.open({'driver': driver, 'kvstore': {'driver': 'file', 'path': os.path.abspath(path)}},
                             open=True, read=True, context=ts_context(threads)).result()
        self.shape = tuple(self.store.shape)
        self.dtype = np.dtype(self.store.dtype.numpy_dtype)

    def __getitem__(self, s):
        return self.store[s].read().result()


def open_slabs(path):
    return TiffPages(path) if path.lower().endswith(('.tif', '.tiff')) else ZarrSlabs(path)


def slab_rows(shape, itemsize, max_bytes=128 << 20):
    """Axis-0 thickness whose slab stays below max_bytes."""
    per_row = int(np.prod(shape[1:], dtype=np.int64)) * itemsize
    return max(1, min(shape[0], max_bytes // max(per_row, 1)))


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(obj):
    """The result line: the last line of stdout, parsed by bench/lib/child.js."""
    sys.stdout.write('\n' + json.dumps(obj) + '\n')
    sys.stdout.flush()
