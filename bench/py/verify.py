"""Checks that two arrays (Zarr v2/v3 read by TensorStore, or a TIFF read by
tifffile) hold the same values, slab by slab along axis 0.

usage: verify.py <a> <b> [--allclose]
Prints {equal, shape, dtype, maxAbsDiff, firstDiff}. Exact comparison (NaN
equals NaN) unless --allclose (numpy.allclose defaults, equal_nan).
"""
import sys

import numpy as np

from common import emit, open_slabs, slab_rows


def main():
    a, b = open_slabs(sys.argv[1]), open_slabs(sys.argv[2])
    close = '--allclose' in sys.argv[3:]
    out = {'equal': False, 'shape': list(a.shape), 'dtype': str(a.dtype), 'maxAbsDiff': 0.0, 'firstDiff': None}
    if a.shape != b.shape or a.dtype != b.dtype:
        out['firstDiff'] = f'shape/dtype {a.shape} {a.dtype} vs {b.shape} {b.dtype}'
        emit(out)
        return
    step = slab_rows(a.shape, a.dtype.itemsize, 64 << 20)
    equal = True
    for z0 in range(0, a.shape[0], step):
        s = slice(z0, min(a.shape[0], z0 + step))
        x, y = a[s], b[s]
        if close:
            ok = np.allclose(x, y, equal_nan=True)
        else:
            ok = np.array_equal(x, y, equal_nan=x.dtype.kind in 'fc')
        if x.dtype.kind in 'fc' or close:
            diff = np.abs(x.astype(np.float64) - y.astype(np.float64))
            out['maxAbsDiff'] = max(out['maxAbsDiff'], float(np.nanmax(diff)) if diff.size else 0.0)
        if not ok and equal:
            equal = False
            where = np.argwhere(~np.isclose(x, y, equal_nan=True) if close else x != y)
            if len(where):
                idx = tuple(int(v) for v in where[0])
                out['firstDiff'] = {'index': [idx[0] + z0, *idx[1:]], 'a': x[idx].item(), 'b': y[idx].item()}
    out['equal'] = equal
    emit(out)


if __name__ == '__main__':
    main()
