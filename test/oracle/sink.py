"""Oracle for test/sink.test.ts: NumPy assembles each sink's blocks into the
expected array (fill value elsewhere); zarr-python 3 reads what the sink wrote.
The block values are the formula base[i] = (3 * i) % 1000 of the C-order
linear index i, the same formula the test uses to build them."""
import json
import sys

import numpy as np
import zarr


def check(case):
    shape = tuple(case["shape"])
    dtype = np.dtype(case["dtype"])
    base = ((np.arange(int(np.prod(shape)), dtype=np.int64) * 3) % 1000).astype(dtype).reshape(shape)
    expected = np.full(shape, case["fill"], dtype=dtype)
    for lo, hi in case["blocks"]:
        sl = tuple(slice(a, b) for a, b in zip(lo, hi))
        expected[sl] = base[sl]
    arr = zarr.open_array(case["path"], mode="r")
    got = arr[...]
    return {
        "equal": bool(np.array_equal(got, expected)),
        "zarrFormat": arr.metadata.zarr_format,
        "chunks": list(arr.chunks),
        "shards": list(arr.shards) if getattr(arr, "shards", None) else None,
        "fill": float(arr.fill_value),
        "mismatches": int((got != expected).sum()),
    }


if __name__ == "__main__":
    plan = json.load(open(sys.argv[2]))
    print(json.dumps([check(c) for c in plan]))
