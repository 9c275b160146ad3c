"""Oracle for test/write-memory-budget.test.ts: zarr-python reads two outputs
block by block; they must be equal and within [0, 1) (sqrt of uniform [0, 1))."""
import json
import sys

import numpy as np
import zarr

if __name__ == "__main__":
    a = zarr.open_array(sys.argv[1], mode="r")
    b = zarr.open_array(sys.argv[2], mode="r")
    same, inrange = True, True
    for i in range(0, a.shape[0], 4):
        x, y = a[i:i + 4], b[i:i + 4]
        same = same and bool(np.array_equal(x, y))
        inrange = inrange and bool((x >= 0).all() and (x < 1).all())
    print(json.dumps({"shape": list(a.shape), "same": same, "inrange": inrange, "std": float(a[0].std())}))
