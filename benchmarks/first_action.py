"""The first action after start-up that needs the SQL stack: a search (bench_startup's second figure).

Run as a fresh process per round: the desk opens on DB as a user starts it, the probe waits until the
per-order tools are installed, the first order is on show and every job pool is idle, then types a
search and times it until the counts and the current tab's first page of matches are in, twice (the
first brings in whatever the start left for later; the second is the same search warm). A 5 ms Qt
timer runs throughout: its longest gap is how long the GUI thread could not paint or take input.

Usage (bench_startup runs it): python -m benchmarks.first_action sqlite:///DB TEXT → one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

TICK_MS = 5


def _pools_idle() -> bool:
    from portdesk.ui import jobs

    return all(pool.activeThreadCount() == 0 for pool in list(jobs._qt_pools.values()))


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from portdesk.app.gui import build_window

    built = build_window(db_url=argv[0], tools_after_first_paint=True)
    assert not isinstance(built, int), "the desk did not open"
    window, runner = built
    window.show()
    window.start()

    def wait(done: Any, seconds: float = 60.0) -> None:
        end, idle = time.monotonic() + seconds, 0
        while time.monotonic() < end:
            app.processEvents()
            idle = idle + 1 if _pools_idle() else 0
            if done() and idle >= 3:
                return
            time.sleep(0.01)
        raise SystemExit("timed out waiting for the desk to settle")

    wait(lambda: getattr(window, "wizard_command", None) is not None and window.detail.detail is not None)
    out: dict[str, Any] = {"sql_loaded_at_start": "sqlalchemy" in sys.modules}
    for attempt in ("first", "second"):
        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick(gaps: list[float] = gaps, last: list[float] = last) -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        model = window.tabs.model(window.tabs.current_tab())
        loop = QEventLoop()
        seen: set[str] = set()

        def arrived(what: str, seen: set[str] = seen, loop: QEventLoop = loop) -> None:
            seen.add(what)
            if seen == {"counts", "page"}:
                loop.quit()

        window.tabs.counts_changed.connect(lambda _c, arrived=arrived: arrived("counts"))
        model.page_loaded.connect(lambda _n, arrived=arrived: arrived("page"))
        timer.start()
        started = time.perf_counter()
        window.apply_search(argv[1] if attempt == "first" else argv[1] + " ")  # the same search, a new request
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        took = time.perf_counter() - started
        timer.stop()
        out[attempt] = {"ms": took * 1000, "longest_gui_gap_ms": max(gaps, default=0) * 1000,
                        "matches": sum(window.tabs.counts().values())}
        window.tabs.counts_changed.disconnect()
        model.page_loaded.disconnect()
        window.apply_search("")
        wait(lambda: True)
    print(json.dumps(out), flush=True)
    window.close()
    runner.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
