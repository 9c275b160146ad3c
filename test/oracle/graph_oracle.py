"""NumPy reference for the native graph executor (test/graph-engine.test.ts).

Usage: graph_oracle.py run PLAN.json
PLAN: {"cases": [{"sources": [{"dtype", "shape", "file"}], "nodes": [...],
"root": k, "sink": {...}, "out": path}]} with nodes as in lib/job/job-spec.ts.
Each case's result is written to `out` as little-endian C-order bytes; prints
one JSON line [{"dtype", "shape"}] per case. The node semantics are coded here
independently of the C++ (index arrays, not strides).
"""
import json
import sys

import numpy as np


def parse_scalar(text, dtype):
    dt = np.dtype(dtype)
    if dt.kind == 'c':
        parts = text.split(',')
        im = float(parts[1]) if len(parts) > 1 else 0.0
        return np.array(complex(float(parts[0]), im), dtype=dt)
    if dt.kind == 'b':
        return np.array(text in ('true', '1'), dtype=dt)
    if dt.kind in 'iu':
        return np.array(int(text), dtype=dt)
    return np.array(float(text), dtype=dt)


def reduce_np(op, a, axes):
    axes = tuple(axes)
    dt = a.dtype
    if op in ('sum', 'mean'):
        if dt.kind == 'f':
            wide = a.astype(np.float64)
        elif dt.kind == 'c':
            wide = a.astype(np.complex128)
        else:
            wide = a
        if op == 'sum':
            r = np.sum(wide, axis=axes, dtype=wide.dtype)
        else:
            r = np.mean(wide, axis=axes)
        return np.asarray(r).astype(dt)
    return np.asarray(np.min(a, axis=axes) if op == 'min' else np.max(a, axis=axes))


def ew(n, args, dtype):
    op = n['op']
    if op == 'cast':
        return args[0].astype(dtype)
    if op == 'abs':
        return np.abs(args[0])
    if op == 'sign':
        return np.sign(args[0])
    if op == 'sqrt':
        return np.sqrt(args[0])
    if op == 'round':
        return np.round(args[0], n.get('decimals', 0))
    if op == 'clip':
        return np.clip(args[0], args[1], args[2])
    if op == 'where':
        return np.where(args[0], args[1], args[2])
    if dtype == np.bool_ and op in ('add', 'multiply'):
        return np.logical_or(*args) if op == 'add' else np.logical_and(*args)
    return getattr(np, op)(args[0], args[1])


def evaluate(nodes, k, srcs, memo):
    if k in memo:
        return memo[k]
    n = nodes[k]
    kind = n['kind']
    dtype = np.dtype(n['dtype'])
    shape = tuple(n['shape'])
    if kind == 'source':
        r = srcs[n['source']]
    elif kind == 'view':
        a = evaluate(nodes, n['input'], srcs, memo)
        rank = len(shape)
        coords = [None] * a.ndim
        for j, ax in enumerate(n['axes']):
            if ax['input'] < 0:
                continue
            c = ax['start'] + ax['step'] * np.arange(shape[j])
            if ax['step'] == 0:
                c = np.full(1, ax['start'])
            s = [1] * rank
            s[j] = c.size
            coords[ax['input']] = c.reshape(s)
        for i, f in enumerate(n['fixed']):
            if coords[i] is None:
                coords[i] = np.full([1] * rank, f)
        picked = a[tuple(coords)] if a.ndim else a.reshape([1] * rank)
        r = np.broadcast_to(picked, shape)
    elif kind == 'ew':
        args = []
        for x in n['args']:
            if x is None:
                args.append(None)
            elif isinstance(x, str):
                want = np.bool_ if (n['op'] == 'where' and not args) else dtype
                args.append(parse_scalar(x, want))
            else:
                args.append(evaluate(nodes, x, srcs, memo))
        with np.errstate(all='ignore'):
            r = ew(n, args, dtype)
        r = np.broadcast_to(r, shape)
    elif kind == 'concat':
        r = np.concatenate([evaluate(nodes, i, srcs, memo) for i in n['inputs']], axis=n['axis'])
    elif kind == 'reshape':
        r = evaluate(nodes, n['input'], srcs, memo).reshape(shape)
    elif kind == 'remap':
        a = evaluate(nodes, n['input'], srcs, memo)
        idx, masks = [], []
        for j, ax in enumerate(n['axes']):
            o = np.arange(shape[j])
            m = np.ones(shape[j], bool)
            if ax['kind'] == 'identity':
                i = o
            elif ax['kind'] == 'mod':
                i = (o + ax['offset']) % ax['n']
            elif ax['kind'] == 'clamp':
                i = np.clip(o - ax['offset'], 0, ax['n'] - 1)
            else:
                i = o - ax['offset']
                m = (i >= 0) & (i < ax['n'])
                i = np.where(m, i, 0)
            idx.append(i)
            masks.append(m)
        r = a[np.ix_(*idx)].copy()
        if any(not m.all() for m in masks):
            fill = np.frombuffer(bytes.fromhex(n['fillValue']), dtype=dtype)[0]
            keep = np.ones(shape, bool)
            for j, m in enumerate(masks):
                s = [1] * len(shape)
                s[j] = shape[j]
                keep = keep & m.reshape(s)
            r[~keep] = fill
    elif kind == 'reduce':
        with np.errstate(all='ignore'):
            r = reduce_np(n['op'], evaluate(nodes, n['input'], srcs, memo), n['axes'])
    else:
        raise ValueError(kind)
    r = np.asarray(r)
    if r.dtype != dtype or r.shape != shape:
        raise ValueError(f'node {k} ({kind} {n.get("op", "")}): numpy gives {r.dtype}{r.shape}, spec says {dtype}{shape}')
    memo[k] = r
    return r


def main():
    plan = json.load(open(sys.argv[2]))
    report = []
    for case in plan['cases']:
        srcs = [np.fromfile(s['file'], dtype=np.dtype(s['dtype']).newbyteorder('<')).reshape(s['shape'])
                for s in case['sources']]
        r = evaluate(case['nodes'], case['root'], srcs, {})
        sink = case['sink']
        if sink['kind'] == 'reduce':
            with np.errstate(all='ignore'):
                r = reduce_np(sink['op'], r, range(r.ndim))
        r = np.ascontiguousarray(r)
        with open(case['out'], 'wb') as f:
            f.write(r.astype(r.dtype.newbyteorder('<')).tobytes())
        report.append({'dtype': str(r.dtype), 'shape': list(r.shape)})
    print(json.dumps(report))


if __name__ == '__main__':
    main()
