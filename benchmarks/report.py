"""The one line format every benchmark reports its verdicts in, read back by `python -m benchmarks`.

A benchmark prints, besides its own account, one `BENCH {json}` line per target:
    {"target": "…", "figure": "…", "ok": true}
and, for the scaling table, one `SCALE {json}` line per measured size:
    {"cost": "…", "size": "10,000 orders", "figure": "5.7 ms"}
A benchmark that prints none (an older or a newly merged one) still gets one row, from its exit code
and its last line that names a target.
"""

from __future__ import annotations

import json

VERDICT = "BENCH "
SCALE = "SCALE "


def verdict(target: str, figure: str, ok: bool) -> bool:
    """Print one target's verdict line; returns `ok` so a benchmark can fold it into its exit code."""
    print(VERDICT + json.dumps({"target": target, "figure": figure, "ok": bool(ok)}), flush=True)
    return ok


def scale(cost: str, size: str, figure: str) -> None:
    """Print one row of the scaling table: what `cost` is at `size`."""
    print(SCALE + json.dumps({"cost": cost, "size": size, "figure": figure}), flush=True)
