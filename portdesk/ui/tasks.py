"""Background work for the window: a one-thread pool for database jobs, and a synchronous runner for tests.

A job is a plain callable; its result (or exception) comes back on the GUI thread through a signal
on a separate relay QObject (never a QRunnable that is also a QObject). Callers pass `on_done` and
`on_error`; they run on the GUI thread, after the job, in submission order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(Protocol):
    def submit(self, job: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None: ...

    def wait(self) -> None: ...


def _log_error(exc: BaseException) -> None:
    log.error("background job failed", exc_info=(type(exc), exc, exc.__traceback__))


class SyncRunner:
    """Runs the job at once on the calling thread: tests see results without waiting for signals."""

    def submit(self, job: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        try:
            result = job()
        except Exception as exc:
            (on_error or _log_error)(exc)
            return
        on_done(result)

    def wait(self) -> None:
        return None


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the slots here."""

    finished = Signal(object, object)  # callback, result
    failed = Signal(object, object)  # callback, exception

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished)
        self.failed.connect(self._on_failed)

    @Slot(object, object)
    def _on_finished(self, callback: Done, result: Any) -> None:
        _deliver(callback, result)

    @Slot(object, object)
    def _on_failed(self, callback: Failed, exc: BaseException) -> None:
        _deliver(callback, exc)


def _deliver(callback: Callable[[Any], None], value: Any) -> None:
    """Hand a result to its widget; a widget closed while the job ran simply does not get it."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "deleted" not in str(exc):  # PySide's words for a C++ object that is gone
            raise
        logging.getLogger(__name__).debug("result for a closed widget dropped: %s", exc)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, job: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        super().__init__()
        self._relay, self._job, self._on_done, self._on_error = relay, job, on_done, on_error

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as exc:
            self._relay.failed.emit(self._on_error, exc)
            return
        self._relay.finished.emit(self._on_done, result)


class PoolRunner:
    """One worker thread: database jobs run one after another (SQLite has one writer anyway)."""

    def __init__(self, threads: int = 1, pool: QThreadPool | None = None) -> None:
        """`pool`: share an existing pool (the one PDF thread, for jobs that read PDFs)."""
        if pool is None:
            pool = QThreadPool()
            pool.setMaxThreadCount(threads)
        self._pool = pool
        self._relay = _Relay()

    def submit(self, job: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        self._pool.start(_Job(self._relay, job, on_done, on_error or _log_error))

    def wait(self) -> None:
        """Block until the queued jobs are done (shutdown only: never while the window is live)."""
        self._pool.waitForDone()
