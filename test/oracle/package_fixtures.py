"""Fixtures for test/package-install.test.ts: one small array per codec the
addon links statically (zstd, gzip/zlib, blosc + lz4/zstd, lz4, bzip2 through
Zarr; zstd, lzma, libdeflate, libjpeg, libwebp, LERC through libtiff),
written by zarr-python 3 and tifffile (+ imagecodecs). Prints, as JSON, each
array as zarr-python / tifffile read it back: the oracle.

usage: package_fixtures.py OUTDIR
"""
import json
import sys

import numcodecs
import numpy as np
import tifffile
import zarr
from zarr.codecs import BloscCodec, GzipCodec, ZstdCodec


def main(outdir):
    rng = np.random.default_rng(15)
    out = {}

    def zarr_array(name, data, **kwargs):
        path = f'{outdir}/{name}'
        z = zarr.create_array(store=path, shape=data.shape, chunks=(4, 5), dtype=data.dtype, **kwargs)
        z[...] = data
        out[name] = zarr.open_array(path, mode='r')[...]

    def tiff(name, data, **kwargs):
        path = f'{outdir}/{name}'
        tifffile.imwrite(path, data, **kwargs)
        out[name] = tifffile.imread(path)

    ints = rng.integers(-1000, 1000, (9, 13)).astype('int16')
    zarr_array('v3_zstd.zarr', ints, compressors=ZstdCodec(level=3))
    zarr_array('v3_gzip.zarr', ints, compressors=GzipCodec())
    zarr_array('v3_blosc_lz4.zarr', ints, compressors=BloscCodec(cname='lz4', shuffle='shuffle'))
    zarr_array('v2_blosc_zstd.zarr', ints, zarr_format=2, compressors=numcodecs.Blosc(cname='zstd', shuffle=numcodecs.Blosc.BITSHUFFLE))
    zarr_array('v2_lz4.zarr', ints, zarr_format=2, compressors=numcodecs.LZ4())
    zarr_array('v2_bz2.zarr', ints, zarr_format=2, compressors=numcodecs.BZ2())
    zarr_array('v2_zlib.zarr', ints, zarr_format=2, compressors=numcodecs.Zlib())

    u16 = rng.integers(0, 60000, (20, 24)).astype('uint16')
    y, x = np.mgrid[0:24, 0:32]
    rgb = np.stack([(x * 8) % 256, (y * 10) % 256, (x + y) * 4 % 256], axis=-1).astype('uint8')
    tiff('zstd.tif', u16, tile=(16, 16), compression='zstd')
    tiff('lzma.tif', u16, compression='lzma')
    tiff('deflate.tif', u16, compression='adobe_deflate', predictor=True)
    tiff('jpeg.tif', rgb, compression='jpeg', photometric='rgb')
    tiff('webp.tif', rgb, compression='webp', compressionargs={'lossless': True}, photometric='rgb')
    tiff('lerc.tif', u16.astype('float32') / 7, compression='lerc')

    print(json.dumps({name: {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': a.ravel().tolist()}
                      for name, a in out.items()}))


if __name__ == '__main__':
    main(sys.argv[1])
