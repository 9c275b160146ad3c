"""Oracle for test/shard-index-cache.test.ts and test/chunk-cache.test.ts.

make: writes sharded uint16 Zarr v3 arrays with zarr-python (values from a
seeded NumPy generator), one per plan entry.
read: reads boxes with zarr-python and writes each as raw little-endian bytes
to the file the plan names, so the test compares our compute() bit for bit.
tiff: writes a small tiled TIFF with tifffile.
"""
import json
import sys

import numpy as np
import zarr
from zarr.codecs import ZstdCodec


def make(plan):
    for a in plan["arrays"]:
        rng = np.random.default_rng(a["seed"])
        data = rng.integers(0, 65535, size=a["shape"], dtype=np.uint16)
        compressors = [ZstdCodec(level=3)] if a.get("compressor", "zstd") == "zstd" else None
        z = zarr.create_array(store=a["path"], shape=a["shape"], chunks=a["chunks"], shards=a["shards"],
                              dtype="uint16", compressors=compressors, fill_value=0, overwrite=True)
        z[...] = data
    return {"made": len(plan["arrays"])}


def tiff(plan):
    import tifffile
    tifffile.imwrite(plan["path"], np.arange(64 * 64, dtype=np.uint16).reshape(64, 64), tile=(32, 32))
    return {"tiff": plan["path"]}


def read(plan):
    for r in plan["reads"]:
        z = zarr.open_array(r["path"], mode="r")
        box = tuple(slice(lo, hi) for lo, hi in r["box"])
        np.ascontiguousarray(z[box]).astype("<u2").tofile(r["out"])
    return {"read": len(plan["reads"])}


if __name__ == "__main__":
    command, plan_file = sys.argv[1], sys.argv[2]
    plan = json.load(open(plan_file))
    print(json.dumps({"make": make, "read": read, "tiff": tiff}[command](plan)))
