"""TensorStore oracle for coarsen (tensorstore.downsample over ts.array).

  run PLAN OUTDIR   PLAN = {"inputs": [{"dtype", "shape", "seed", "values", "zarr"?}],
                            "cases": [{"in", "factors", "method", "pre"?, "post"?}]}
      (factors: a list, or one number for every axis).
      values: "small" (few distinct values: ties for mode, median and rounding),
      "wide" (the dtype's full range; for floats NaN, ±inf and -0 as well) or
      "finite" (floats without NaN or -0, whose median and mode TensorStore leaves
      to std::nth_element / std::sort's handling of unordered values).
      Writes each input's little-endian C-order bytes to OUTDIR/in<k>.bin (and, with
      "zarr": {"chunks"}, a Zarr v3 zstd copy OUTDIR/in<k>.zarr). A case computes
      ts.downsample(ts.array(x[pre]), factors, method)[post] (pre/post: one
      [start, stop, step] per axis, entries may be null), appends the result to
      OUTDIR/results.bin and prints {"results": [{"offset", "nbytes", "shape", "dtype"} |
      {"error": message}]}.
"""
import json
import os
import sys

import numpy as np
import tensorstore as ts


def make_input(spec):
    rng = np.random.default_rng(spec["seed"])
    shape = tuple(spec["shape"])
    d = np.dtype(spec["dtype"])
    n = int(np.prod(shape))
    kind = spec["values"]
    if d.kind == "b":
        a = rng.integers(0, 2, n).astype(bool)
    elif d.kind in "iu":
        info = np.iinfo(d)
        if kind == "small":
            lo = 0 if d.kind == "u" else -3
            a = rng.integers(lo, lo + 7, n).astype(d)
        else:
            a = rng.integers(int(info.min), int(info.max), n, dtype=d, endpoint=True)
            edge = rng.random(n) < 0.3  # many extremes: sums beyond 64 bits for 64-bit ints
            a = np.where(edge, np.where(rng.random(n) < 0.5, info.min, info.max), a).astype(d)
    else:
        real = np.dtype(d.char.lower()) if d.kind == "c" else d
        if kind == "small":
            v = rng.integers(-3, 4, n).astype(np.float64) / 2
        else:
            v = rng.standard_normal(n) * 1000
            if d == np.float16:
                v = rng.standard_normal(n) * 30
        if kind == "wide" and n:
            specials = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, -2.5])
            pick = rng.random(n) < 0.1
            v = np.where(pick, specials[rng.integers(0, len(specials), n)], v)
        v = v.astype(real)
        if d.kind == "c":
            w = (rng.integers(-2, 3, n) / 2).astype(real) if kind == "small" else (rng.standard_normal(n) * 100).astype(real)
            a = (v.astype(np.float64) + 1j * w.astype(np.float64)).astype(d)
        else:
            a = v
    return a.reshape(shape)


def sel(items):
    return tuple(slice(*it) for it in items)


def write_zarr(path, a, layout):
    import zarr  # only plans with Zarr inputs pay for the import
    from zarr.codecs import ZstdCodec
    z = zarr.create_array(path, shape=a.shape, chunks=layout["chunks"], dtype=a.dtype,
                          compressors=[ZstdCodec(level=1)], zarr_format=3, fill_value=0)
    z[...] = a


def run(plan, outdir):
    inputs = []
    for k, spec in enumerate(plan["inputs"]):
        a = make_input(spec)
        inputs.append(a)
        with open(os.path.join(outdir, f"in{k}.bin"), "wb") as f:
            f.write(a.astype(a.dtype.newbyteorder("<")).tobytes())
        if spec.get("zarr"):
            write_zarr(os.path.join(outdir, f"in{k}.zarr"), a, spec["zarr"])
    results = []
    offset = 0
    with open(os.path.join(outdir, "results.bin"), "wb") as out:
        for case in plan["cases"]:
            x = inputs[case["in"]]
            if case.get("pre"):
                x = np.ascontiguousarray(x[sel(case["pre"])])
            f = case["factors"]
            factors = [f] * x.ndim if isinstance(f, int) else f
            try:
                y = ts.downsample(ts.array(x), factors, case["method"]).read().result()
            except Exception as err:  # noqa: BLE001 - the oracle reports TensorStore's refusal
                results.append({"error": str(err).splitlines()[0]})
                continue
            y = np.asarray(y)
            if case.get("post"):
                y = y[sel(case["post"])]
            b = np.ascontiguousarray(y).astype(y.dtype.newbyteorder("<")).tobytes()
            out.write(b)
            results.append({"offset": offset, "nbytes": len(b), "shape": list(y.shape), "dtype": str(y.dtype)})
            offset += len(b)
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    if sys.argv[1] != "run":
        raise SystemExit(f"unknown command {sys.argv[1]}")
    with open(sys.argv[2]) as f:
        run(json.load(f), sys.argv[3])
