"""Fixtures for test/safety-limits.test.ts, written by zarr-python 3.

  safety_fixtures.py make <dir>    write the fixtures, print a JSON manifest

`huge`: a uint8 array of 2^40 elements (chunks of 2^20) with one chunk
written; io.read must open it, a slice must compute, compute() of the whole
must be refused. The expected slice comes from zarr-python's own read.
"""
import json
import os
import sys
import warnings

import numpy as np
import zarr

warnings.filterwarnings("ignore")


def make(root):
    huge = os.path.join(root, "huge")
    a = zarr.create_array(huge, shape=(2**40,), chunks=(2**20,), dtype="uint8", fill_value=7, compressors=None)
    a[2**20 : 2**20 + 4096] = (np.arange(4096) % 251).astype("uint8")
    lo, hi = 2**20 - 8, 2**20 + 8
    print(json.dumps({"huge": {"path": huge, "lo": lo, "hi": hi, "expected": a[lo:hi].tolist()}}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
