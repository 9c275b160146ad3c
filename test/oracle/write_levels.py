"""Oracle for io.writeLevels and io.writeOmeZarr.

  check PLAN   PLAN = {"cases": [{"source": zarr path, "method": "simple"|coarsen method,
                                  "levels": [{"path", "factors"}]}],
                       "ome": [{"path", "version": "0.4"|"0.5"}]}
  Each level is read with zarr-python 3 and compared with the source read by
  zarr-python, reduced by tensorstore.downsample (or x[::f, ...] for "simple"),
  NaN equal to NaN. Each "ome" group is validated with ome-zarr-models' Image
  model of that version. Prints {"cases": [{"levels": [{"equal", "shape", "dtype",
  "first_diff"}]}], "ome": [{"valid", "error", "datasets"}]}.
"""
import json
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


def main():
    plan = json.load(open(sys.argv[2]))
    report = {"cases": [check_case(c) for c in plan.get("cases", [])],
              "ome": [check_ome(o) for o in plan.get("ome", [])]}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
