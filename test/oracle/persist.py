"""Oracle for test/persist.test.ts: NumPy evaluates the chain on the source
(read by zarr-python from its copy), and zarr-python reads the persisted store."""
import json
import sys

import numpy as np
import zarr

if __name__ == "__main__":
    plan = json.load(open(sys.argv[2]))
    src = zarr.open_array(plan["source"], mode="r")[...]
    expected = np.sqrt(src.astype(np.float64)) * 2 + 1
    stored = zarr.open_array(plan["persisted"], mode="r")
    print(json.dumps({
        "expected": expected.ravel().tolist(),
        "stored": stored[...].ravel().tolist(),
        "storedChunks": list(stored.chunks),
    }))
