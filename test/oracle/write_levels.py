"""Oracle for io.writeLevels and io.writeOmeZarr.

  check PLAN   PLAN = {"cases": [{"source": zarr path, "method": "simple"|coarsen method,
                                  "levels": [{"path", "factors"}]}],
                       "ome": [{"path", "version": "0.4"|"0.5"}]}
  tiff PATH     writes an OME-TIFF (uint16, ZYX 9×40×50, PhysicalSizeZ/Y/X 2/0.5/0.5 µm)
               for io.writeOmeZarr to take its axes and scale from, and rgb.tif beside it
               (uint8 16×20×3, axes YXS).
  Each level is read with zarr-python 3 and compared with the source read by
  zarr-python, reduced by tensorstore.downsample (or x[::f, ...] for "simple"),
  NaN equal to NaN. Each "ome" group is validated with ome-zarr-models' Image
  model of that version. Prints {"cases": [{"levels": [{"equal", "shape", "dtype",
  "first_diff"}]}], "ome": [{"valid", "error", "datasets"}]}.
"""
import json
import os
import sys

import numpy as np
import tensorstore as ts
import zarr


def expected(x, factors, method):
    if method == "simple":
        return x[tuple(slice(None, None, f) for f in factors)]
    return ts.downsample(ts.array(x), factors, method).read().result()


def compare(want, got):
    if want.shape != got.shape or want.dtype != got.dtype:
        return False, f"shape/dtype {got.shape} {got.dtype} != {want.shape} {want.dtype}"
    same = (want == got) | ((want != want) & (got != got))
    if same.all():
        return True, None
    idx = tuple(int(i) for i in np.argwhere(~same)[0])
    return False, f"at {idx}: {got[idx]!r} != {want[idx]!r}"


def check_case(case):
    if case["source"].endswith(".tif"):
        import tifffile
        x = tifffile.imread(case["source"])
    else:
        x = zarr.open_array(case["source"], mode="r")[...]
    out = []
    for level in case["levels"]:
        got = zarr.open_array(level["path"], mode="r")[...]
        ok, diff = compare(expected(x, level["factors"], case["method"]), got)
        out.append({"equal": ok, "shape": list(got.shape), "dtype": str(got.dtype), "first_diff": diff})
    return {"levels": out}


def check_ome(spec):
    group = zarr.open_group(spec["path"], mode="r")
    try:
        if spec["version"] == "0.4":
            from ome_zarr_models.v04.image import Image
        else:
            from ome_zarr_models.v05.image import Image
        image = Image.from_zarr(group)
        datasets = [d.path for d in image.attributes.multiscales[0].datasets] if spec["version"] == "0.4" \
            else [d.path for d in image.attributes.ome.multiscales[0].datasets]
        return {"valid": True, "error": None, "datasets": datasets}
    except Exception as e:  # the model's validation error is the answer
        return {"valid": False, "error": f"{type(e).__name__}: {e}"[:2000], "datasets": []}


def write_tiff(path):
    import tifffile
    x = (np.arange(9 * 40 * 50, dtype=np.uint64) * 2654435761 % 4099).astype(np.uint16).reshape(9, 40, 50)
    tifffile.imwrite(path, x, ome=True, metadata={"axes": "ZYX", "PhysicalSizeZ": 2.0, "PhysicalSizeY": 0.5,
                                                  "PhysicalSizeX": 0.5})
    rgb = (np.arange(16 * 20 * 3, dtype=np.uint32) % 251).astype(np.uint8).reshape(16, 20, 3)
    tifffile.imwrite(os.path.join(os.path.dirname(path), "rgb.tif"), rgb, photometric="rgb")
    print(json.dumps({"ok": True}))


def main():
    if sys.argv[1] == "tiff":
        return write_tiff(sys.argv[2])
    plan = json.load(open(sys.argv[2]))
    report = {"cases": [check_case(c) for c in plan.get("cases", [])],
              "ome": [check_ome(o) for o in plan.get("ome", [])]}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
