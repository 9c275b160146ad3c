"""Acceptance oracle for the dtype x codec x format matrix.

  generate PLAN OUTDIR  For every case: deterministic data (OUTDIR/<id>.bin,
                        little-endian C order) and, unless writer is "none",
                        a Zarr array written by zarr-python 3 or TensorStore at
                        OUTDIR/<id>.zarr. Prints a JSON report {id: "ok" | error}.
  verify PLAN OUTDIR    Reads OUTDIR/<id>.zarr (written by dyna_zarr) with
                        zarr-python and TensorStore and compares with <id>.bin.
                        Prints {id: {"zarr": msg, "tensorstore": msg}}.

A case: {id, dtype, codec, format: v2|v3|v3s, writer: zarr|tensorstore|none,
variant: {endian, order, sep, fill, key, index, transpose}}.
"""
import json
import os
import sys
import warnings
import zlib

import numpy as np

warnings.filterwarnings("ignore")

import numcodecs  # noqa: E402
import tensorstore as ts  # noqa: E402
import zarr  # noqa: E402
from zarr.codecs import (  # noqa: E402
    BloscCodec, BytesCodec, Crc32cCodec, GzipCodec, ShardingCodec, TransposeCodec, ZstdCodec,
)
from zarr.codecs import numcodecs as zn  # noqa: E402

SHAPE = (7, 9, 5)
CHUNKS = (3, 4, 2)
SHARDS = (6, 8, 4)


def item_size(dtype):
    return np.dtype(dtype).itemsize


def fill_for(dtype, variant):
    if variant.get("fill") == "nan":
        return float("nan") if not dtype.startswith("complex") else complex("nan+nanj")
    if dtype == "bool":
        return True
    if dtype.startswith("int"):
        return -7
    if dtype.startswith("uint"):
        return 7
    if dtype.startswith("float"):
        return 1.5
    return complex(1.5, -2.5)


def fill_json(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, complex):
        return [fill_json(value.real), fill_json(value.imag)]
    if isinstance(value, float) and np.isnan(value):
        return "NaN"
    return value


