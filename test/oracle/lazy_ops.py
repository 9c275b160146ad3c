"""NumPy oracle for the lazy layer (selections, operations, dtype promotion).

  dtypes PLAN         PLAN = {"queries": [{"op": name, "args": [operand, ...]}]}; an operand is
                      {"dtype": d} (an array of that dtype) or a scalar {"s": value, "k": int|float|bool}.
                      Prints {"results": [dtype name | {"error": cls}]} from real NumPy calls on
                      tiny arrays, plus "result_type" queries answered by np.result_type.
  eval PLAN OUTDIR    PLAN = {"inputs": [{"dtype", "shape", "seed", "zarr"?}], "cases": [expr, ...]}.
                      Writes each input's little-endian C-order bytes to OUTDIR/in<k>.bin (and, with
                      "zarr": {"chunks", "shards"?}, a Zarr v3 copy OUTDIR/in<k>.zarr), evaluates
                      each expression with NumPy, appends results to OUTDIR/results.bin and prints
                      {"results": [{"offset", "nbytes", "shape", "dtype"} | {"error": msg}]}.

An expression: {"in": k} | {"op": name, "args": [...]} | {"op": "get", "args": [expr], "sel": [item...]}
where args hold expressions, scalars {"s": v, "k": kind}, or plain JSON (axes, shapes, widths, dicts).
A selection item is {"i": n}, {"s": [start, stop, step]}, "...", "newaxis" or null.
"""
import json
import os
import sys
import warnings

import numpy as np
from np_key import to_key

warnings.filterwarnings("ignore")


def scalar(v):
    k = v["k"]
    if k == "int":
        return int(v["s"])
    if k == "float":
        return float(v["s"])
    return bool(v["s"])


def is_scalar(v):
    return isinstance(v, dict) and "k" in v and "s" in v


def make_input(spec):
    rng = np.random.default_rng(spec["seed"])
    shape = tuple(spec["shape"])
    d = np.dtype(spec["dtype"])
    n = int(np.prod(shape))
    if d.kind == "b":
        a = rng.integers(0, 2, n).astype(bool)
    elif d.kind in "iu":
        info = np.iinfo(d)
        lo, hi = max(info.min, -100), min(info.max, 100)
        a = rng.integers(lo, hi + 1, n).astype(d)
    elif d.kind == "f":
        a = rng.standard_normal(n) * 20
        a = np.where(rng.random(n) < 0.15, np.round(a), a).astype(d)  # some whole numbers (ties, zeros)
    else:
        a = (rng.standard_normal(n) * 20 + 1j * rng.standard_normal(n) * 20).astype(d)
    return a.reshape(shape)


def axis_arg(a):
    return tuple(a) if isinstance(a, list) else a


def evaluate(e, inputs):
    if "in" in e:
        return inputs[e["in"]]
    op = e["op"]
    ev = lambda x: evaluate(x, inputs) if isinstance(x, dict) and ("in" in x or "op" in x) else (scalar(x) if is_scalar(x) else x)
    args = [ev(a) for a in e.get("args", [])]
    if op == "get":
        return args[0][to_key(e["sel"])]
    if op in ("abs", "sign", "sqrt"):
        return getattr(np, {"abs": "abs"}.get(op, op))(args[0])
    if op == "round":
        return np.round(args[0], *(args[1:2]))
    if op == "clip":
        return np.clip(args[0], args[1], args[2])
    if op in ("add", "subtract", "multiply", "divide"):
        return getattr(np, op)(args[0], args[1])
    if op == "where":
        return np.where(args[0], args[1], args[2])
    if op == "astype":
        return args[0].astype(args[1])
    if op == "concatenate":
        return np.concatenate([ev(x) for x in e["args"][0]], *args[1:])
    if op == "stack":
        return np.stack([ev(x) for x in e["args"][0]], *args[1:])
    if op == "expandDims":
        return np.expand_dims(args[0], axis_arg(args[1]))
    if op == "squeeze":
        return np.squeeze(args[0], axis_arg(args[1]) if len(args) > 1 else None)
    if op == "swapAxes":
        return np.swapaxes(args[0], args[1], args[2])
    if op == "transpose":
        return np.transpose(args[0], args[1] if len(args) > 1 else None)
    if op == "reshape":
        return np.reshape(args[0], args[1])
    if op == "flatten":
        return args[0].ravel()
    if op == "pad":
        opts = args[2] if len(args) > 2 else {}
        mode = opts.get("mode", "constant")
        if mode == "constant":
            return np.pad(args[0], args[1], mode="constant", constant_values=opts.get("value", 0))
        return np.pad(args[0], args[1], mode=mode)
    if op == "tile":
        return np.tile(args[0], args[1])
    if op == "roll":
        return np.roll(args[0], args[1], axis_arg(args[2]) if len(args) > 2 else None)
    if op == "flip":
        return np.flip(args[0], axis_arg(args[1]) if len(args) > 1 else None)
    if op in ("min", "max", "sum", "mean"):
        return getattr(np, op)(args[0], axis=axis_arg(args[1]) if len(args) > 1 else None)
    raise ValueError(f"unknown op {op}")


