"""NumPy / scipy.ndimage / zarr-python oracle for mapBlocks and mapOverlap.

  prepare PLAN OUTDIR  PLAN = {"inputs": [{"shape", "dtype", "seed", "chunks"}],
                       "blocks": [case], "overlaps": [case]}. Writes each input as a
                       Zarr v3 array OUTDIR/in<k>.zarr, and each case's expected result's
                       little-endian C-order bytes to OUTDIR/<name>.bin. Prints {"shapes": {name: [shape, dtype]}}.
  check PLAN           PLAN = {"stores": [{"path", "expected"}]}: reads each store with
                       zarr-python and compares it with the expected .bin (same dtype and
                       shape). Prints {"results": [null | "difference"]}.

A "blocks" case {"name", "in", "fn", "blocks", "post"} applies the per-block function
fn to each block of the grid `blocks` (the same function the test writes in JS), then
post = {"add": number?, "sel": [[start, stop, step], ...]?}:
  scale_start:    x * 3 + (start[0] * 7 + start[1])        (same dtype)
  half_plus_max:  x / 2 + max(block)                        (float64)
An "overlaps" case {"name", "in", "mode", "cval", "depth"} is
scipy.ndimage.correlate(x, W, mode, cval) with W of shape 2*depth+1 holding 1, 2, 3, ...
({"filter": "uniform", "size"} instead: scipy.ndimage.uniform_filter), then [sel] when given.
"""
import json
import os
import sys

import numpy as np
import scipy.ndimage as ndi
import zarr


def make_input(spec):
    rng = np.random.default_rng(spec["seed"])
    x = rng.integers(-50, 50, size=spec["shape"]).astype(spec["dtype"])
    return x


def per_block(x, blocks, fn):
    out = None
    for start in np.ndindex(*[(n + b - 1) // b for n, b in zip(x.shape, blocks)]):
        lo = [i * b for i, b in zip(start, blocks)]
        box = tuple(slice(l, min(l + b, n)) for l, b, n in zip(lo, blocks, x.shape))
        r = fn(x[box], lo)
        if out is None:
            out = np.zeros(x.shape, r.dtype)
        out[box] = r
    return out


FNS = {
    "scale_start": lambda b, s: b * b.dtype.type(3) + b.dtype.type(s[0] * 7 + s[1]),
    "half_plus_max": lambda b, s: b.astype(np.float64) / 2 + float(b.max()),
}


def weights(depth):
    shape = [2 * d + 1 for d in depth]
    return np.arange(1, int(np.prod(shape)) + 1, dtype=np.float64).reshape(shape)


def prepare(plan, outdir):
    inputs = []
    for k, spec in enumerate(plan["inputs"]):
        x = make_input(spec)
        z = zarr.create_array(os.path.join(outdir, f"in{k}.zarr"), shape=x.shape, chunks=spec["chunks"],
                              dtype=x.dtype, compressors=None, zarr_format=3)
        z[...] = x
        inputs.append(x)
    shapes = {}
    for case in plan["blocks"]:
        r = per_block(inputs[case["in"]], case["blocks"], FNS[case["fn"]])
        post = case.get("post", {})
        if "add" in post:
            r = r + r.dtype.type(post["add"])
        if "sel" in post:
            r = r[tuple(slice(*s) for s in post["sel"])]
        np.ascontiguousarray(r).astype(r.dtype.newbyteorder("<")).tofile(os.path.join(outdir, case["name"] + ".bin"))
        shapes[case["name"]] = [list(r.shape), str(r.dtype)]
    for case in plan["overlaps"]:
        x = inputs[case["in"]].astype(np.float64)
        if case.get("filter") == "uniform":
            r = ndi.uniform_filter(x, size=case["size"], mode=case["mode"], cval=case.get("cval", 0.0))
        else:
            r = ndi.correlate(x, weights(case["depth"]), mode=case["mode"], cval=case.get("cval", 0.0))
        if "sel" in case:
            r = np.ascontiguousarray(r[tuple(slice(*s) for s in case["sel"])])
        r.astype("<f8").tofile(os.path.join(outdir, case["name"] + ".bin"))
        shapes[case["name"]] = [list(r.shape), "float64"]
    print(json.dumps({"shapes": shapes}))


def check(plan):
    results = []
    for s in plan["stores"]:
        z = zarr.open_array(s["path"], mode="r")
        got = z[...]
        want = np.fromfile(s["expected"], dtype=np.dtype(s["dtype"]).newbyteorder("<")).reshape(s["shape"])
        if got.dtype != np.dtype(s["dtype"]) or got.shape != want.shape:
            results.append(f"dtype/shape {got.dtype}{got.shape} != {s['dtype']}{want.shape}")
        elif not np.array_equal(got, want):
            idx = np.argwhere(got != want)[0]
            results.append(f"first difference at {idx.tolist()}: {got[tuple(idx)]} != {want[tuple(idx)]}")
        else:
            results.append(None)
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    cmd, plan_file = sys.argv[1], sys.argv[2]
    with open(plan_file) as f:
        plan = json.load(f)
    if cmd == "prepare":
        prepare(plan, sys.argv[3])
    else:
        check(plan)
