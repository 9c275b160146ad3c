"""Checks an OME-Zarr pyramid of ours: the group validates with ome-zarr-models (v05 or
v04 Image), every level k equals TensorStore's mean downsample of its level 0 by the
level's factors, and each peer's level k (<peer>/<k>) is compared with ours.

usage: verify_pyramid.py <ours> <from-json> <version 0.4|0.5> [<peer> ...]
<from-json>[k] is the level that ours wrote level k from (0 = the source, which level 0
equals; a later pass reads a stored level), so level k is checked against TensorStore's
mean downsample of that level.
Prints {valid, error, downsample: [equal per level], peers: {peer: [{equal, maxAbsDiff} per level]}}.
"""
import json
import os
import sys

import numpy as np
import tensorstore as ts
import zarr

from common import ZarrSlabs, emit, slab_rows


def validate(path, version):
    try:
        if version == '0.4':
            from ome_zarr_models.v04.image import Image
        else:
            from ome_zarr_models.v05.image import Image
        Image.from_zarr(zarr.open_group(path, mode='r'))
        return True, None
    except Exception as e:  # the model's validation error is the answer
        return False, f'{type(e).__name__}: {e}'[:1000]


def level_path(root, k):
    """<root>/<datasets[k].path> of an OME-Zarr group, else <root>/<k> (plain arrays, as dyna-zarr writes)."""
    try:
        attrs = dict(zarr.open_group(root, mode='r').attrs)
    except Exception:
        return os.path.join(root, str(k))
    ms = (attrs.get('ome') or attrs).get('multiscales')
    return os.path.join(root, ms[0]['datasets'][k]['path']) if ms else os.path.join(root, str(k))


def compare(a, b, factors=(1,)):
    """Slab by slab along axis 0: (equal, maxAbsDiff)."""
    if a.dtype != b.dtype:
        return False, f'dtype {a.dtype} vs {b.dtype}'
    if a.shape != b.shape:
        # A different edge rule (a partial block dropped instead of averaged): compare the common box.
        box = tuple(slice(0, min(m, n)) for m, n in zip(a.shape, b.shape))
        _, worst = compare(Cropped(a, box), Cropped(b, box), factors)
        return False, f'{worst} on the common box; shapes {list(a.shape)} vs {list(b.shape)}'
    step = slab_rows(a.shape, a.dtype.itemsize * int(np.prod(factors)), 256 << 20)
    equal, worst = True, 0
    for z0 in range(0, a.shape[0], step):
        s = slice(z0, min(a.shape[0], z0 + step))
        x, y = a[s], b[s]
        if not np.array_equal(x, y):
            equal = False
            worst = max(worst, int(np.abs(x.astype(np.int64) - y.astype(np.int64)).max()))
    return equal, worst


class Cropped:
    def __init__(self, a, box):
        self.a, self.box = a, box
        self.shape = tuple(s.stop for s in box)
        self.dtype = a.dtype

    def __getitem__(self, s):
        return self.a[s][(slice(None),) + self.box[1:]]


class Downsampled:
    def __init__(self, level0, factors):
        self.view = ts.downsample(level0.store, factors, 'mean')
        self.shape = tuple(self.view.shape)
        self.dtype = np.dtype(self.view.dtype.numpy_dtype)

    def __getitem__(self, s):
        return self.view[s].read().result()


def main():
    ours, sources, version, peers = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4:]
    levels = len(sources)
    valid, error = validate(ours, version)
    shape0 = ZarrSlabs(os.path.join(ours, '0')).shape
    downsample = [True]
    for k in range(1, levels):
        j = sources[k]
        base = ZarrSlabs(os.path.join(ours, str(j)))
        factors = [min(2 ** k, n) // min(2 ** j, n) for n in shape0]
        mine = ZarrSlabs(os.path.join(ours, str(k)))
        downsample.append(compare(mine, Downsampled(base, factors), factors)[0])
    out = {'valid': valid, 'error': error, 'downsample': downsample, 'peers': {}}
    for peer in peers:
        rows = []
        for k in range(levels):
            eq, diff = compare(ZarrSlabs(os.path.join(ours, str(k))), ZarrSlabs(level_path(peer, k)))
            rows.append({'equal': eq, 'maxAbsDiff': diff})
        out['peers'][peer] = rows
    emit(out)


if __name__ == '__main__':
    main()
