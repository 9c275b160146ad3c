"""Oracle for test/zarr-engine.test.ts (the native Zarr I/O engine).

usage: zarr_engine.py fixtures PLAN.json   -> writes arrays with zarr-python 3,
           dumps what zarr-python reads back as raw little-endian C-order bytes,
           prints {"cases": [{"name", "spec", "expected"}]} (spec: ZarrArraySpec)
       zarr_engine.py read PLAN.json       -> {"arrays": [{"path", "engine", "format", "out"}]}:
           reads each array with zarr-python or TensorStore, dumps raw bytes to out
"""
import json
import os
import shutil
import sys

import numcodecs
import zarr.codecs.numcodecs as nz3
import numpy as np
import zarr
import zarr.codecs as zc


def le(dtype):
    return np.dtype(dtype).newbyteorder('<') if np.dtype(dtype).itemsize > 1 else np.dtype(dtype)


def make_data(dtype, shape, seed, fill, chunks):
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    n = int(np.prod(shape)) if shape else 1
    if dt.kind == 'b':
        a = rng.integers(0, 2, n).astype(bool)
    elif dt.kind in 'iu':
        info = np.iinfo(dt)
        a = rng.integers(max(info.min, -1000), min(info.max, 60000), n, endpoint=True).astype(dt)
    elif dt.kind == 'f':
        a = (rng.standard_normal(n) * 100).astype(dt)
    else:
        a = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
    a = a.reshape(shape)
    # The first chunk holds only the fill value, so zarr-python leaves it out.
    if shape and fill is not None and all(s >= c for s, c in zip(shape, chunks)):
        a[tuple(slice(0, c) for c in chunks)] = fill
    return a


def compressor_v3(c):
    if c is None:
        return []
    name, cfg = c['name'], dict(c.get('configuration', {}))
    table = {
        'blosc': zc.BloscCodec, 'zstd': zc.ZstdCodec, 'gzip': zc.GzipCodec,
        'lz4': nz3.LZ4, 'zlib': nz3.Zlib, 'bz2': nz3.BZ2,
    }
    return [table[name](**cfg)]


def compressor_v2(c):
    if c is None:
        return None
    name, cfg = c['name'], dict(c.get('configuration', {}))
    table = {
        'blosc': numcodecs.Blosc, 'zstd': numcodecs.Zstd, 'gzip': numcodecs.GZip,
        'lz4': numcodecs.LZ4, 'zlib': numcodecs.Zlib, 'bz2': numcodecs.BZ2,
    }
    if name == 'blosc' and isinstance(cfg.get('shuffle'), str):
        cfg['shuffle'] = {'noshuffle': 0, 'shuffle': 1, 'bitshuffle': 2}[cfg['shuffle']]
    return table[name](**cfg)


def v2_spec(path, meta):
    dt = np.dtype(meta['dtype'])
    codecs = []
    if meta.get('order') == 'F' and len(meta['shape']) > 1:
        codecs.append({'name': 'transpose', 'configuration': {'order': list(range(len(meta['shape'])))[::-1]}})
    codecs.append({'name': 'bytes', 'configuration': {'endian': 'big' if dt.byteorder == '>' else 'little'}})
    if meta.get('compressor'):
        cfg = dict(meta['compressor'])
        codecs.append({'name': cfg.pop('id'), 'configuration': cfg})
    fill = meta.get('fill_value')
    if isinstance(fill, list):  # complex: [re, im]
        fill = complex(float(fill[0]), float(fill[1]))
    return {
        'path': path, 'shape': meta['shape'], 'dtype': dt.newbyteorder('=').name if dt.itemsize > 1 else dt.name,
        'chunkShape': meta['chunks'],
        'keyEncoding': {'kind': 'v2', 'separator': meta.get('dimension_separator', '.')},
        'fillValue': np.array(0 if fill is None else fill, dtype=le(dt)).tobytes().hex(),
        'codecs': codecs,
    }


def v3_spec(path, meta, arr):
    cke = meta['chunk_key_encoding']
    kind = cke['name']
    sep = cke.get('configuration', {}).get('separator', '/' if kind == 'default' else '.')
    return {
        'path': path, 'shape': meta['shape'], 'dtype': np.dtype(arr.dtype).name,
        'chunkShape': meta['chunk_grid']['configuration']['chunk_shape'],
        'keyEncoding': {'kind': kind, 'separator': sep},
        'fillValue': np.array(arr.fill_value, dtype=le(arr.dtype)).tobytes().hex(),
        'codecs': meta['codecs'],
    }


