"""The jitter probes' shared pieces: Qt's own event loop for a while, and a thread's wait for a core."""

from __future__ import annotations

from collections.abc import Callable


def spin(seconds: float | None = None, until: Callable[[], bool] | None = None) -> None:
    """Qt's event loop, as the app runs it (the GUI thread asleep in Qt until an event), for `seconds`
    or until `until()` holds. A Python loop of processEvents and sleeps would take the interpreter back
    three times a millisecond and measure its own waits for it, not the app's."""
    from PySide6.QtCore import QEventLoop, QTimer

    if until is not None and until():
        return
    loop = QEventLoop()
    timers = []
    if seconds is not None:
        timers.append(QTimer(singleShot=True, interval=int(seconds * 1000)))
        timers[-1].timeout.connect(loop.quit)
    if until is not None:
        timers.append(QTimer(interval=20))

        def check() -> None:
            if until():
                loop.quit()

        timers[-1].timeout.connect(check)
    for timer in timers:
        timer.start()
    loop.exec()
    for timer in timers:
        timer.stop()


def run_delay_ms() -> float:
    """The calling thread's time spent runnable but not running (Linux schedstat; 0 elsewhere)."""
    try:
        with open("/proc/thread-self/schedstat") as stats:
            return int(stats.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0
