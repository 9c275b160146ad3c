"""Fixtures for test/safety-limits.test.ts, written by zarr-python 3.

  safety_fixtures.py make <dir>    write the fixtures, print a JSON manifest
  safety_fixtures.py files <dir>   small v3, v2 and TIFF inputs whose files the tests replace

`huge`: a uint8 array of 2^40 elements (chunks of 2^20) with one chunk
written; io.read must open it, a slice must compute, compute() of the whole
must be refused. The expected slice comes from zarr-python's own read.
"""
import json
import os
import sys
import warnings

import numpy as np
import tifffile
import zarr

warnings.filterwarnings("ignore")


def make(root):
    huge = os.path.join(root, "huge")
    a = zarr.create_array(huge, shape=(2**40,), chunks=(2**20,), dtype="uint8", fill_value=7, compressors=None)
    a[2**20 : 2**20 + 4096] = (np.arange(4096) % 251).astype("uint8")
    lo, hi = 2**20 - 8, 2**20 + 8
    print(json.dumps({"huge": {"path": huge, "lo": lo, "hi": hi, "expected": a[lo:hi].tolist()}}))


def files(root):
    """Arrays of 2 chunks (values 0..15) and a TIFF; the expected values are zarr-python's/tifffile's read."""
    data = np.arange(16, dtype="uint16").reshape(4, 4)
    v3 = zarr.create_array(os.path.join(root, "v3"), shape=(4, 4), chunks=(2, 4), dtype="uint16", compressors=None)
    v3[:] = data
    v2 = zarr.create_array(os.path.join(root, "v2"), shape=(4, 4), chunks=(2, 4), dtype="uint16", zarr_format=2, compressors=None)
    v2[:] = data
    v2.attrs["note"] = "v2"
    tifffile.imwrite(os.path.join(root, "image.tif"), data)
    print(json.dumps({
        "v3": v3[:].ravel().tolist(), "v2": v2[:].ravel().tolist(),
        "tiff": tifffile.imread(os.path.join(root, "image.tif")).ravel().tolist(),
    }))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "files":
        files(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
