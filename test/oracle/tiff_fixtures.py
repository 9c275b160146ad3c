"""Writes the TIFF variants of test/tiff.test.ts with tifffile and records
tifffile's own reading of each (series, level) as raw little-endian C-order
bytes, so the TypeScript reader is compared with tifffile value for value.

usage: tiff_fixtures.py write <outdir>   -> prints one JSON manifest line
"""
import json
import os
import sys

import numpy as np
import tifffile

RNG = np.random.default_rng(1234)


def ramp(shape, dtype):
    dtype = np.dtype(dtype)
    n = int(np.prod(shape))
    if dtype.kind == 'f':
        return (RNG.standard_normal(n) * 1000).astype(dtype).reshape(shape)
    info = np.iinfo(dtype)
    return RNG.integers(info.min, info.max, size=n, endpoint=True, dtype=dtype).reshape(shape)


def smooth(shape, dtype):
    """Compressible content (JPEG needs smooth images to stay close)."""
    grids = np.meshgrid(*[np.arange(n) for n in shape], indexing='ij')
    return (sum((g * (i + 1)) for i, g in enumerate(grids)) % 200).astype(dtype)


def variants(d):
    """name -> (writer function, [(series, level), ...])."""
    p = lambda name: os.path.join(d, name)
    v = {}

    def simple(name, data, reads=((0, 0),), **kw):
        v[name] = (lambda f=p(name), data=data, kw=kw: tifffile.imwrite(f, data, **kw), list(reads))

    simple('strip_none_u8.tif', ramp((61, 83), 'uint8'), rowsperstrip=10)
    simple('strip_lzw_i16_pred.tif', ramp((50, 70), 'int16'), compression='lzw', predictor=True, rowsperstrip=9)
    simple('tiled_zlib_u16_pred_stack.tif', ramp((5, 100, 130), 'uint16'), tile=(32, 48), compression='zlib',
           predictor=True, photometric='minisblack')
    simple('tiled_zstd_f32_fpred.tif', ramp((70, 90), 'float32'), tile=(16, 32), compression='zstd', predictor=3)
    simple('strip_deflate_f64_fpred.tif', ramp((33, 47), 'float64'), compression='deflate', predictor=3, rowsperstrip=5)
    simple('packbits_u8.tif', smooth((40, 57), 'uint8'), compression='packbits', rowsperstrip=8)
    simple('none_i8.tif', ramp((20, 30), 'int8'))
    simple('zlib_i32.tif', ramp((45, 33), 'int32'), compression='zlib', tile=(16, 16))
    simple('zlib_u32_bigtiff.tif', ramp((64, 48), 'uint32'), compression='zlib', tile=(32, 16), bigtiff=True)
    simple('none_u64.tif', ramp((10, 12), 'uint64'))
    simple('none_f16.tif', ramp((12, 14), 'float16'))
    simple('bigendian_u16_tiled.tif', ramp((3, 40, 50), 'uint16'), byteorder='>', tile=(16, 16), compression='zlib',
           photometric='minisblack')
    simple('bigendian_f32_strip.tif', ramp((30, 20), 'float32'), byteorder='>', rowsperstrip=4)
    simple('rgb_contig_tiled_u16.tif', ramp((64, 80, 3), 'uint16'), tile=(32, 32), compression='zlib', photometric='rgb')
    simple('rgb_planar_strip_u8.tif', ramp((3, 40, 50), 'uint8'), planarconfig='separate', photometric='rgb',
           rowsperstrip=16, compression='lzw')
    simple('jpeg_rgb_tiled.tif', smooth((64, 96, 3), 'uint8'), tile=(16, 16), compression='jpeg', photometric='rgb')
    simple('jpeg_gray_strip.tif', smooth((50, 40), 'uint8'), compression='jpeg', rowsperstrip=16)
    simple('shaped_4d.tif', ramp((2, 3, 40, 50), 'uint16'), compression='zlib', photometric='minisblack',
           metadata={'axes': 'TZYX'})
    simple('imagej_hyperstack.tif', ramp((2, 3, 2, 30, 40), 'uint16'), imagej=True, metadata={'axes': 'TZCYX'})
    simple('ome_tczyx.ome.tif', ramp((2, 3, 4, 32, 48), 'uint16'), ome=True, tile=(16, 16), compression='zlib',
           metadata={'axes': 'TCZYX', 'PhysicalSizeX': 0.5, 'PhysicalSizeXUnit': 'µm'})
    simple('ome_rgb.ome.tif', ramp((2, 32, 40, 3), 'uint8'), ome=True, photometric='rgb', metadata={'axes': 'ZYXS'})

    def generic_stack(f=p('generic_stack.tif')):
        with tifffile.TiffWriter(f) as w:
            for i in range(6):
                w.write(ramp((30, 40), 'uint16'), metadata=None, rowsperstrip=7, compression='lzw',
                        photometric='minisblack')
    v['generic_stack.tif'] = (generic_stack, [(0, 0)])

    def two_series(f=p('two_series.tif')):
        with tifffile.TiffWriter(f) as w:
            w.write(ramp((3, 20, 30), 'uint8'), photometric='minisblack')
            w.write(ramp((25, 35), 'float32'), compression='zlib')
    v['two_series.tif'] = (two_series, [(0, 0), (1, 0)])

    def ome_pyramid(f=p('ome_pyramid.ome.tif')):
        data = ramp((2, 128, 160), 'uint16')
        with tifffile.TiffWriter(f, ome=True) as w:
            w.write(data, subifds=2, tile=(32, 32), compression='zlib', metadata={'axes': 'CYX'})
            w.write(data[:, ::2, ::2].copy(), subfiletype=1, tile=(32, 32), compression='zlib')
            w.write(data[:, ::4, ::4].copy(), subfiletype=1, tile=(16, 16), compression='zstd')
    v['ome_pyramid.ome.tif'] = (ome_pyramid, [(0, 0), (0, 1), (0, 2)])

    def ome_two_images(f=p('ome_two_images.ome.tif')):
        with tifffile.TiffWriter(f, ome=True) as w:
            w.write(ramp((4, 20, 30), 'int16'), metadata={'axes': 'ZYX'}, compression='zlib')
            w.write(ramp((2, 3, 16, 24), 'float32'), metadata={'axes': 'TCYX'}, tile=(16, 16))
    v['ome_two_images.ome.tif'] = (ome_two_images, [(0, 0), (1, 0)])

    def plain_pyramid(f=p('subifd_pyramid.tiff')):
        data = ramp((96, 128), 'uint8')
        with tifffile.TiffWriter(f) as w:
            w.write(data, subifds=1, tile=(32, 32), compression='zlib', metadata=None)
            w.write(data[::2, ::2].copy(), subfiletype=1, tile=(16, 16), compression='zlib', metadata=None)
    v['subifd_pyramid.tiff'] = (plain_pyramid, [(0, 0), (0, 1)])

    # No TIFF extension: detection is by content.
    simple('no_extension.dat', ramp((20, 24), 'uint16'), compression='zlib')
    return v


def write(outdir):
    os.makedirs(outdir, exist_ok=True)
    manifest = []
    for name, (fn, reads) in variants(outdir).items():
        fn()
        f = os.path.join(outdir, name)
        with tifffile.TiffFile(f) as tif:
            for s, lvl in reads:
                series = tif.series[s]
                arr = series.levels[lvl].asarray()
                binfile = f'{f}.s{s}.l{lvl}.bin'
                arr.astype(arr.dtype.newbyteorder('<'), copy=False).tofile(binfile)
                manifest.append({'name': name, 'file': f, 'series': s, 'level': lvl, 'shape': list(arr.shape),
                                 'dtype': arr.dtype.name, 'axes': series.levels[lvl].axes, 'bin': binfile,
                                 'chunks': None})
    print(json.dumps(manifest))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    else:
        raise SystemExit('unknown command ' + sys.argv[1])
