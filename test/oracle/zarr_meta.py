"""Metadata oracle for test/metadata*.test.ts (zarr-python 3 + numcodecs).

  zarr_meta.py fixtures <dir>     write fixture arrays/groups with zarr-python, print a manifest
  zarr_meta.py inspect <plan>     plan = JSON list of array paths; print what zarr-python sees
  zarr_meta.py halfbits <plan>    plan = JSON list of floats; print numpy float16 bits of each

Expected values come from zarr-python's own objects (dtype, fill_value,
compressors), never from re-reading the JSON text the TypeScript side parses.
"""
import json
import os
import sys
import warnings

import numpy as np
import numcodecs
import zarr
from zarr.codecs import BloscCodec, Crc32cCodec, GzipCodec, ShardingCodecIndexLocation, TransposeCodec, ZstdCodec

warnings.filterwarnings("ignore")
try:
    from zarr.codecs.numcodecs import BZ2, LZ4, Zlib
except ImportError:  # older zarr: numcodecs' own zarr3 module
    from numcodecs.zarr3 import BZ2, LZ4, Zlib


def le_hex(value, dtype):
    """Little-endian bytes of one element, as hex (what the engine spec carries)."""
    return np.array([value], dtype=np.dtype(dtype).newbyteorder("<")).tobytes().hex()


def fill_json(value, dtype):
    """The fill value as the test compares it: numbers, 'NaN'/'Infinity', [re, im], str(int) for 64-bit."""
    dt = np.dtype(dtype)
    if value is None:
        return None
    v = dt.type(value)
    if dt.kind == "b":
        return bool(v)
    if dt.kind in "iu":
        return str(int(v)) if dt.itemsize == 8 else int(v)
    if dt.kind == "f":
        f = float(v)
        return "NaN" if np.isnan(f) else ("Infinity" if f == np.inf else ("-Infinity" if f == -np.inf else f))
    if dt.kind == "c":
        return [fill_json(v.real, dt.type(0).real.dtype), fill_json(v.imag, dt.type(0).real.dtype)]
    raise ValueError(dtype)


def codec_desc(codec):
    """A compressor as our Codecs options (from zarr/numcodecs objects, not from JSON text)."""
    name = type(codec).__name__.lower()
    cfg = codec.get_config() if hasattr(codec, "get_config") else {}
    if isinstance(codec, BloscCodec):
        shuffle = codec.shuffle.value if hasattr(codec.shuffle, "value") else codec.shuffle
        cname = codec.cname.value if hasattr(codec.cname, "value") else codec.cname
        return {"compressor": "blosc", "cname": cname, "clevel": codec.clevel, "shuffle": shuffle, "blocksize": codec.blocksize or 0}
    if isinstance(codec, numcodecs.Blosc):
        return {"compressor": "blosc", "cname": codec.cname.decode() if isinstance(codec.cname, bytes) else codec.cname,
                "clevel": codec.clevel, "shuffle": ["noshuffle", "shuffle", "bitshuffle"][codec.shuffle], "blocksize": codec.blocksize}
    if isinstance(codec, ZstdCodec):
        return {"compressor": "zstd", "clevel": codec.level}
    if isinstance(codec, GzipCodec):
        return {"compressor": "gzip", "clevel": codec.level}
    if isinstance(codec, numcodecs.Zstd):
        return {"compressor": "zstd", "clevel": codec.level}
    if isinstance(codec, numcodecs.GZip):
        return {"compressor": "gzip", "clevel": codec.level}
    if isinstance(codec, numcodecs.Zlib):
        return {"compressor": "zlib", "clevel": codec.level}
    if isinstance(codec, numcodecs.BZ2):
        return {"compressor": "bz2", "clevel": codec.level}
    if isinstance(codec, numcodecs.LZ4):
        return {"compressor": "lz4", "clevel": codec.acceleration}
    # numcodecs.zarr3 wrappers carry their config
    cfg = codec.to_dict().get("configuration", {}) if hasattr(codec, "to_dict") else {}
    for key in ("zlib", "bz2", "lz4"):
        if key in name:
            level = cfg.get("acceleration", 1) if key == "lz4" else cfg.get("level")
            return {"compressor": key, "clevel": level}
    if isinstance(codec, Crc32cCodec):
        return {"checksum": True}
    raise ValueError(f"unknown codec {codec!r}")


