"""Fixtures for the error-code acceptance suite: small valid arrays written by
zarr-python 3 that the test then damages. Usage: accept_errors.py make OUTDIR"""
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import numcodecs  # noqa: E402
import zarr  # noqa: E402
from zarr.codecs import Crc32cCodec, ZstdCodec  # noqa: E402


def main(outdir):
    data = np.arange(4 * 6, dtype="int32").reshape(4, 6) - 5
    specs = {
        "v3zstd": dict(zarr_format=3, compressors=[ZstdCodec(level=3)]),
        "v3crc": dict(zarr_format=3, compressors=[Crc32cCodec()]),
        "v3plain": dict(zarr_format=3, compressors=None),
        "v2plain": dict(zarr_format=2, compressors=None),
        "v2zlib": dict(zarr_format=2, compressors=numcodecs.Zlib(level=5)),
        "v2delta": dict(zarr_format=2, compressors=None, filters=[numcodecs.Delta(dtype="<i4")]),
    }
    for name, kw in specs.items():
        z = zarr.create_array(os.path.join(outdir, name), shape=data.shape, chunks=(2, 3), dtype="int32",
                              fill_value=0, **kw)
        z[...] = data
    g = zarr.open_group(os.path.join(outdir, "group"), mode="w", zarr_format=3)
    g.create_array("inner", shape=(3,), dtype="uint8", fill_value=0)[...] = np.array([1, 2, 3], dtype="uint8")
    print(json.dumps({"data": data.ravel().tolist()}))


if __name__ == "__main__":
    main(sys.argv[2])
