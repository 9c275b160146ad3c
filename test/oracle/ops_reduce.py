"""NumPy oracle for test/ops-reduce.test.ts: makes the input arrays (seeded),
writes them as raw little-endian files, and reports NumPy's result (dtype,
shape, values as exact text) or its error for every reduction case, every
histogram and every unique. One call: `ops_reduce.py make <plan.json>`."""
import json
import sys
import warnings

import numpy as np

DTYPES = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
          'float16', 'float32', 'float64', 'complex64', 'complex128']
OPS = ['sum', 'prod', 'min', 'max', 'mean', 'var', 'std', 'any', 'all', 'argmin', 'argmax', 'median']
SHAPE = (4, 5, 6)


def make_array(rng, dtype, shape, nan=False):
    n = int(np.prod(shape))
    d = np.dtype(dtype)
    if d.kind == 'b':
        a = rng.random(n) < 0.5
    elif d.kind == 'i':
        a = rng.integers(-5, 6, n)
    elif d.kind == 'u':
        a = rng.integers(0, 11, n)
    else:
        # |x| in [0.8, 1.25]: sums, products and variances stay in range for float16.
        def part():
            return rng.choice([-1.0, 1.0], n) * rng.uniform(0.8, 1.25, n)
        a = part() + 1j * part() if d.kind == 'c' else part()
        if nan:
            a[rng.random(n) < 0.06] = np.nan
            a[:shape[-1]] = np.nan  # one lane all NaN
    return np.asarray(a).astype(d).reshape(shape)


def text(v):
    if isinstance(v, (complex, np.complexfloating)):
        return [text(v.real), text(v.imag)]
    if isinstance(v, (bool, np.bool_)):
        return '1' if v else '0'
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(float(v))


def values(r):
    r = np.asarray(r)
    return {'dtype': str(r.dtype), 'shape': list(r.shape), 'values': [text(v) for v in r.reshape(-1).tolist()]}


def run_case(a, c):
    kw = {}
    if c.get('keepdims'):
        kw['keepdims'] = True
    if c.get('ddof') is not None:
        kw['ddof'] = c['ddof']
    axis = c['axis']
    if isinstance(axis, list):
        axis = tuple(axis)
    try:
        with warnings.catch_warnings(), np.errstate(all='ignore'):
            warnings.simplefilter('ignore')
            return values(getattr(np, c['op'])(a, axis=axis, **kw))
    except Exception as e:  # NumPy's error: the test expects ours
        return {'error': type(e).__name__, 'message': str(e)}


