"""Oracle for io.writeOmeZarr(..., { fromPyramid: true }).

  fixtures DIR  writes, with tifffile:
                subifds.ome.tif  OME-TIFF uint16 ZYX 4x100x90, tiled deflate, PhysicalSizeZ/Y/X
                                 2/0.5/0.5 um, two SubIFD levels (subfiletype 1): 4x50x45, 4x25x23
                reduced.tif      uint8 YX 120x96, tiled deflate, reduced pages (subfiletype 1) in
                                 the main chain: 60x48, 30x24
                flat.tif         uint16 YX 40x30, no pyramid
  check PLAN    PLAN = {"cases": [{"tif", "zarr", "version": "0.4"|"0.5", "levels": n}]}
                Level k of each image is read with zarr-python 3 and compared with tifffile's
                series[0].levels[k].asarray(); each image is validated with ome-zarr-models'
                Image model of that version. Prints {"cases": [{"valid", "error", "tiff_levels",
                "levels": [{"shape", "first_diff"}]}]}.
"""
import json
import os
import sys

import numpy as np
import tifffile
import zarr


def ramp(shape, dtype, mod):
    n = int(np.prod(shape))
    return (np.arange(n, dtype=np.uint64) * 2654435761 % mod).astype(dtype).reshape(shape)


def write_fixtures(d):
    x = ramp((4, 100, 90), np.uint16, 60013)
    with tifffile.TiffWriter(os.path.join(d, 'subifds.ome.tif'), ome=True) as w:
        w.write(x, subifds=2, tile=(16, 16), compression='zlib',
                metadata={'axes': 'ZYX', 'PhysicalSizeZ': 2.0, 'PhysicalSizeY': 0.5, 'PhysicalSizeX': 0.5})
        w.write(x[:, ::2, ::2].copy(), subfiletype=1, tile=(16, 16), compression='zlib')
        w.write(x[:, ::4, ::4].copy(), subfiletype=1, tile=(16, 16), compression='zlib')
    y = ramp((120, 96), np.uint8, 251)
    with tifffile.TiffWriter(os.path.join(d, 'reduced.tif')) as w:
        for k in (1, 2, 4):
            w.write(y[::k, ::k].copy(), subfiletype=0 if k == 1 else 1, tile=(16, 16), compression='zlib',
                    metadata=None)
    tifffile.imwrite(os.path.join(d, 'flat.tif'), ramp((40, 30), np.uint16, 4099), metadata=None)
    print(json.dumps({"ok": True}))


def first_diff(want, got):
    if want.shape != got.shape or want.dtype != got.dtype:
        return f"shape/dtype {got.shape} {got.dtype} != {want.shape} {want.dtype}"
    if (want == got).all():
        return None
    idx = tuple(int(i) for i in np.argwhere(want != got)[0])
    return f"at {idx}: {got[idx]!r} != {want[idx]!r}"


def validate(path, version):
    group = zarr.open_group(path, mode='r')
    try:
        if version == '0.4':
            from ome_zarr_models.v04.image import Image
        else:
            from ome_zarr_models.v05.image import Image
        Image.from_zarr(group)
        return True, None
    except Exception as e:  # the model's validation error is the answer
        return False, f"{type(e).__name__}: {e}"[:2000]


def check(case):
    with tifffile.TiffFile(case['tif']) as tif:
        levels = tif.series[0].levels
        out = []
        for k in range(case['levels']):
            got = zarr.open_array(os.path.join(case['zarr'], str(k)), mode='r')[...]
            out.append({"shape": list(got.shape), "first_diff": first_diff(levels[k].asarray(), got)})
        valid, error = validate(case['zarr'], case['version'])
        return {"valid": valid, "error": error, "tiff_levels": len(levels), "levels": out}


def main():
    if sys.argv[1] == 'fixtures':
        return write_fixtures(sys.argv[2])
    plan = json.load(open(sys.argv[2]))
    print(json.dumps({"cases": [check(c) for c in plan["cases"]]}))


if __name__ == '__main__':
    main()
