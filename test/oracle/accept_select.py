"""Acceptance oracle for basic indexing.

  run PLAN OUTDIR  Writes each array of the plan with zarr-python (OUTDIR/<name>.zarr),
                   applies every selection chain with NumPy and appends the results
                   (little-endian C order) to OUTDIR/results.bin. Prints
                   {"results": [{"offset", "nbytes", "shape"} | {"error": msg}, ...]}.

An array: {name, shape, chunks, dtype, format: v2|v3|v3s, order?}; a selection:
{array, chain: [[item, ...], ...]} where an item is {"i": n}, {"s": [start, stop, step]},
"...", "newaxis" or null (the whole axis).
"""
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import zarr  # noqa: E402
from zarr.codecs import BloscCodec, ZstdCodec  # noqa: E402
from np_key import to_key


def data_for(spec):
    n = int(np.prod(spec["shape"]))
    rng = np.random.default_rng(n)
    if spec["dtype"].startswith("float"):
        return (rng.standard_normal(n) * 1000).astype(spec["dtype"]).reshape(spec["shape"])
    return np.arange(n, dtype=spec["dtype"]).reshape(spec["shape"]) * 3 - 17


def write(path, spec, data):
    if spec["format"] == "v2":
        z = zarr.create_array(path, shape=data.shape, chunks=spec["chunks"], dtype=data.dtype, zarr_format=2,
                              order=spec.get("order", "C"), compressors=None, fill_value=0)
    elif spec["format"] == "v3":
        z = zarr.create_array(path, shape=data.shape, chunks=spec["chunks"], dtype=data.dtype,
                              compressors=[ZstdCodec(level=1)], fill_value=0)
    else:
        shards = [c * 2 for c in spec["chunks"]]
        z = zarr.create_array(path, shape=data.shape, chunks=spec["chunks"], shards=shards, dtype=data.dtype,
                              compressors=[BloscCodec(cname="lz4")], fill_value=0)
    z[...] = data


def main(plan, outdir):
    arrays = {}
    for spec in plan["arrays"]:
        data = data_for(spec)
        data.astype(data.dtype.newbyteorder("<")).tofile(os.path.join(outdir, spec["name"] + ".bin"))
        write(os.path.join(outdir, spec["name"] + ".zarr"), spec, data)
        arrays[spec["name"]] = data
    results = []
    offset = 0
    with open(os.path.join(outdir, "results.bin"), "wb") as f:
        for sel in plan["selections"]:
            try:
                value = arrays[sel["array"]]
                for items in sel["chain"]:
                    value = value[to_key(items)]
            except (IndexError, ValueError, TypeError) as e:
                results.append({"error": f"{type(e).__name__}: {e}"})
                continue
            value = np.asarray(value)  # (not ascontiguousarray: it turns 0-d results into 1-d)
            raw = value.astype(value.dtype.newbyteorder("<")).tobytes(order="C")
            f.write(raw)
            results.append({"offset": offset, "nbytes": len(raw), "shape": list(value.shape)})
            offset += len(raw)
    return {"results": results}


if __name__ == "__main__":
    _, plan_file, outdir = sys.argv[1:4]
    with open(plan_file) as fh:
        print(json.dumps(main(json.load(fh), outdir)))
