"""scipy.ndimage oracle for the neighbourhood filters (test/filters.test.ts).

  run PLAN OUTDIR   PLAN = {"inputs": [{"dtype", "shape", "seed"}], "cases": [case, ...]}.
                    Writes input k's little-endian C-order bytes to OUTDIR/in<k>.bin, runs
                    every case with scipy.ndimage on the whole (or sliced) input, appends the
                    results to OUTDIR/results.bin and prints {"results": [{"offset", "nbytes",
                    "shape", "dtype"} | {"error": msg}]}.

A case: {"in": k, "op": scipy name, "args": [...], "kw": {...}, "sel": "numpy index text"?,
"add": number?, "then": {"op", "args", "kw"}? (a second filter applied to the
result)}; an arg {"weights": {"shape", "values"}} becomes a float64 array.
"""
import json
import os
import sys
import warnings

import numpy as np
from scipy import ndimage

warnings.filterwarnings("ignore")


def make_input(spec):
    rng = np.random.default_rng(spec["seed"])
    shape = tuple(spec["shape"])
    d = np.dtype(spec["dtype"])
    n = int(np.prod(shape))
    if d.kind in "iu":
        info = np.iinfo(d)
        a = rng.integers(max(info.min, -300), min(info.max, 300) + 1, n)
    else:
        a = rng.standard_normal(n) * 20
    return a.astype(d).reshape(shape)


def arg(v):
    if isinstance(v, dict) and "weights" in v:
        w = v["weights"]
        return np.array(w["values"], dtype=np.float64).reshape(w["shape"])
    return v


def run(plan_file, outdir):
    plan = json.load(open(plan_file))
    inputs = []
    for k, spec in enumerate(plan["inputs"]):
        a = make_input(spec)
        inputs.append(a)
        a.astype(a.dtype.newbyteorder("<")).tofile(os.path.join(outdir, f"in{k}.bin"))
    results = []
    with open(os.path.join(outdir, "results.bin"), "wb") as out:
        offset = 0
        for case in plan["cases"]:
            try:
                a = inputs[case["in"]]
                if "sel" in case:
                    a = eval(f"a[{case['sel']}]")
                r = getattr(ndimage, case["op"])(a, *[arg(v) for v in case.get("args", [])], **case.get("kw", {}))
                if "then" in case:
                    t = case["then"]
                    r = getattr(ndimage, t["op"])(r, *[arg(v) for v in t.get("args", [])], **t.get("kw", {}))
                if "add" in case:
                    r = r + np.array(case["add"], dtype=r.dtype)
                r = np.ascontiguousarray(r)
                data = r.astype(r.dtype.newbyteorder("<")).tobytes()
                out.write(data)
                results.append({"offset": offset, "nbytes": len(data), "shape": list(r.shape), "dtype": str(r.dtype)})
                offset += len(data)
            except Exception as e:  # reported per case
                results.append({"error": f"{type(e).__name__}: {e}"})
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
