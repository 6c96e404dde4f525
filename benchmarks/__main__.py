"""Run every benchmark, each in its own process, and say which missed its target.

    python -m benchmarks            # all of them
    python -m benchmarks startup    # the ones whose name contains "startup"
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    chosen = [n for n in names if not argv or any(a in n for a in argv)]
    missed = []
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False).returncode != 0:
            missed.append(name)
    print(f"\n{len(chosen) - len(missed)} of {len(chosen)} benchmarks met their targets"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