def describe(a):
    """What zarr-python reports for an opened array."""
    comps = list(a.compressors or [])
    expected = {"compressor": None}
    for c in comps:
        d = codec_desc(c)
        if "checksum" in d:
            expected["checksum"] = True
        elif expected["compressor"] is None:
            expected.update(d)
    fmt = a.metadata.zarr_format
    dt = a.dtype
    fill = a.metadata.fill_value if fmt == 2 else a.metadata.fill_value
    out = {
        "shape": list(a.shape),
        "dtype": np.dtype(dt).newbyteorder("<").name if dt.kind != "b" else "bool",
        "chunks": list(a.chunks),
        "shards": list(a.shards) if a.shards is not None else None,
        "zarrFormat": fmt,
        "fill": fill_json(None if fill is None else np.asarray(fill).item(), dt) if not (fmt == 2 and fill is None) else None,
        "fillHex": le_hex(0 if fill is None else fill, dt),
        "codecs": expected,
        "attributes": dict(a.attrs),
        "dimensionNames": list(a.metadata.dimension_names) if fmt == 3 and a.metadata.dimension_names else None,
        "values": np.ascontiguousarray(a[...]).astype(np.dtype(dt).newbyteorder("<")).tobytes().hex(),
    }
    return out


def make_fixtures(root):
    manifest = {}
    rng = np.random.default_rng(1)

    def data(dtype, shape=(5, 7)):
        dt = np.dtype(dtype)
        if dt.kind == "b":
            return rng.integers(0, 2, shape).astype(bool)
        if dt.kind in "iu":
            info = np.iinfo(dt)
            return rng.integers(max(info.min, -1000), min(info.max, 1000), shape, endpoint=True).astype(dt)
        if dt.kind == "c":
            return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dt)
        return rng.standard_normal(shape).astype(dt)

    def add(name, a):
        manifest[name] = describe(zarr.open_array(os.path.join(root, name), mode="r"))

    fills = {
        "bool": True, "int8": -5, "int16": -300, "int32": 70000, "int64": 2**60 + 1, "uint8": 200, "uint16": 65535,
        "uint32": 2**32 - 1, "uint64": 2**64 - 1, "float16": np.inf, "float32": np.nan, "float64": -np.inf,
        "complex64": 1 + 2j, "complex128": complex(np.nan, -1.5),
    }
    for dt, fill in fills.items():
        for fmt in (2, 3):
            name = f"v{fmt}_{dt}.zarr"
            a = zarr.create_array(os.path.join(root, name), shape=(5, 7), chunks=(2, 3), dtype=dt, zarr_format=fmt, fill_value=fill)
            a[:4, :6] = data(dt, (4, 6))  # leave edge chunks missing: they read as the fill value
            add(name, a)

    v3_codecs = {
        "blosc_noshuffle": [BloscCodec(cname="zstd", clevel=3, shuffle="noshuffle")],
        "blosc_bitshuffle": [BloscCodec(cname="lz4hc", clevel=9, shuffle="bitshuffle")],
        "zstd": [ZstdCodec(level=7)],
        "gzip_crc": [GzipCodec(level=2), Crc32cCodec()],
        "lz4": [LZ4()],
        "zlib": [Zlib(level=4)],
        "bz2": [BZ2(level=3)],
        "none": [],
    }
    for key, comps in v3_codecs.items():
        name = f"v3c_{key}.zarr"
        a = zarr.create_array(os.path.join(root, name), shape=(6, 8), chunks=(3, 4), dtype="uint16", zarr_format=3, compressors=comps)
        a[...] = data("uint16", (6, 8))
        add(name, a)

    v2_codecs = {
        "blosc": numcodecs.Blosc(cname="zlib", clevel=4, shuffle=2), "zstd": numcodecs.Zstd(level=3), "zlib": numcodecs.Zlib(level=6),
        "gzip": numcodecs.GZip(level=8), "lz4": numcodecs.LZ4(acceleration=2), "bz2": numcodecs.BZ2(level=7), "none": None,
    }
    for key, comp in v2_codecs.items():
        name = f"v2c_{key}.zarr"
        a = zarr.create_array(os.path.join(root, name), shape=(6, 8), chunks=(3, 4), dtype="<i4", zarr_format=2, compressors=comp)
        a[...] = data("int32", (6, 8))
        add(name, a)

    # Layout variants.
    a = zarr.create_array(os.path.join(root, "v2_big_f.zarr"), shape=(6, 8), chunks=(4, 3), dtype=">f8", zarr_format=2, order="F")
    a[...] = data("float64", (6, 8))
    add("v2_big_f.zarr", a)
    a = zarr.create_array(os.path.join(root, "v2_slash.zarr"), shape=(6, 8), chunks=(4, 3), dtype=">u2", zarr_format=2,
                          chunk_key_encoding={"name": "v2", "separator": "/"}, fill_value=None)
    add("v2_slash.zarr", a)
    a = zarr.create_array(os.path.join(root, "v3_shard_start.zarr"), shape=(10, 12), chunks=(2, 3), shards=(4, 6), dtype="float32",
                          zarr_format=3, dimension_names=["y", "x"], attributes={"unit": "um", "n": 3})
    a[...] = data("float32", (10, 12))
    add("v3_shard_start.zarr", a)
    # index at start: rewrite codec list through the sharding API
    from zarr.codecs import ShardingCodec, BytesCodec
    a = zarr.create_array(os.path.join(root, "v3_shard_idx_start.zarr"), shape=(10, 12), chunks=(4, 6), dtype="int16", zarr_format=3,
                          serializer=ShardingCodec(chunk_shape=(2, 3), codecs=[BytesCodec(), ZstdCodec(level=1)],
                                                   index_location=ShardingCodecIndexLocation.start), compressors=None)
    a[...] = data("int16", (10, 12))
    add("v3_shard_idx_start.zarr", a)
    a = zarr.create_array(os.path.join(root, "v3_keys_v2.zarr"), shape=(6, 8), chunks=(3, 4), dtype="int8", zarr_format=3,
                          chunk_key_encoding={"name": "v2", "separator": "."})
    add("v3_keys_v2.zarr", a)
    a = zarr.create_array(os.path.join(root, "v3_keys_dot.zarr"), shape=(6, 8), chunks=(3, 4), dtype="uint32", zarr_format=3,
                          chunk_key_encoding={"name": "default", "separator": "."})
    add("v3_keys_dot.zarr", a)
    a = zarr.create_array(os.path.join(root, "v3_transpose.zarr"), shape=(4, 6, 5), chunks=(2, 3, 5), dtype="float64", zarr_format=3,
                          filters=[TransposeCodec(order=(2, 0, 1))])
    a[...] = data("float64", (4, 6, 5))
    add("v3_transpose.zarr", a)
    a = zarr.create_array(os.path.join(root, "v3_0d.zarr"), shape=(), chunks=(), dtype="float32", zarr_format=3, fill_value=1.5)
    add("v3_0d.zarr", a)

    # Groups.
    for fmt in (2, 3):
        g = zarr.open_group(os.path.join(root, f"group_v{fmt}.zarr"), mode="w", zarr_format=fmt)
        g.create_array("b", shape=(3,), dtype="uint8")
        g.create_array("a", shape=(4,), dtype="int16")
        sub = g.create_group("sub")
        sub.create_array("deep", shape=(2, 2), dtype="float32")
        g2 = zarr.open_group(os.path.join(root, f"nested_v{fmt}.zarr"), mode="w", zarr_format=fmt)
        g2.create_group("z").create_array("only", shape=(5,), dtype="uint16")
        ome = zarr.open_group(os.path.join(root, f"ome_v{fmt}.zarr"), mode="w", zarr_format=fmt)
        ome.create_array("s1", shape=(2, 2), dtype="uint8")
        ome.create_array("s0", shape=(4, 4), dtype="uint16")
        ms = [{"version": "0.4" if fmt == 2 else "0.5", "axes": [{"name": "y"}, {"name": "x"}],
               "datasets": [{"path": "s0"}, {"path": "s1"}]}]
        if fmt == 2:
            ome.attrs["multiscales"] = ms
        else:
            ome.attrs["ome"] = {"version": "0.5", "multiscales": ms}
    return manifest


def main():
    cmd = sys.argv[1]
    if cmd == "fixtures":
        print(json.dumps(make_fixtures(sys.argv[2])))
    elif cmd == "inspect":
        paths = json.load(open(sys.argv[2]))
        out = {}
        for p in paths:
            try:
                out[p] = describe(zarr.open_array(p, mode="r"))
            except Exception as e:  # reported to the test, which fails with the message
                out[p] = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out))
    elif cmd == "halfbits":
        values = json.load(open(sys.argv[2]))
        print(json.dumps([int(np.array([v], dtype=np.float64).astype(np.float16).view(np.uint16)[0]) for v in values]))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