def dtype_query(q):
    if q["op"] == "concatenate_dtypes":
        return np.concatenate([np.ones(3, dtype=a["dtype"]) for a in q["args"]]).dtype.name
    if q["op"] == "result_type":
        vals = [np.dtype(a["dtype"]) if "dtype" in a else scalar(a) for a in q["args"]]
        return np.result_type(*vals).name
    e = {"op": q["op"], "args": []}
    inputs = []
    for a in q["args"]:
        if isinstance(a, dict) and "dtype" in a:
            inputs.append(np.ones(3, dtype=a["dtype"]))
            e["args"].append({"in": len(inputs) - 1})
        else:
            e["args"].append(a)
    return np.asarray(evaluate(e, inputs)).dtype.name


def cmd_dtypes(plan):
    out = []
    for q in plan["queries"]:
        try:
            out.append(dtype_query(q))
        except Exception as exc:  # noqa: BLE001 - the error class is the answer
            out.append({"error": type(exc).__name__})
    return {"results": out}


def write_zarr(path, a, layout):
    import zarr  # only plans that ask for Zarr copies pay for the import

    z = zarr.create_array(path, shape=a.shape, chunks=layout["chunks"], shards=layout.get("shards"),
                          dtype=a.dtype, fill_value=0)
    z[...] = a


def cmd_eval(plan, outdir, make=None, evaluate_case=None):
    """make / evaluate_case: another oracle's input maker and evaluator (ops_pointwise.py);
    by default this module's (looked up at call time, so ops_extra.py's override applies)."""
    make = make or make_input
    evaluate_case = evaluate_case or evaluate
    inputs = []
    for k, spec in enumerate(plan["inputs"]):
        a = make(spec)
        a.astype(a.dtype.newbyteorder("<")).tofile(os.path.join(outdir, f"in{k}.bin"))
        if spec.get("zarr"):
            write_zarr(os.path.join(outdir, f"in{k}.zarr"), a, spec["zarr"])
        inputs.append(a)
    results = []
    offset = 0
    with open(os.path.join(outdir, "results.bin"), "wb") as f:
        for case in plan["cases"]:
            try:
                value = np.array(evaluate_case(case, inputs), order="C")  # keeps 0-d (ascontiguousarray makes it 1-d)
            except Exception as exc:  # noqa: BLE001
                results.append({"error": f"{type(exc).__name__}: {exc}"})
                continue
            raw = value.astype(value.dtype.newbyteorder("<")).tobytes()
            f.write(raw)
            results.append({"offset": offset, "nbytes": len(raw), "shape": list(value.shape), "dtype": value.dtype.name})
            offset += len(raw)
    return {"results": results}


if __name__ == "__main__":
    cmd, plan_file = sys.argv[1:3]
    with open(plan_file) as fh:
        plan = json.load(fh)
    print(json.dumps(cmd_dtypes(plan) if cmd == "dtypes" else cmd_eval(plan, sys.argv[3])))
