"""Oracle for test/write-options-follow.test.ts. `make` writes the inputs with
zarr-python 3 (a v2 array with a zstd compressor and a delta filter, a sharded
v3 array with zstd); `check` reads each output with zarr-python and reports
its format, grid, codecs and whether its values equal its input's."""
import json
import sys

import numcodecs
import numpy as np
import zarr


def make(plan, out):
    for spec in plan["inputs"]:
        shape = tuple(spec["shape"])
        data = ((np.arange(int(np.prod(shape))) * 7) % 251).astype(spec["dtype"]).reshape(shape)
        if spec["format"] == 2:
            a = zarr.create_array(spec["path"], shape=shape, chunks=tuple(spec["chunks"]), dtype=spec["dtype"], zarr_format=2,
                                  compressors=numcodecs.Zstd(level=3), filters=[numcodecs.Delta(dtype=spec["dtype"])], fill_value=0)
        else:
            a = zarr.create_array(spec["path"], shape=shape, chunks=tuple(spec["chunks"]), shards=tuple(spec["shards"]) if spec.get("shards") else None,
                                  dtype=spec["dtype"], compressors=zarr.codecs.ZstdCodec(level=2), fill_value=0)
        a[...] = data
    print(json.dumps({"ok": True}))


def describe(arr):
    if arr.metadata.zarr_format == 2:
        comp = arr.metadata.compressor
        return {"compressor": comp.get_config() if comp else None, "filters": [f.get_config() for f in (arr.metadata.filters or [])]}
    return {"codecs": [c.to_dict()["name"] for c in arr.metadata.codecs]}


def check(plan, out):
    res = {}
    for c in plan["checks"]:
        arr = zarr.open_array(c["output"], mode="r")
        src = zarr.open_array(c["input"], mode="r")
        res[c["name"]] = {
            "zarrFormat": arr.metadata.zarr_format,
            "chunks": list(arr.chunks),
            "shards": list(arr.shards) if arr.shards else None,
            "equal": bool(np.array_equal(arr[...], src[...])),
            **describe(arr),
        }
    print(json.dumps(res))


if __name__ == "__main__":
    cmd, plan_file = sys.argv[1], sys.argv[2]
    plan = json.load(open(plan_file))
    {"make": make, "check": check}[cmd](plan, None)
