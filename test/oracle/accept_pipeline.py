"""Oracle for the lazy-pipeline acceptance suite.

  make PLAN OUTDIR   Writes every input of plan["inputs"] with zarr-python:
                     {name, shape, chunks, dtype, format: 2|3, codec: none|zstd|blosc, kind}.
                     Large inputs are written block by block along axis 0.
  check PLAN OUTDIR  For every plan["checks"] entry {output, expr, blocked?}: reads
                     OUTDIR/<output> with zarr-python and compares it with the NumPy
                     expression `expr` over the inputs (names bound to NumPy arrays; with
                     blocked, evaluated per block of axis 0 for elementwise chains).
                     Prints {output: "ok" | message}.
"""
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import numcodecs  # noqa: E402
import zarr  # noqa: E402
from zarr.codecs import BloscCodec, ZstdCodec  # noqa: E402

BLOCK = 4


def values(spec, start, stop):
    """Deterministic data for rows [start, stop) of axis 0, negatives included."""
    shape = [stop - start, *spec["shape"][1:]]
    n = int(np.prod(shape))
    base = np.arange(n, dtype=np.float64).reshape(shape) + start * int(np.prod(spec["shape"][1:]))
    kind = spec.get("kind", "wave")
    if kind == "wave":
        v = np.sin(base * 0.37) * 1.7
    else:  # "ints"
        v = (base * 7919) % 2001 - 1000
    return v.astype(spec["dtype"])


def create(path, spec):
    codec = spec.get("codec", "none")
    if spec["format"] == 2:
        comp = {"none": None, "zstd": numcodecs.Zstd(level=1), "blosc": numcodecs.Blosc(cname="lz4")}[codec]
        return zarr.create_array(path, shape=spec["shape"], chunks=spec["chunks"], dtype=spec["dtype"],
                                 zarr_format=2, compressors=comp, fill_value=0)
    comp = {"none": None, "zstd": [ZstdCodec(level=1)], "blosc": [BloscCodec(cname="lz4")]}[codec]
    return zarr.create_array(path, shape=spec["shape"], chunks=spec["chunks"], dtype=spec["dtype"],
                             compressors=comp, fill_value=0)


def make(plan, outdir):
    for spec in plan["inputs"]:
        z = create(os.path.join(outdir, spec["name"]), spec)
        rows = spec["shape"][0]
        step = max(BLOCK, spec["chunks"][0])
        for s in range(0, rows, step):
            z[s:min(rows, s + step)] = values(spec, s, min(rows, s + step))
    return {"ok": True}


def mismatch(actual, expected):
    if actual.shape != expected.shape:
        return f"shape {actual.shape} != {expected.shape}"
    if actual.dtype != expected.dtype:
        return f"dtype {actual.dtype} != {expected.dtype}"
    a, e = np.ascontiguousarray(actual), np.ascontiguousarray(expected)
    if a.dtype.kind == "f":
        bits = np.dtype(f"u{a.dtype.itemsize}")
        same = (a.view(bits) == e.view(bits)) | (np.isnan(a) & np.isnan(e))
    else:
        same = a == e
    if same.all():
        return None
    idx = tuple(int(i) for i in np.argwhere(~same)[0])
    return f"{int((~same).sum())} differences; first at {idx}: got {a[idx]!r}, expected {e[idx]!r}"


def check(plan, outdir):
    specs = {s["name"]: s for s in plan["inputs"]}
    report = {}
    for c in plan["checks"]:
        try:
            out = zarr.open_array(os.path.join(outdir, c["output"]), mode="r")
            if c.get("blocked"):
                name = c["inputs"][0]
                rows = specs[name]["shape"][0]
                msg = None
                for s in range(0, rows, BLOCK):
                    env = {"np": np, name: values(specs[name], s, min(rows, s + BLOCK))}
                    msg = mismatch(out[s:s + BLOCK], eval(c["expr"], env))  # noqa: S307 (our own plan)
                    if msg:
                        msg = f"rows {s}+: {msg}"
                        break
                if not msg and tuple(out.shape) != tuple(specs[name]["shape"]):
                    msg = f"shape {out.shape}"
            else:
                env = {"np": np}
                for name in c["inputs"]:
                    env[name] = values(specs[name], 0, specs[name]["shape"][0])
                msg = mismatch(out[...], np.asarray(eval(c["expr"], env)))  # noqa: S307
            report[c["output"]] = msg or "ok"
        except Exception as e:
            report[c["output"]] = f"{type(e).__name__}: {e}"
    return report


if __name__ == "__main__":
    command, plan_file, outdir = sys.argv[1:4]
    with open(plan_file) as fh:
        plan = json.load(fh)
    print(json.dumps(make(plan, outdir) if command == "make" else check(plan, outdir)))
