"""Filter and checksum oracle for test/filters.test.ts (zarr-python 3 + numcodecs).

  filters.py fixtures <plan> <dir>   write one array per plan case with zarr-python; print
                                     {name: {path, dtype, values}} with values as zarr-python reads them
  filters.py read <plan>             plan = [{path, dtype}]; print what zarr-python reads, and the
                                     filters/codecs it sees, per path
  filters.py encode <plan>           plan = [{filter, data, dtype}]: numcodecs' own encode then
                                     decode of data (lossy filters: what a reader must get)
  filters.py check <plan>            plan = [{path, format, tensorstore?, raw?: {key, start, stop}}]: per path
                                     zarr-python's values, dtype and codec ids; TensorStore's values when asked;
                                     for raw, the stored chunk bytes NumPy would write for that chunk
                                     (order and byte order from zarr-python's metadata; uncompressed arrays only)
  filters.py checksums <plan>        plan = [hex bytes]: adler32 / crc32 (zlib), crc32c, fletcher32 (numcodecs)

A plan case: {name, format: 2|3, dtype, shape, chunks, order?, endian?,
filters: [numcodecs config], compressor?: numcodecs config | null, checksum?}.
"""
import json
import os
import sys
import warnings

import numpy as np
import numcodecs
import zarr

warnings.filterwarnings("ignore")
from zarr.codecs import numcodecs as zn  # noqa: E402

V3_FILTERS = {
    "delta": zn.Delta, "fixedscaleoffset": zn.FixedScaleOffset, "quantize": zn.Quantize, "bitround": zn.BitRound,
    "astype": zn.AsType, "packbits": zn.PackBits,
}
V3_BYTES = {"shuffle": zn.Shuffle, "adler32": zn.Adler32, "fletcher32": zn.Fletcher32, "crc32": zn.CRC32}


def values_json(a):
    a = np.asarray(a)
    if a.dtype == bool:
        return a.astype(int).ravel().tolist()
    if a.dtype.kind == "f":
        return [None if np.isnan(x) else float(x) for x in a.ravel()]
    if a.dtype.itemsize == 8 and a.dtype.kind in "iu":
        return [str(int(x)) for x in a.ravel()]
    return a.ravel().tolist()


def source(case):
    """Deterministic data with structure the filters care about (smooth ramps, small integers)."""
    dt = np.dtype(case["dtype"])
    n = int(np.prod(case["shape"]))
    i = np.arange(n)
    if dt == bool:
        data = (i % 3) == 0
    elif dt.kind == "f":
        data = 1000 + np.sin(i / 7.0) * 3 + i / 10.0
    else:
        data = (i * 3) % 200 + (100 if dt.kind == "u" else -50)
    return data.astype(dt).reshape(case["shape"])


def split_id(cfg):
    cfg = dict(cfg)
    return cfg.pop("id"), cfg


def write(case, path):
    data = source(case)
    dt = np.dtype(case["dtype"])
    if case.get("endian") == "big":
        dt = dt.newbyteorder(">")
    comp = case.get("compressor")
    if case["format"] == 2:
        filters = [numcodecs.get_codec(f) for f in case["filters"]]
        compressor = numcodecs.get_codec(comp) if comp else None
        z = zarr.create_array(path, shape=data.shape, chunks=case["chunks"], dtype=dt, zarr_format=2,
                              filters=filters or None, compressors=compressor, order=case.get("order", "C"),
                              fill_value=0)
    else:
        filters, compressors = [], []
        for f in case["filters"]:
            fid, cfg = split_id(f)
            if fid in V3_FILTERS:
                filters.append(V3_FILTERS[fid](**cfg))
            else:
                compressors.append(V3_BYTES[fid](**cfg))
        if comp:
            cid, cfg = split_id(comp)
            compressors.append(zn.Zstd(**cfg) if cid == "zstd" else zn.Blosc(**cfg))
        if case.get("checksum"):
            compressors.append(V3_BYTES[case["checksum"]]())
        z = zarr.create_array(path, shape=data.shape, chunks=case["chunks"], dtype=dt, zarr_format=3,
                              filters=filters, compressors=compressors, fill_value=0)
    z[...] = data
    return read_one(path)


def read_one(path):
    z = zarr.open_array(path, mode="r")
    a = z[...]
    return {"path": path, "dtype": str(a.dtype.newbyteorder("=")), "values": values_json(a)}


def codec_ids(z):
    md = z.metadata
    if md.zarr_format == 2:
        ids = [f.get_config()["id"] for f in (md.filters or [])]
        return ids + ([md.compressor.get_config()["id"]] if md.compressor is not None else [])
    return [c.to_dict()["name"] for c in md.codecs]


def check(item):
    z = zarr.open_array(item["path"], mode="r")
    out = {"path": item["path"], "dtype": str(z.dtype), "codecs": codec_ids(z), "values": values_json(z[...])}
    if item.get("tensorstore"):
        import tensorstore as ts
        driver = "zarr3" if item["format"] == 3 else "zarr"
        store = ts.open({"driver": driver, "kvstore": {"driver": "file", "path": item["path"]}}, open=True).result()
        out["tensorstore"] = values_json(store.read().result())
    if item.get("raw"):
        r = item["raw"]
        block = z[tuple(slice(a, b) for a, b in zip(r["start"], r["stop"]))]
        order = z.metadata.order if z.metadata.zarr_format == 2 else "C"
        stored_dtype = z.metadata.dtype.to_native_dtype() if z.metadata.zarr_format == 2 else z.dtype
        if z.metadata.zarr_format == 3:
            endian = [c for c in z.metadata.codecs if c.to_dict()["name"] == "bytes"][0].to_dict().get("configuration", {}).get("endian", "little")
            stored_dtype = np.dtype(z.dtype).newbyteorder("<" if endian == "little" else ">")
        expected = np.asarray(block).astype(stored_dtype).tobytes(order=order)
        with open(os.path.join(item["path"], r["key"]), "rb") as f:
            out["rawMatches"] = f.read() == expected
        out["storedDtype"] = stored_dtype.str
        out["order"] = order
    return out


def main():
    cmd = sys.argv[1]
    plan = json.load(open(sys.argv[2]))
    if cmd == "fixtures":
        out = {}
        for case in plan:
            try:
                out[case["name"]] = write(case, os.path.join(sys.argv[3], case["name"]))
            except Exception as e:  # reported per case, so one bad case does not hide the others
                out[case["name"]] = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out))
    elif cmd == "read":
        print(json.dumps({p: read_one(p) for p in plan}))
    elif cmd == "check":
        print(json.dumps([check(item) for item in plan]))
    elif cmd == "encode":
        out = []
        for item in plan:
            codec = numcodecs.get_codec(item["filter"])
            x = np.asarray(item["data"], dtype=item["dtype"])
            enc = codec.encode(x)
            out.append(values_json(np.asarray(codec.decode(enc)).view(x.dtype)))
        print(json.dumps(out))
    elif cmd == "checksums":
        import zlib
        from numcodecs import CRC32C, Fletcher32
        out = []
        for hexdata in plan:
            b = bytes.fromhex(hexdata)
            f = bytes(Fletcher32().encode(b))[-4:]
            c = bytes(CRC32C().encode(b))[-4:]
            out.append({"adler32": zlib.adler32(b), "crc32": zlib.crc32(b),
                        "crc32c": int.from_bytes(c, "little"), "fletcher32": int.from_bytes(f, "little")})
        print(json.dumps(out))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