def make_data(case):
    dtype = case["dtype"]
    rng = np.random.default_rng(zlib.crc32(case["id"].encode()))
    n = int(np.prod(SHAPE))
    if dtype == "bool":
        a = rng.integers(0, 2, n).astype(bool)
    elif dtype.startswith("int") or dtype.startswith("uint"):
        info = np.iinfo(dtype)
        a = rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
        a[n // 2: n // 2 + 2] = [info.min, info.max]
    elif dtype.startswith("float"):
        a = (rng.standard_normal(n) * 100).astype(dtype)
        specials = [np.nan, np.inf, -np.inf, -0.0, np.finfo(dtype).max, np.finfo(dtype).tiny / 4]
        a[n // 2: n // 2 + len(specials)] = np.array(specials).astype(dtype)
    else:
        part = np.float32 if dtype == "complex64" else np.float64
        a = (rng.standard_normal(n) * 100).astype(part) + 1j * (rng.standard_normal(n) * 100).astype(part)
        a = a.astype(dtype)
        a[n // 2] = complex(np.nan, 1.0)
        a[n // 2 + 1] = complex(-0.0, np.inf)
    a = a.reshape(SHAPE)
    fill = fill_for(dtype, case.get("variant") or {})
    # The first chunk and the last (1-element) chunk / shard hold only the fill
    # value, so writers that skip such chunks leave them missing on disk.
    a[0:3, 0:4, 0:2] = fill
    a[6:, 8:, 4:] = fill
    return a, fill


def np_dtype(case):
    dt = np.dtype(case["dtype"])
    if (case.get("variant") or {}).get("endian") == "big" and dt.itemsize > 1:
        dt = dt.newbyteorder(">")
    return dt


# --- zarr-python writers -------------------------------------------------------------

def v2_compressor(codec):
    return {
        "none": None,
        "blosc-lz4-shuffle": numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
        "blosc-zstd-bitshuffle": numcodecs.Blosc(cname="zstd", clevel=5, shuffle=numcodecs.Blosc.BITSHUFFLE),
        "zstd": numcodecs.Zstd(level=3),
        "gzip": numcodecs.GZip(level=5),
        "zlib": numcodecs.Zlib(level=5),
        "lz4": numcodecs.LZ4(),
        "bz2": numcodecs.BZ2(level=5),
    }[codec]


def v3_compressors(codec):
    return {
        "none": [],
        "blosc-lz4-shuffle": [BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")],
        "blosc-zstd-bitshuffle": [BloscCodec(cname="zstd", clevel=5, shuffle="bitshuffle")],
        "zstd": [ZstdCodec(level=3)],
        "gzip": [GzipCodec(level=5)],
        "zlib": [zn.Zlib(level=5)],
        "lz4": [zn.LZ4()],
        "bz2": [zn.BZ2(level=5)],
        "crc32c": [Crc32cCodec()],
    }[codec]


def zarr_write(path, case, data, fill):
    v = case.get("variant") or {}
    dt = np_dtype(case)
    if case["format"] == "v2":
        z = zarr.create_array(
            path, shape=SHAPE, chunks=CHUNKS, dtype=dt, zarr_format=2,
            compressors=v2_compressor(case["codec"]), filters=None, order=v.get("order", "C"),
            chunk_key_encoding={"name": "v2", "separator": v.get("sep", ".")}, fill_value=fill,
        )
    else:
        endian = "big" if v.get("endian") == "big" else "little"
        serializer = BytesCodec(endian=endian if dt.itemsize > 1 else None)
        filters = [TransposeCodec(order=(2, 0, 1))] if v.get("transpose") else None
        key = ({"name": "v2", "separator": v.get("sep", ".")} if v.get("key") == "v2"
               else {"name": "default", "separator": v.get("sep", "/")})
        kwargs = dict(shape=SHAPE, dtype=dt.newbyteorder("<") if dt.itemsize > 1 else dt, fill_value=fill,
                      chunk_key_encoding=key)
        if case["format"] == "v3s":
            # the transpose goes inside the shard's inner chain (TensorStore does the same below)
            sharding = ShardingCodec(
                chunk_shape=CHUNKS, codecs=[*(filters or []), serializer, *v3_compressors(case["codec"])],
                index_location=v.get("index", "end"),
            )
            z = zarr.create_array(path, chunks=SHARDS, serializer=sharding, compressors=None, **kwargs)
        else:
            z = zarr.create_array(path, chunks=CHUNKS, serializer=serializer, filters=filters,
                                  compressors=v3_compressors(case["codec"]), **kwargs)
    z[...] = data


# --- TensorStore writers -------------------------------------------------------------

def ts_v2_compressor(codec):
    return {
        "none": None,
        "blosc-lz4-shuffle": {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0},
        "blosc-zstd-bitshuffle": {"id": "blosc", "cname": "zstd", "clevel": 5, "shuffle": 2, "blocksize": 0},
        "zstd": {"id": "zstd", "level": 3},
        "gzip": {"id": "gzip", "level": 5},
        "zlib": {"id": "zlib", "level": 5},
        "bz2": {"id": "bz2", "level": 5},
    }[codec]


def ts_v3_compressors(codec, typesize):
    return {
        "none": [],
        "blosc-lz4-shuffle": [{"name": "blosc", "configuration": {
            "cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": typesize, "blocksize": 0}}],
        "blosc-zstd-bitshuffle": [{"name": "blosc", "configuration": {
            "cname": "zstd", "clevel": 5, "shuffle": "bitshuffle", "typesize": typesize, "blocksize": 0}}],
        "zstd": [{"name": "zstd", "configuration": {"level": 3}}],
        "gzip": [{"name": "gzip", "configuration": {"level": 5}}],
        "crc32c": [{"name": "crc32c"}],
    }[codec]


def ts_write(path, case, data, fill):
    v = case.get("variant") or {}
    dt = np_dtype(case)
    if case["format"] == "v2":
        spec = {"driver": "zarr", "kvstore": {"driver": "file", "path": path}, "metadata": {
            "shape": list(SHAPE), "chunks": list(CHUNKS), "dtype": dt.str,
            "compressor": ts_v2_compressor(case["codec"]), "filters": None,
            "order": v.get("order", "C"), "dimension_separator": v.get("sep", "."),
            "fill_value": fill_json(fill)}}
    else:
        endian = "big" if v.get("endian") == "big" else "little"
        bytes_codec = {"name": "bytes", "configuration": {"endian": endian}} if dt.itemsize > 1 else {"name": "bytes"}
        chain = ([{"name": "transpose", "configuration": {"order": [2, 0, 1]}}] if v.get("transpose") else [])
        chain += [bytes_codec, *ts_v3_compressors(case["codec"], dt.itemsize)]
        key = ({"name": "v2", "configuration": {"separator": v.get("sep", ".")}} if v.get("key") == "v2"
               else {"name": "default", "configuration": {"separator": v.get("sep", "/")}})
        grid = CHUNKS
        if case["format"] == "v3s":
            grid = SHARDS
            chain = [{"name": "sharding_indexed", "configuration": {
                "chunk_shape": list(CHUNKS), "codecs": chain,
                "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
                "index_location": v.get("index", "end")}}]
        spec = {"driver": "zarr3", "kvstore": {"driver": "file", "path": path}, "metadata": {
            "shape": list(SHAPE), "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(grid)}},
            "data_type": case["dtype"], "chunk_key_encoding": key, "fill_value": fill_json(fill), "codecs": chain}}
    t = ts.open(spec, create=True, delete_existing=True).result()
    t[...].write(data).result()


# --- comparison ----------------------------------------------------------------------

def mismatch(actual, expected):
    """None when equal (NaN == NaN, otherwise bit-identical), else a message."""
    actual = np.asarray(actual)
    if actual.shape != expected.shape:
        return f"shape {actual.shape} != {expected.shape}"
    if actual.dtype.newbyteorder("=") != expected.dtype.newbyteorder("="):
        return f"dtype {actual.dtype} != {expected.dtype}"
    a = np.ascontiguousarray(actual.astype(expected.dtype.newbyteorder("<")))
    e = np.ascontiguousarray(expected.astype(expected.dtype.newbyteorder("<")))
    if a.dtype.kind == "c":
        a = a.view(a.real.dtype)
        e = e.view(e.real.dtype)
    if a.dtype.kind == "f":
        bits = np.dtype(f"<u{a.dtype.itemsize}")
        same = (a.view(bits) == e.view(bits)) | (np.isnan(a) & np.isnan(e))
    else:
        same = a == e
    if same.all():
        return None
    idx = np.argwhere(~same)[0]
    return f"first difference at {tuple(int(i) for i in idx)}: got {a[tuple(idx)]!r}, expected {e[tuple(idx)]!r}"


def load_expected(outdir, case):
    raw = np.fromfile(os.path.join(outdir, case["id"] + ".bin"), dtype=np.dtype(case["dtype"]).newbyteorder("<"))
    return raw.reshape(SHAPE)


def ts_supports(case):
    if case["format"] == "v2":
        return case["codec"] != "lz4"
    return case["codec"] not in ("zlib", "lz4", "bz2")


def generate(plan, outdir):
    report = {}
    for case in plan["cases"]:
        try:
            data, fill = make_data(case)
            data.astype(data.dtype.newbyteorder("<")).tofile(os.path.join(outdir, case["id"] + ".bin"))
            path = os.path.join(outdir, case["id"] + ".zarr")
            if case["writer"] == "zarr":
                zarr_write(path, case, data.astype(np_dtype(case)), fill)
            elif case["writer"] == "tensorstore":
                ts_write(path, case, data, fill)
            report[case["id"]] = "ok"
        except Exception as e:  # reported per case so one oracle failure does not hide the rest
            report[case["id"]] = f"{type(e).__name__}: {e}"
    return report


def verify(plan, outdir):
    report = {}
    for case in plan["cases"]:
        # "out"/"chunks": conversions re-write an oracle-written array elsewhere, re-chunked.
        path = os.path.join(outdir, case.get("out", case["id"] + ".zarr"))
        chunks = tuple(case.get("chunks", CHUNKS))
        shards = tuple(c * 2 for c in chunks)
        expected = load_expected(outdir, case)
        res = {}
        try:
            z = zarr.open_array(path, mode="r")
            res["zarr"] = mismatch(z[...], expected) or "ok"
            fmt = 2 if case["format"] == "v2" else 3
            if z.metadata.zarr_format != fmt:
                res["zarr"] = f"zarr_format {z.metadata.zarr_format} != {fmt}"
            elif case["format"] == "v3s" and tuple(z.shards or ()) != shards:
                res["zarr"] = f"shards {z.shards} != {shards}"
            elif tuple(z.chunks) != chunks:
                res["zarr"] = f"chunks {z.chunks} != {chunks}"
            elif (case.get("variant") or {}).get("fill") == "nan" and not np.isnan(z.fill_value):
                res["zarr"] = f"fill_value {z.fill_value!r} != NaN"
        except Exception as e:
            res["zarr"] = f"{type(e).__name__}: {e}"
        if ts_supports(case):
            try:
                driver = "zarr" if case["format"] == "v2" else "zarr3"
                t = ts.open({"driver": driver, "kvstore": {"driver": "file", "path": path}}, open=True).result()
                res["tensorstore"] = mismatch(t.read().result(), expected) or "ok"
            except Exception as e:
                res["tensorstore"] = f"{type(e).__name__}: {e}"
        else:
            res["tensorstore"] = "skip"
        report[case.get("key", case["id"])] = res
    return report


if __name__ == "__main__":
    command, plan_file, outdir = sys.argv[1:4]
    with open(plan_file) as f:
        plan = json.load(f)
    result = generate(plan, outdir) if command == "generate" else verify(plan, outdir)
    print(json.dumps(result))
