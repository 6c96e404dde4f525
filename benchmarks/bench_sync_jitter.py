"""GUI-thread jitter while the background sync works on 1,000 orders against the sandbox.

The window is the app's (queue tabs, detail pane, the sync installed by app.install_sync on the real
job runner); the sandbox runs as its own process (`portdesk sandbox`), as in the demo. A 10 ms QTimer
on the GUI thread records the largest gap between its ticks while two cycles run: the first sends
1,000 queued orders (create, submit) and follows them, the second follows them again after the
sandbox has moved them on (status, FOC, rejections: events into the hub, rows refreshed, the
status-bar words updated). Target: no gap over 50 ms.

    python -m benchmarks.bench_sync_jitter [--orders 1000]

JITTER_DEBUG=1 lists the worst gaps with the GUI thread's own CPU time in each and its time waiting
for a core (/proc/thread-self/schedstat: what is left of a gap beyond both and the 10 ms is a wait
for the interpreter or a lock), and the garbage collections over 15 ms with their thread;
JITTER_BARE=1 runs the sync with no queue views listening; JITTER_PROFILE=1 profiles the GUI thread
meanwhile (JITTER_PROFILE_SORT=cumulative to see which slots). The idle floor (the same timer with
nothing running) says how much of a gap the machine's own load accounts for. The GUI thread runs Qt's
event loop as in the app; the last figure is the largest gap less its wait for a core, the part this
process answers for.

What the gaps were. Earlier fixes: the sync's events reach the GUI thread in one queued call per
burst (ui/order_signals.py), the switch interval is 1 ms (ui/jobs.py), and full collections wait for
the end of a cycle (platform/gc_pauses.py). The worst gaps left, 100-470 ms even on a quiet machine,
all fell in the last half-second of the first cycle. Found by dumping every thread with
`py-spy dump --nonblocking` whenever the timer ran 30 ms late, with timestamps around the sync's
phases: the GUI thread sat in a futex wait for the interpreter while the sync thread held it in the
pull's closing transaction, which recorded the comments read for each of the 1,000 orders with a
read and a write of its own, 2,000 statements back to back and 0.3-0.5 s with no network wait
between them. That block is now one read and one write per 500 orders
(SyncRepository.mark_notes_read, tests/services/test_sync_pull.py); the GUI thread's own work stays
small (a burst of ~200 events is handed to the views in 0.5-6 ms, one queued call).

Measured on the shared 2-core machine (1-min load before each run). Before, at load 0.2-2.5: max gap
74/471/133 ms, less the core waits 24/444/85 ms (the 471 ms gap: 36 ms of GUI work, 28 ms waiting for
a core, the rest waiting for the interpreter). After, three runs in a row at load 2.4-2.6: max gap
47/34/67 ms, p99 16/17/20 ms, less the core waits 39/34/35 ms (idle floor max 11-14 ms); at load
2.7-5.1, twelve more: max 30-144 ms, less the core waits 19-77 ms (61 or under in all but one; the
closing transaction now takes 25 ms). At load 6 and over, both before and after pass 100 ms on waits
for a core alone (the idle floor itself reaches 40-430 ms).

What is left: every half second, when a burst of events lands, the refresh and its repaint take
13-16 ms of the GUI thread's CPU (its Python slots about 3 ms of that, by JITTER_PROFILE; the rest
is in Qt, layout and painting, not measured apart); on top of that, waits for a core. The sandbox process, the sync thread (which holds
the interpreter most of the time it runs: statement building and HTTP in Python) and the GUI thread
share the two cores with whatever else runs on the machine, so measure on a quiet machine and read
the figure less the core waits beside the idle floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.qt_loop import run_delay_ms, spin

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10
TARGET_MS = 50.0


def _start_sandbox() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "portdesk", "sandbox", "--port", "0", "--speed", "20000", "--rate-limit", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    base = proc.stdout.readline().strip()
    if not base.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit(f"the sandbox did not start: {base!r}")
    return proc, base


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1000)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="portdesk-sync-jitter-"))
    os.environ["PORTDESK_HOME"] = str(folder / "home")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(folder / "xdg")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from portdesk.app.gui import install_sync
    from portdesk.domain.order import PortOrder
    from portdesk.platform.settings import Settings
    from portdesk.services.events import OrderEvents
    from portdesk.services.outbox import Submission, new_key
    from portdesk.services.profile_catalogue import ProfileCatalogue
    from portdesk.services.queue import QueueService
    from portdesk.store.db import make_engine, migrate
    from portdesk.store.outbox import SqlSyncStore
    from portdesk.store.repos import SqlQueueStore
    from portdesk.ui.jobs import JobRunner
    from portdesk.ui.main_window import MainWindow
    from portdesk.ui.order_signals import OrderSignals
    from portdesk.ui.sync import notifications, sync_controller  # noqa: F401 - loaded with the app's tools, not timed

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive until the end
    sandbox, base = _start_sandbox()
    try:
        engine = make_engine(f"sqlite:///{folder / 'jitter.sqlite3'}")
        migrate(engine)
        store = SqlQueueStore(engine)
        hub = OrderEvents()
        queue = QueueService(store, events=hub)
        orders = [PortOrder.from_dict({
            "format": "portdesk.order/1", "name": f"Sync {i:04d}", "kind": "local", "profile": "telnyx",
            "losing_carrier": "Lumen", "port_type": "full", "requested_date": "2026-12-21",
            "account": {"name": f"Sync {i:04d} Inc.", "number": f"77-{i:04d}", "pin": "1234",
                        "btn": f"+1720555{i:04d}", "authorized_user": "Pat Lee",
                        "service_address": {"line1": f"{i + 1} Main Street", "city": "Denver", "state": "CO",
                                            "postal_code": "80202"}},
            "numbers": [f"+1720555{i:04d}"]}) for i in range(args.orders)]
        ids = queue.create_orders(orders, "bench")
        from portdesk.domain.status import Status

        sync_store = SqlSyncStore(engine)
        import datetime as dt

        now = dt.datetime.now(dt.UTC)
        with sync_store.unit_of_work() as repo:  # what `orders submit` leaves: queued, a create in the outbox
            for oid in ids:
                repo.save_submission(Submission(oid, "tx", "telnyx", new_key(oid), now))
                repo.orders.set_status(oid, Status.QUEUED, repo.orders.state(oid).version, now)
                repo.add_item(oid, "create", {}, now)

        from portdesk.carriers import open_gateway
        from portdesk.credentials.lazy_secrets import LazyKeyringSecrets
        from portdesk.services.connections import ConnectionsService, new_connection
        from portdesk.store.connections import SqlConnectionStore

        ConnectionsService(SqlConnectionStore(engine), LazyKeyringSecrets(), open_gateway).add(
            new_connection("tx", "telnyx", f"{base}/telnyx/v2"), "sandbox")
        jobs = JobRunner()
        if os.environ.get("JITTER_BARE"):  # the sync alone: no queue views listening to its events
            from PySide6.QtWidgets import QMainWindow

            window = QMainWindow()
            window.events = None  # type: ignore[attr-defined]
            window.start = lambda: None  # type: ignore[attr-defined]
        else:
            window = MainWindow(queue, jobs, folder / "w.ini", "bench", "bench", events=OrderSignals(hub))
        window.show()
        window.start()
        spin(0.5)

        import gc

        from portdesk.platform.gc_pauses import freeze_long_lived

        freeze_long_lived()  # as the app does once its window and tools are up
        collections: list[tuple[int, float]] = []
        long_collections: list[tuple[float, float, str]] = []  # (started, ms, thread) of those over 15 ms
        gc_started = [0.0]

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                gc_started[0] = time.perf_counter()
            else:
                collections.append((info["generation"], (time.perf_counter() - gc_started[0]) * 1000))
                if collections[-1][1] > 15:
                    long_collections.append((gc_started[0], collections[-1][1], threading.current_thread().name))

        gc.callbacks.append(on_gc)
        gaps: list[float] = []
        busy: list[float] = []  # the GUI thread's own CPU time within each gap: work, not waiting
        queued: list[float] = []  # its time runnable but waiting for a core (the machine's load, not the GIL)
        last = [time.perf_counter()]
        last_cpu = [time.thread_time()]
        last_queued = [run_delay_ms()]

        def tick() -> None:
            now_, cpu, delay = time.perf_counter(), time.thread_time(), run_delay_ms()
            gaps.append((now_ - last[0]) * 1000)
            busy.append((cpu - last_cpu[0]) * 1000)
            queued.append(delay - last_queued[0])
            last[0], last_cpu[0], last_queued[0] = now_, cpu, delay

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        words: list[str] = []
        last[0] = time.perf_counter()
        timer.start()
        # The floor: the same timer with nothing running, on this machine as loaded as it is now.
        spin(3.0)
        idle = gaps[1:]
        # Installing the sync is the app's start-up (its window, notifier and indicator built on the GUI
        # thread before the first cycle can start): the probe measures from its first cycle on.
        controller = install_sync(window, queue, store, Settings(sync_interval_seconds=86_400), jobs, hub,
                                  ProfileCatalogue.build(None))
        controller.state_changed.connect(lambda status: words.append(status.text))
        cycles: list[tuple[float, str]] = []
        gaps.clear()
        busy.clear()
        queued.clear()
        last[0] = measured_from = started = time.perf_counter()
        last_cpu[0], last_queued[0] = time.thread_time(), run_delay_ms()
        controller.cycle_finished.connect(lambda name, report: cycles.append(
            (time.perf_counter() - started, f"{report.sent} sent, {report.updated} updated, {len(report.errors)} errors")))

        profile = None
        if os.environ.get("JITTER_PROFILE"):  # where the GUI thread spends its time meanwhile
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        spin(until=lambda: len(cycles) >= 1)
        spin(0.05)  # the sandbox moves the orders on (20,000x: a simulated day in 4 s)
        controller.sync_now()
        spin(until=lambda: len(cycles) >= 2)
        during = len(gaps)
        if profile is not None:
            import pstats

            profile.disable()
            pstats.Stats(profile).sort_stats(os.environ.get("JITTER_PROFILE_SORT", "tottime")).print_stats(18)
        spin(0.5)  # the last refreshes the events asked for
        timer.stop()
        controller.stop()
        jobs.wait()
        worst = max(gaps[1:during]) if during > 1 else float("inf")
        tail = max(gaps[during:], default=0.0)
        p99 = statistics.quantiles(gaps[1:during], n=100)[98] if during > 100 else worst
        # what is left of a gap once the time the machine gave the GUI thread no core is taken out:
        # its own work and its waits for the interpreter (the part this process answers for)
        own = max((g - queued[i] for i, g in enumerate(gaps[1:during], 1)), default=0.0)
        if os.environ.get("JITTER_DEBUG"):
            at = [sum(gaps[: i + 1]) / 1000 for i in range(len(gaps))]
            print("worst gaps (ms, GUI CPU ms, ms waiting for a core, @ s):",
                  sorted(((round(g), round(busy[i]), round(queued[i]), round(at[i], 2)) for i, g in enumerate(gaps)),
                         reverse=True)[:12])
            from collections import Counter

            print("tracked objects not frozen:", len(gc.get_objects()), "frozen:", gc.get_freeze_count(),
                  Counter(type(o).__qualname__ for o in gc.get_objects()).most_common(8))
            print("collections over 15 ms (@ s, ms, thread):",
                  [(round(t - measured_from, 2), round(ms), name) for t, ms, name in long_collections])
        for seconds, summary in cycles:
            print(f"cycle done at {seconds:.1f} s: {summary}")
        print(f"status-bar words seen: {len(words)} ({', '.join(dict.fromkeys(words))[:200]})")
        gc.callbacks.remove(on_gc)
        full = [ms for gen, ms in collections if gen == 2]
        print(f"garbage collections meanwhile: {len(collections)}, {len(full)} full, longest "
              f"{max((ms for _, ms in collections), default=0):.1f} ms (full: {max(full, default=0):.1f} ms)")
        idle_p99 = statistics.quantiles(idle, n=100)[98] if len(idle) > 100 else max(idle)
        print(f"idle floor (3 s, nothing running): max gap {max(idle):.1f} ms, p99 {idle_p99:.1f} ms")
        print(f"{args.orders} orders, 2 cycles in {cycles[-1][0]:.1f} s; {during} ticks of {TICK_MS} ms meanwhile; "
              f"max gap {worst:.1f} ms, p99 {p99:.1f} ms (target ≤ {TARGET_MS:.0f} ms); afterwards {tail:.1f} ms; "
              f"the largest gap less its wait for a core {own:.1f} ms")
        window.close()
        return 0 if worst <= TARGET_MS else 1
    finally:
        sandbox.terminate()
        sandbox.wait(10)
        shutil.rmtree(folder, ignore_errors=True)  # its database (4 MB a run) and the keyring file


if __name__ == "__main__":
    sys.exit(main())