def main():
    plan = json.load(open(sys.argv[2]))
    out_dir = plan['dir']
    rng = np.random.default_rng(20261201)
    arrays = {}
    for d in DTYPES:
        arrays[d] = make_array(rng, d, SHAPE)
    for d in ['float16', 'float32', 'float64', 'complex128']:
        arrays[d + '_nan'] = make_array(rng, d, SHAPE, nan=True)
    arrays['empty_f8'] = np.zeros((0, 3), 'float64')
    arrays['empty_i4'] = np.zeros((3, 0), 'int32')
    arrays['empty_b'] = np.zeros((0,), 'bool')
    arrays['scalar_f8'] = np.array(2.5)
    # More than one 8 MiB slab per region: reductions along axis 0 fold two slabs (ties: rounded values).
    arrays['big_f4'] = np.round(rng.normal(0, 2, (2100, 1100)), 1).astype('float32')
    # Histogram inputs: integers land on edges, floats span a few bins, NaN is dropped with a range.
    arrays['hist_i8'] = rng.integers(-20, 21, 500).astype('int8')
    arrays['hist_u16'] = rng.integers(0, 1000, 700).astype('uint16').reshape(7, 100)
    arrays['hist_i64'] = rng.integers(-10**6, 10**6, 300).astype('int64')
    arrays['hist_f2'] = rng.normal(0, 3, 400).astype('float16')
    arrays['hist_f4'] = rng.normal(0, 3, 1000).astype('float32').reshape(10, 100)
    arrays['hist_f8'] = np.concatenate([rng.normal(0, 1, 600), np.linspace(-1, 1, 41)])
    arrays['hist_const'] = np.full(50, 7.0, 'float32')
    arrays['hist_b'] = rng.random(99) < 0.3
    # Unique inputs: many repeats, NaN, signed zeros.
    arrays['uniq_i2'] = rng.integers(-300, 300, 5000).astype('int16').reshape(50, 100)
    arrays['uniq_u64'] = (rng.integers(0, 40, 3000).astype('uint64') * np.uint64(2**58 // 40))
    arrays['uniq_f4'] = np.round(rng.normal(0, 2, 4000), 1).astype('float32')
    arrays['uniq_f4'][::97] = np.nan
    arrays['uniq_f2'] = np.round(rng.normal(0, 2, 2000), 2).astype('float16')
    arrays['uniq_c16'] = (rng.integers(0, 4, 900) + 1j * rng.integers(0, 3, 900)).astype('complex128')
    arrays['uniq_b'] = rng.random(77) < 0.5

    listed = []
    for name, a in arrays.items():
        f = f'{out_dir}/{name}.bin'
        a.astype(a.dtype.newbyteorder('<')).tofile(f)
        listed.append({'name': name, 'dtype': str(a.dtype), 'shape': list(a.shape), 'file': f})

    cases = []
    for name in list(DTYPES) + ['float16_nan', 'float32_nan', 'float64_nan', 'complex128_nan', 'empty_f8', 'empty_i4', 'empty_b', 'scalar_f8']:
        a = arrays[name]
        nd = a.ndim
        for op in OPS:
            if nd == 3:
                axes = [None, 0, 2, -1] + ([] if op.startswith('arg') else [[0, 2], [0, 1, 2]])
            else:
                axes = [None] + list(range(nd))
            for axis in axes:
                cases.append({'array': name, 'op': op, 'axis': axis})
            cases.append({'array': name, 'op': op, 'axis': None if op.startswith('arg') or nd < 2 else [0, nd - 1], 'keepdims': True})
            if op in ('var', 'std'):
                for ddof in (1, 1.5, 200):
                    cases.append({'array': name, 'op': op, 'axis': None, 'ddof': ddof})
                if nd >= 2:
                    cases.append({'array': name, 'op': op, 'axis': 1, 'ddof': 1})
    for op in ['var', 'std', 'argmin', 'argmax', 'median', 'max', 'all']:  # float32 sums of cancelling terms differ from NumPy's float32 pairwise sum beyond a relative tolerance
        cases.append({'array': 'big_f4', 'op': op, 'axis': 0})
    cases.append({'array': 'big_f4', 'op': 'std', 'axis': 0, 'ddof': 1})
    for c in cases:
        c['result'] = run_case(arrays[c['array']], c)

    hists = []
    for name in ['hist_i8', 'hist_u16', 'hist_i64', 'hist_f2', 'hist_f4', 'hist_f8', 'hist_const', 'hist_b', 'float32_nan', 'empty_f8']:
        for bins in [1, 7, 10, 256]:
            for rng_arg in [None, [-1.0, 3.5], [0, 9]]:
                hists.append({'array': name, 'bins': bins, 'range': rng_arg})
    for h in hists:
        a = arrays[h['array']]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                counts, edges = np.histogram(a, bins=h['bins'], range=None if h['range'] is None else tuple(h['range']))
            h['result'] = {'counts': [str(int(v)) for v in counts], 'edges': [repr(float(v)) for v in edges]}
        except Exception as e:
            h['result'] = {'error': type(e).__name__, 'message': str(e)}

    uniques = []
    for name in ['uniq_i2', 'uniq_u64', 'uniq_f4', 'uniq_f2', 'uniq_c16', 'uniq_b', 'float64_nan', 'int8', 'empty_f8']:
        u = np.unique(arrays[name])
        uniques.append({'array': name, 'result': values(u)})

    print(json.dumps({'arrays': listed, 'cases': cases, 'histograms': hists, 'uniques': uniques}))


if __name__ == '__main__':
    main()
