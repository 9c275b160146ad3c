"""NumPy oracle for creation, scans, diff, gradient and rot90: lazy_ops.py's
`eval` command and expression format (see there), with these ops added:

  zeros|ones|empty(shape, opts)  full(shape, value, opts)   opts: {dtype}; empty is zeros (ours is)
  zerosLike|onesLike|emptyLike(a, opts)  fullLike(a, value, opts)
  random(shape, opts)            opts: {dtype, seed}; the SplitMix64 stream below
  cumsum|cumprod|cummax|cummin(a, axis)   diff(a, n, axis)   gradient(a, axis)   rot90(a, k, axes)

random: element i (flat C-order index) = output i of SplitMix64 seeded with
`seed` mod 2^64: z = mix64(seed + (i + 1) * 0x9E3779B97F4A7C15), then the top
11/24/53 bits (float16/32/64) times 2^-bits. Written here from the published
algorithm, independently of binding/core/graph/random_node.cpp.
"""
import json
import sys

import numpy as np

import lazy_ops

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
BITS = {"float16": 11, "float32": 24, "float64": 53}


def splitmix64(seed, n):
    with np.errstate(over="ignore"):
        z = np.uint64(seed & MASK) + (np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GAMMA))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def random(shape, opts):
    dtype = opts.get("dtype", "float32")
    bits = BITS[dtype]
    n = int(np.prod(shape))
    top = splitmix64(int(opts["seed"]), n) >> np.uint64(64 - bits)
    return (top.astype(np.float64) * 2.0 ** -bits).astype(dtype).reshape(shape)


def none_axis(args, k):
    return args[k] if len(args) > k else None


def extra(op, args):
    opts = lambda k: args[k] if len(args) > k and isinstance(args[k], dict) else {}
    if op in ("zeros", "ones", "empty"):
        f = np.ones if op == "ones" else np.zeros
        return f(args[0], dtype=opts(1).get("dtype", "float64"))
    if op == "full":
        return np.full(args[0], args[1], dtype=opts(2).get("dtype", "float64"))
    if op in ("zerosLike", "onesLike", "emptyLike"):
        f = np.ones_like if op == "onesLike" else np.zeros_like
        return f(args[0], dtype=opts(1).get("dtype"))
    if op == "fullLike":
        return np.full_like(args[0], args[1], dtype=opts(2).get("dtype"))
    if op == "random":
        return random(args[0], opts(1))
    if op in ("cumsum", "cumprod"):
        return getattr(np, op)(args[0], axis=none_axis(args, 1))
    if op in ("cummax", "cummin"):
        a, axis = args[0], none_axis(args, 1)
        if axis is None:
            a, axis = a.ravel(), 0
        return (np.maximum if op == "cummax" else np.minimum).accumulate(a, axis=axis)
    if op == "diff":
        return np.diff(args[0], n=args[1] if len(args) > 1 else 1, axis=args[2] if len(args) > 2 else -1)
    if op == "gradient":
        return np.gradient(args[0], axis=args[1] if len(args) > 1 else -1)
    if op == "rot90":
        return np.rot90(args[0], k=args[1] if len(args) > 1 else 1, axes=tuple(args[2]) if len(args) > 2 else (0, 1))
    return None


base_evaluate = lazy_ops.evaluate


def evaluate(e, inputs):
    if "op" in e:
        ev = lambda x: evaluate(x, inputs) if isinstance(x, dict) and ("in" in x or "op" in x) else (
            lazy_ops.scalar(x) if lazy_ops.is_scalar(x) else x)
        out = extra(e["op"], [ev(a) for a in e.get("args", [])])
        if out is not None:
            return out
    return base_evaluate(e, inputs)


lazy_ops.evaluate = evaluate  # nested expressions of lazy_ops' own ops reach these too

if __name__ == "__main__":
    cmd, plan_file, outdir = sys.argv[1:4]
    with open(plan_file) as fh:
        plan = json.load(fh)
    print(json.dumps(lazy_ops.cmd_eval(plan, outdir)))