def write_fixture(root, case):
    path = os.path.join(root, case['name'])
    shutil.rmtree(path, ignore_errors=True)
    shape, chunks, dtype = tuple(case['shape']), tuple(case['chunks']), case['dtype']
    fill = case.get('fill_value', 0)
    data = make_data(dtype, shape, case.get('seed', 1), fill, chunks if not case.get('shards') else chunks)
    if case['format'] == 2:
        kw = dict(zarr_format=2, order=case.get('order', 'C'), compressors=compressor_v2(case.get('compressor')),
                  filters=None, fill_value=fill,
                  chunk_key_encoding={'name': 'v2', 'separator': case.get('separator', '.')})
        arr = zarr.create_array(path, shape=shape, chunks=chunks, dtype=dtype, **kw)
    else:
        kw = dict(zarr_format=3, fill_value=fill)
        if case.get('separator'):
            kw['chunk_key_encoding'] = {'name': case.get('key_kind', 'default'), 'separator': case['separator']}
        filters = [zc.TransposeCodec(order=case['transpose'])] if case.get('transpose') else []
        inner_b2b = compressor_v3(case.get('compressor'))
        if case.get('crc32c'):
            inner_b2b.append(zc.Crc32cCodec())
        serializer = zc.BytesCodec(endian=case.get('endian', 'little'))
        if case.get('shards'):
            index_codecs = [zc.BytesCodec()] + ([zc.Crc32cCodec()] if case.get('index_crc', True) else [])
            serializer = zc.ShardingCodec(chunk_shape=chunks, codecs=[serializer, *inner_b2b],
                                          index_codecs=index_codecs,
                                          index_location=case.get('index_location', 'end'))
            arr = zarr.create_array(path, shape=shape, chunks=tuple(case['shards']), dtype=dtype,
                                    serializer=serializer, compressors=None, filters=filters, **kw)
        else:
            arr = zarr.create_array(path, shape=shape, chunks=chunks, dtype=dtype, serializer=serializer,
                                    compressors=inner_b2b or None, filters=filters, **kw)
    arr[...] = data
    for key in case.get('delete', []):
        os.remove(os.path.join(path, key))
    reread = zarr.open_array(path, mode='r')
    expected = np.ascontiguousarray(reread[...]).astype(le(reread.dtype))
    out = path + '.expected.bin'
    with open(out, 'wb') as f:
        f.write(expected.tobytes())
    if case['format'] == 2:
        with open(os.path.join(path, '.zarray')) as f:
            spec = v2_spec(path, json.load(f))
    else:
        with open(os.path.join(path, 'zarr.json')) as f:
            spec = v3_spec(path, json.load(f), reread)
    return {'name': case['name'], 'spec': spec, 'expected': out, 'files': sorted(
        os.path.relpath(os.path.join(d, f), path) for d, _, fs in os.walk(path) for f in fs)}


def read_array(item):
    if item['engine'] == 'tensorstore':
        import tensorstore as ts
        driver = 'zarr3' if item['format'] == 3 else 'zarr'
        store = ts.open({'driver': driver, 'kvstore': {'driver': 'file', 'path': item['path']}}, open=True).result()
        data = store.read().result()
    else:
        data = zarr.open_array(item['path'], mode='r')[...]
    data = np.ascontiguousarray(data)
    data = data.astype(le(data.dtype))
    with open(item['out'], 'wb') as f:
        f.write(data.tobytes())
    return {'path': item['path'], 'engine': item['engine'], 'shape': list(data.shape), 'dtype': str(data.dtype)}


def main():
    cmd, plan_file = sys.argv[1], sys.argv[2]
    with open(plan_file) as f:
        plan = json.load(f)
    if cmd == 'fixtures':
        print(json.dumps({'cases': [write_fixture(plan['root'], c) for c in plan['cases']]}))
    elif cmd == 'read':
        print(json.dumps({'arrays': [read_array(a) for a in plan['arrays']]}))
    else:
        raise SystemExit('unknown command ' + cmd)


if __name__ == '__main__':
    main()
