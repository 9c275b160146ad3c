"""Consolidated-metadata fixtures for test/consolidated.test.ts (zarr-python 3).

  consolidated.py make <dir>    write the groups, print a JSON manifest

For each format (2, 3) a group g<fmt> holds arrays b (int16), d (uint8) and
sub/c (float32), consolidated with zarr.consolidate_metadata. Afterwards:
  - the own metadata files of b and sub/c are removed (only the consolidated
    entries remain, so a read that finds them used the consolidated metadata);
  - d's own metadata file gets other attributes and another fill value
    (zarr-python, opening d through the group, reports the consolidated ones).
The expected values are what zarr-python reads through zarr.open_group.
`late` is created after consolidating (zarr-python's group does not list it;
its expected values come from zarr.open_array on its own folder).
"""
import json
import os
import sys
import warnings

import numpy as np
import zarr

warnings.filterwarnings("ignore")


def own_files(fmt, array_dir):
    return [os.path.join(array_dir, "zarr.json")] if fmt == 3 else [os.path.join(array_dir, ".zarray"), os.path.join(array_dir, ".zattrs")]


def make(root):
    out = {}
    for fmt in (2, 3):
        path = os.path.join(root, f"g{fmt}")
        g = zarr.open_group(path, mode="w", zarr_format=fmt)
        g.attrs["title"] = f"v{fmt} group"
        b = g.create_array("b", shape=(6,), chunks=(4,), dtype="int16", fill_value=-1, compressors=None)
        b[:5] = np.arange(5) * 3 - 4
        b.attrs["role"] = "b"
        d = g.create_array("d", shape=(3,), chunks=(3,), dtype="uint8", fill_value=9, compressors=None)
        d.attrs["role"] = "consolidated"
        c = g.create_group("sub").create_array("c", shape=(2, 3), chunks=(1, 3), dtype="float32", compressors=None)
        c[:] = np.array([[1.5, -2.0, 3.25], [0.0, 4.5, -6.75]], dtype="float32")
        zarr.consolidate_metadata(path)

        for rel in ("b", "sub/c"):
            for f in own_files(fmt, os.path.join(path, rel)):
                os.remove(f)
        meta_file = own_files(fmt, os.path.join(path, "d"))[0]
        meta = json.load(open(meta_file))
        meta["fill_value"] = 200
        if fmt == 3:
            meta["attributes"] = {"role": "own file"}
        else:
            json.dump({"role": "own file"}, open(os.path.join(path, "d", ".zattrs"), "w"))
        json.dump(meta, open(meta_file, "w"))

        # Added after consolidation, so only its own file knows it.
        late = zarr.create_array(os.path.join(path, "late"), shape=(2,), chunks=(2,), dtype="int32", zarr_format=fmt, compressors=None)
        late[:] = [11, -12]

        group = zarr.open_group(path, mode="r")
        out[f"v{fmt}"] = {
            "path": path,
            "b": {"values": group["b"][:].tolist(), "attributes": dict(group["b"].attrs)},
            "c": {"values": group["sub/c"][:].ravel().tolist(), "shape": list(group["sub/c"].shape)},
            "d": {"values": group["d"][:].tolist(), "attributes": dict(group["d"].attrs)},
            "late": zarr.open_array(os.path.join(path, "late"), mode="r")[:].tolist(),
            "members": sorted(k for k, _ in group.members(max_depth=None)),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]}")
