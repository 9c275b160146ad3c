"""The JSON form of a selection the TypeScript tests send, as a NumPy index key."""
import numpy as np


def to_key(items):
    """items: null (whole axis), "...", "newaxis", {"i": int} or {"s": [start, stop, step]}."""
    out = []
    for it in items:
        if it is None:
            out.append(slice(None))
        elif it == "...":
            out.append(Ellipsis)
        elif it == "newaxis":
            out.append(np.newaxis)
        elif "i" in it:
            out.append(int(it["i"]))
        else:
            out.append(slice(*it["s"]))
    return tuple(out)
