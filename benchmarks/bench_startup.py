"""Start-up: process start to the first rows of the Suspended tab painted, with 100,000 orders.

The app runs as `python -m portdesk --db URL` with PORTDESK_EXIT_AFTER_FIRST_PAINT=1 (app.py then
prints the moment of the first painted rows, its peak memory and its top-level modules, and quits).
The floor is a bare PySide6 process that imports the same third-party libraries the app imported
by then, opens a QMainWindow with a QTableView of 100 rows and reports its first paint the same way.
Both offscreen. Targets: time ≤ 1.3x the floor; peak memory ≤ floor + 80 MB; pymupdf, fitz and
reportlab not imported at start-up.

Run: ``python -m benchmarks.bench_startup [--count 100000] [--repeat 5]``; exit 1 when missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_search import queue_database

TIME_TARGET = 1.3
MEMORY_MARGIN_MB = 80
HEAVY = ("pymupdf", "fitz", "reportlab")

FLOOR = r'''
import json, resource, sys, time
for name in {modules!r}:
    try:
        __import__(name)
    except Exception:
        pass
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
window = QMainWindow()
model = QStandardItemModel(100, 9)
for row in range(100):
    for col in range(9):
        model.setItem(row, col, QStandardItem(f"cell {{row}}.{{col}}"))
view = QTableView()
view.setModel(model)
window.setCentralWidget(view)
window.resize(1440, 860)

class Probe(QObject):
    done = False
    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print(json.dumps({{"first_paint": time.time(),
                          "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}), flush=True)
        app.quit()

probe = Probe()
view.viewport().installEventFilter(probe)
window.show()
app.exec()
'''


def _env(home: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTDESK_HOME=home, PORTDESK_EXIT_AFTER_FIRST_PAINT="1")
    env.pop("PORTDESK_DATABASE_URL", None)
    return env


def _run(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Spawn, wait for the probe's JSON line; seconds from spawn to first paint, peak memory."""
    started = time.time()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{argv[1:3]} failed ({done.returncode}): {done.stderr[-800:]}")
    report: dict[str, Any] = json.loads(lines[-1])
    report["seconds"] = report["first_paint"] - started
    return report


def third_party(modules: list[str]) -> list[str]:
    stdlib = set(sys.stdlib_module_names)
    return sorted(m for m in modules if m not in stdlib and not m.startswith("_") and m not in ("portdesk",
                                                                                                  "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_startup", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    db = queue_database(args.count)
    with tempfile.TemporaryDirectory(prefix="portdesk-bench-") as home:
        env = _env(home)
        app_cmd = [sys.executable, "-m", "portdesk", "--db", f"sqlite:///{db}"]
        first = _run(app_cmd, env)  # also tells the floor which libraries to import
        modules = third_party(first["modules"])
        floor_script = Path(home) / "floor.py"
        floor_script.write_text(FLOOR.format(modules=modules), encoding="utf-8")
        floor_cmd = [sys.executable, str(floor_script)]
        _run(floor_cmd, env)  # warm the file cache for both alike
        apps, floors = [first], []
        for _ in range(args.repeat):
            floors.append(_run(floor_cmd, env))
            apps.append(_run(app_cmd, env))
    app_s = statistics.median(r["seconds"] for r in apps)
    floor_s = statistics.median(r["seconds"] for r in floors)
    app_mb = max(r["maxrss_kb"] for r in apps) / 1024
    floor_mb = max(r["maxrss_kb"] for r in floors) / 1024
    heavy = sorted(set(HEAVY) & set(first["modules"]))
    ratio = app_s / floor_s
    print(f"start-up to the first painted rows, {args.count:,} orders (median of {args.repeat}, offscreen)")
    print(f"  app   {app_s * 1000:7.0f} ms   peak {app_mb:6.1f} MB   rows shown {first['rows']}")
    print(f"  floor {floor_s * 1000:7.0f} ms   peak {floor_mb:6.1f} MB   (PySide6 + {len(modules)} libraries, "
          f"QTableView of 100 rows)")
    print(f"  time ratio {ratio:.2f}x (target ≤ {TIME_TARGET}x); memory +{app_mb - floor_mb:.1f} MB "
          f"(target ≤ +{MEMORY_MARGIN_MB} MB); heavy libraries at start-up: {', '.join(heavy) or 'none'}")
    print(f"  libraries the app imported: {', '.join(modules)}")
    ok = ratio <= TIME_TARGET and app_mb - floor_mb <= MEMORY_MARGIN_MB and not heavy
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
