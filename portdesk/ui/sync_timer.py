"""Sync cycles on a timer, on the `net` pool: the GUI thread never waits on a carrier.

The smallest loop that keeps the queue moving (the demo's sandbox, and any connection until the
Settings-driven sync controller takes over): one cycle at a time, a new one only when the last has
ended, what changed reaches the windows through the order-events hub.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from portdesk.ui.jobs import JobError, JobRunner

log = logging.getLogger(__name__)


class SyncTimer(QObject):
    cycle_done = Signal(object)  # the CycleReport
    cycle_failed = Signal(str)  # the error in words

    def __init__(self, sync: Any, runner: JobRunner, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sync = sync
        self._lane = runner.lane("net")
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._timer.start()
        QTimer.singleShot(0, self.sync_now)

    def stop(self) -> None:
        self._timer.stop()
        self._lane.cancel_all()

    @property
    def busy(self) -> bool:
        return self._busy

    def sync_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._lane.submit(lambda: self._sync.run_cycle(respect_backoff=False), self._done, self._failed)

    def _done(self, report: Any) -> None:
        self._busy = False
        self.cycle_done.emit(report)

    def _failed(self, error: JobError) -> None:
        self._busy = False
        log.warning("sync cycle failed: %s", error)
        self.cycle_failed.emit(str(error))
