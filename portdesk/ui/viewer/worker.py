"""The one thread that does PDF work for every bill viewer.

PyMuPDF is not thread-safe, so all PDF calls go through one QThreadPool with a single thread.
Results come back through signals on a separate QObject (queued to the GUI thread); a runnable
never inherits from QObject. Tests may pass `SyncRunner` to run jobs inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

# Renders jump ahead of search chunks and checks, so scrolling stays fluid during a long search.
PRIORITY_RENDER = 10
PRIORITY_WORDS = 5
PRIORITY_BACKGROUND = 0

_shared_pool: QThreadPool | None = None


def pdf_pool() -> QThreadPool:
    """The process-wide single-thread pool for PDF work."""
    global _shared_pool
    if _shared_pool is None:
        _shared_pool = QThreadPool()
        _shared_pool.setMaxThreadCount(1)
        _shared_pool.setObjectName("portdesk-pdf")
    return _shared_pool


class JobSignals(QObject):
    """Where a job's outcome is announced; lives on the GUI thread."""

    job_finished = Signal(int, object)  # job id, result
    job_failed = Signal(int, str)  # job id, message in words


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], signals: JobSignals,
                 wanted: Callable[[], bool] | None) -> None:
        super().__init__()
        self._job_id = job_id
        self._fn = fn
        self._signals = signals
        self._wanted = wanted

    def run(self) -> None:
        if self._wanted is not None and not self._wanted():
            self._signals.job_failed.emit(self._job_id, "")  # scrolled past: skip, but release it
            return
        try:
            result = self._fn()
        except Exception as exc:
            log.exception("PDF job %s failed", self._job_id)
            self._signals.job_failed.emit(self._job_id, str(exc) or type(exc).__name__)
        else:
            self._signals.job_finished.emit(self._job_id, result)


Done = Callable[[Any], None]
Failed = Callable[[str], None]


class PdfRunner:
    """Runs callables on the PDF thread and calls back on the GUI thread with the outcome."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self._pool = pool
        self.signals = JobSignals()
        self.signals.job_finished.connect(self._on_job_finished)
        self.signals.job_failed.connect(self._on_job_failed)
        self._callbacks: dict[int, tuple[Done, Failed | None]] = {}
        self._next_id = 0

    def submit(self, fn: Callable[[], Any], on_done: Done, on_failed: Failed | None = None, *,
               priority: int = PRIORITY_BACKGROUND, wanted: Callable[[], bool] | None = None) -> int:
        self._next_id += 1
        self._callbacks[self._next_id] = (on_done, on_failed)
        self._start(_Job(self._next_id, fn, self.signals, wanted), priority)
        return self._next_id

    def _start(self, job: _Job, priority: int) -> None:
        job.setAutoDelete(True)
        (self._pool or pdf_pool()).start(job, priority)

    def forget(self) -> None:
        """Drop every pending callback: the widget that asked is going away."""
        self._callbacks.clear()

    def pending(self) -> int:
        return len(self._callbacks)

    def _on_job_finished(self, job_id: int, result: object) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is not None:
            callbacks[0](result)

    def _on_job_failed(self, job_id: int, message: str) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is not None and callbacks[1] is not None:
            callbacks[1](message)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return bool((self._pool or pdf_pool()).waitForDone(msecs))


class SyncRunner(PdfRunner):
    """Runs each job at once on the calling thread: for tests that want no waiting."""

    def _start(self, job: _Job, priority: int) -> None:
        job.run()

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return True
