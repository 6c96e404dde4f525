"""GUI-thread jitter while the database works: a 10 ms QTimer on the GUI thread records the largest gap
between its ticks while a background job on the `db` pool writes 1,000 orders (one unit of work each,
each published to the events hub and refreshed in the window's queue). Target: no gap over 50 ms.
The GUI thread runs Qt's event loop as in the app; the last figure is the largest gap less the GUI
thread's wait for a core (/proc/thread-self/schedstat), the part this process answers for.

Measured on the shared 2-core machine, three runs a set, the same probe before and after the events
crossed to the GUI thread in one call per burst and the switch interval went to 1 ms: at load
5.6-6.3 max gap 69/35/107 ms → 95/21/34 ms, p99 51/31/38 → 26/19/18 ms; at load 3.9-5.4 max gap
36/47/39 → 37/36/38 ms, p99 31/43/36 → 24/33/31 ms. The writer is pure Python on one of two busy
cores: the gaps left are the GUI thread waiting for a core, or for the interpreter while the writer
holding it is off its core. After the sync's cycles deferred their full collections (which this
probe does not touch: the `db` pool's writes run as before), one run at load 2.9: max gap 72 ms, p99
71 ms over 102 ticks, less the core wait 40 ms.

    python -m benchmarks.bench_jitter
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.qt_loop import run_delay_ms, spin
from portdesk.domain.order import PortOrder
from portdesk.services.events import OrderEvents
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import JobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.order_signals import OrderSignals

ROWS = 1000
TICK_MS = 10
TARGET_MS = 50.0


def _order(i: int) -> PortOrder:
    return PortOrder.from_dict({
        "format": "portdesk.order/1", "name": f"Jitter {i:04d}", "kind": "local", "profile": "kazoo",
        "account": {"name": f"Jitter {i:04d} Inc.", "number": f"77-{i:04d}"},
        "numbers": [f"+1303555{i:04d}"],
    })


def main() -> int:
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive until the end
    folder = Path(tempfile.mkdtemp(prefix="portdesk-jitter-"))
    engine = make_engine(f"sqlite:///{folder / 'jitter.sqlite3'}")
    migrate(engine)
    hub = OrderEvents()
    queue = QueueService(SqlQueueStore(engine), events=hub)
    jobs = JobRunner()
    window = MainWindow(queue, jobs, folder / "w.ini", "bench", "bench", events=OrderSignals(hub))
    window.show()
    window.start()

    gaps: list[float] = []
    queued: list[float] = []  # the GUI thread's time runnable but waiting for a core (the machine's load)
    last = [time.perf_counter(), run_delay_ms()]

    def tick() -> None:
        now, delay = time.perf_counter(), run_delay_ms()
        gaps.append((now - last[0]) * 1000)
        queued.append(delay - last[1])
        last[:] = [now, delay]

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    done: list[float] = []

    def write_rows() -> float:
        started = time.perf_counter()
        for i in range(ROWS):
            queue.create_orders([_order(i)], "bench")
        return time.perf_counter() - started

    spin(0.5)  # the first page and counts: start-up, not what is measured
    last[:] = [time.perf_counter(), run_delay_ms()]
    timer.start()
    jobs.lane("db").submit(write_rows, done.append)
    spin(until=lambda: bool(done))
    during = len(gaps)  # the ticks while the job wrote; after them, the window catches up on the changes
    spin(0.3)  # the refreshes the last events asked for
    timer.stop()
    jobs.wait()
    worst = max(gaps[1:during]) if during > 1 else float("inf")
    tail = max(gaps[during:], default=0.0)
    p99 = statistics.quantiles(gaps[1:during], n=100)[98] if during > 100 else worst
    own = max((g - queued[i] for i, g in enumerate(gaps[1:during], 1)), default=0.0)  # less the core waits
    if os.environ.get("JITTER_DEBUG"):
        print(sorted(((round(g), i) for i, g in enumerate(gaps)), reverse=True)[:8])
    print(f"wrote {ROWS} orders in {done[0]:.2f} s on the db pool; {during} ticks of {TICK_MS} ms meanwhile; "
          f"max gap {worst:.1f} ms, p99 {p99:.1f} ms (target ≤ {TARGET_MS:.0f} ms); then the queue showing them: max gap {tail:.1f} ms; "
          f"the largest gap less its wait for a core {own:.1f} ms")
    window.close()
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
