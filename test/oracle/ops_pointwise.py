"""NumPy 2 oracle for the pointwise operations (test/ops-pointwise.test.ts).

  dtypes PLAN         PLAN = {"unary": [op...], "binary": [op...], "dtypes": [...], "scalars": [{"s", "k"}...]}.
                      Prints {"table": [[op, [arg...], dtype | {"error": cls}]...]}: every unary op over
                      every dtype, every binary op over every dtype pair and every dtype with each
                      scalar on either side. An arg is a dtype name or a scalar {"s", "k"}.
  eval PLAN OUTDIR    PLAN = {"inputs": [{"dtype", "shape", "seed", "kind"}], "cases": [expr...]}.
                      Writes input k's little-endian bytes to OUTDIR/in<k>.bin, evaluates each
                      expression, appends results to OUTDIR/results.bin and prints {"results":
                      [{"offset", "nbytes", "shape", "dtype"} | {"error": msg}]}.

Operation names are the library's (camelCase); NAMES maps them to NumPy's. An expression is
{"in": k} | {"op": name, "args": [...]} | {"op": "get", "args": [expr], "sel": [item...]} with
scalars {"s": v, "k": "int" | "float" | "bool"} (an int's "s" may be a decimal string).
"""
import json
import re
import sys
import warnings

import numpy as np
from np_key import to_key

import lazy_ops
from lazy_ops import is_scalar, scalar

warnings.filterwarnings("ignore")

NAMES = {"abs": "absolute", "mod": "remainder"}


def numpy_name(op):
    return NAMES.get(op, re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), op))


def saturate_cast(x, dtype):
    """Clamp into dtype's range, NaN -> 0, then cast; floats to integers round to nearest."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu" or x.dtype.kind not in "biuf" or x.dtype == dtype:
        return x.astype(dtype)
    info = np.iinfo(dtype)
    if x.dtype.kind == "f":
        v = np.rint(np.nan_to_num(x.astype(np.float64), nan=0.0, posinf=np.inf, neginf=-np.inf))
        out = np.empty(x.shape, dtype)
        # Compare as exact Python ints so the 64-bit bounds are not rounded.
        flat = [info.max if a >= 2.0 ** (info.bits - (info.kind == "i")) else info.min if a < float(info.min) else int(a)
                for a in v.ravel()]
        out.ravel()[:] = np.array(flat, dtype=object).astype(dtype)
        return out
    vals = [min(max(int(a), int(info.min)), int(info.max)) for a in x.ravel()]
    return np.array(vals, dtype=object).astype(dtype).reshape(x.shape)


def call(op, args):
    if op == "get":
        return args[0][to_key(args[1])]
    if op == "astype":
        return args[0].astype(args[1])
    if op == "saturateCast":
        return saturate_cast(np.asarray(args[0]), args[1])
    if op == "isin":
        return np.isin(args[0], np.asarray(args[1]))
    if op == "digitize":
        return np.digitize(args[0], np.asarray(args[1]), *(args[2:3]))
    if op == "round":
        return np.round(args[0], *(args[1:2]))
    if op == "clip":
        return np.clip(args[0], args[1], args[2])
    if op == "where":
        return np.where(args[0], args[1], args[2])
    return getattr(np, numpy_name(op))(*args)


def evaluate(e, inputs):
    if "in" in e:
        return inputs[e["in"]]

    def ev(x):
        if isinstance(x, dict) and ("in" in x or "op" in x):
            return evaluate(x, inputs)
        return scalar(x) if is_scalar(x) else x

    args = [ev(a) for a in e.get("args", [])]
    if e["op"] == "get":
        args.append(e["sel"])
    return call(e["op"], args)


SPECIAL_FLOATS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-300, 3e38, 65504.0, 7.0, -7.0]


def make_input(spec):
    """kind "general": random values plus the special ones (NaN, inf, -0, extremes);
    "small": integers 0..7 (exponents, shift counts); "unit": values in [-1.2, 1.2]."""
    rng = np.random.default_rng(spec["seed"])
    shape = tuple(spec["shape"])
    d = np.dtype(spec["dtype"])
    kind = spec.get("kind", "general")
    n = int(np.prod(shape))
    if kind == "small":
        return rng.integers(0, 8, n).astype(d).reshape(shape)
    if d.kind == "b":
        a = rng.integers(0, 2, n).astype(bool)
    elif d.kind in "iu":
        info = np.iinfo(d)
        a = rng.integers(max(info.min, -100), min(info.max, 100) + 1, n).astype(d)
        special = [0, 1, -1, 2, -2, info.min, info.max, info.min + 1, info.max - 1, 7, -7]
        special = [v for v in special if info.min <= v <= info.max]
        pos = rng.permutation(n)[: min(n, len(special))]
        a[pos] = np.array(special[: len(pos)], dtype=object).astype(d)
    else:
        real = rng.standard_normal(n) * 20 if kind == "general" else rng.uniform(-1.2, 1.2, n)
        real = np.where(rng.random(n) < 0.15, np.round(real), real)
        if kind == "general":
            pos = rng.permutation(n)[: min(n, len(SPECIAL_FLOATS))]
            real[pos] = SPECIAL_FLOATS[: len(pos)]
        if d.kind == "c":
            imag = rng.standard_normal(n) * (20 if kind == "general" else 0.5)
            imag = np.where(rng.random(n) < 0.2, 0.0, imag)
            a = (real + 1j * imag).astype(d)
        else:
            a = real.astype(d)
    return a.reshape(shape)


def dtype_of(op, args):
    vals = [np.ones(3, dtype=a) if isinstance(a, str) else scalar(a) for a in args]
    return np.asarray(call(op, vals)).dtype.name


def cmd_dtypes(plan):
    table = []
    dtypes = plan["dtypes"]

    def add(op, args):
        try:
            table.append([op, args, dtype_of(op, args)])
        except Exception as exc:  # noqa: BLE001 - the error class is the answer
            table.append([op, args, {"error": type(exc).__name__}])

    for op in plan["unary"]:
        for d in dtypes:
            add(op, [d])
    for op in plan["binary"]:
        for a in dtypes:
            for b in dtypes:
                add(op, [a, b])
            for s in plan["scalars"]:
                add(op, [a, s])
                add(op, [s, a])
    return {"table": table}


def cmd_eval(plan, outdir):
    return lazy_ops.cmd_eval(plan, outdir, make_input, evaluate)


if __name__ == "__main__":
    cmd, plan_file = sys.argv[1:3]
    with open(plan_file) as fh:
        plan = json.load(fh)
    print(json.dumps(cmd_dtypes(plan) if cmd == "dtypes" else cmd_eval(plan, sys.argv[3])))
