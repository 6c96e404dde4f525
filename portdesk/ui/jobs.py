"""The one job runner: named serial pools, job handles with cancel, one error contract.

Pools: `db` (every store call: the GUI thread never waits on the database), `pdf` (PyMuPDF and
reportlab are not thread-safe: all PDF work, and nothing else, on one thread) and `net` (carrier
HTTP). Each pool is one worker thread, so jobs of a pool run one after another in submission
order (within a priority). The pools are process-wide: two runners never make two PDF threads.

A widget takes a `Lane` (its own queue of jobs on one pool) and calls
`lane.submit(job, on_done, on_error)`. The error contract, the same everywhere: an exception in a
job is logged with its traceback, and `on_error` gets a `JobError` whose text is the message in
words (`error.cause` is the original exception). Callbacks run on the GUI thread, delivered by a
signal on a separate relay QObject (a runnable here is never also a QObject). A cancelled job
calls nothing back; a job whose `wanted()` says no is skipped and reported as a cancelled
`JobError`, so the caller can release what it reserved. A job's `after` runs on its pool's thread
once its result is on the way to the GUI thread, before the pool's next job: work that readies the
next job without delaying this one's answer (its exceptions are logged, never delivered).

`SyncJobRunner` is the tests' runner: each job still runs on its pool's thread (so a test can
prove the GUI thread never touches the store) but the caller waits for it, and the callbacks run
before `submit` returns.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
POOLS = ("db", "pdf", "net")
MAX_WORDS = 300  # an error's text as shown: long enough to say what, short enough for a label
PRIORITY_RENDER = 10  # renders jump ahead of search chunks and checks, so scrolling stays fluid
PRIORITY_WORDS = 5
PRIORITY_BACKGROUND = 0
# A worker running Python keeps the interpreter until a waiting thread has waited this long for it;
# the GUI thread waits once for every slot or timer Qt calls into Python. CPython's 5 ms made a tick
# that needs three hand-overs wait up to 15 ms while a job ran; 1 ms bounds it to 3 (bench_jitter).
SWITCH_INTERVAL_S = 0.001


class JobError(Exception):
    """What reached a job's error slot: `str()` is the message in words, `cause` the exception."""

    def __init__(self, message: str, cause: BaseException | None = None, cancelled: bool = False) -> None:
        super().__init__(message)
        self.cause = cause
        self.cancelled = cancelled


def in_words(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= MAX_WORDS else text[: MAX_WORDS - 1] + "…"


Done = Callable[[Any], None]
Failed = Callable[[JobError], None]


class JobHandle:
    """One submitted job: `cancel()` before it starts skips it; after, its outcome is dropped."""

    _ids = itertools.count(1)

    def __init__(self, pool: str) -> None:
        self.id = next(self._ids)
        self.pool = pool
        self._cancelled = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _Work:
    """The job as the worker thread runs it: its outcome is handed to `deliver` (GUI thread)."""

    def __init__(self, handle: JobHandle, fn: Callable[[], Any], wanted: Callable[[], bool] | None,
                 on_done: Done, on_error: Failed | None, lane: Lane,
                 after: Callable[[], None] | None = None) -> None:
        self.handle, self.fn, self.wanted = handle, fn, wanted
        self.on_done, self.on_error, self.lane = on_done, on_error, lane
        self.after = after
        self.ok = False
        self.value: Any = None

    def run(self) -> None:
        if self.handle.cancelled:
            self.value = None
            return
        if self.wanted is not None and not self.wanted():
            self.value = JobError("", cancelled=True)
            return
        try:
            self.value = self.fn()
            self.ok = True
        except Exception as exc:
            log.warning("background job on the %s pool failed: %s", self.handle.pool, in_words(exc),
                        exc_info=(type(exc), exc, exc.__traceback__))
            self.value = JobError(in_words(exc), exc)

    def run_after(self) -> None:
        """On the worker, once the outcome is handed over: the follow-up, for a job that ran."""
        if self.after is None or not self.ok or self.handle.cancelled:
            return
        try:
            self.after()
        except Exception as exc:
            log.warning("follow-up of a job on the %s pool failed: %s", self.handle.pool, in_words(exc),
                        exc_info=(type(exc), exc, exc.__traceback__))

    def deliver(self) -> None:
        """On the GUI thread: hand the outcome to its widget (nothing when cancelled)."""
        self.handle.done = True
        self.lane._finished(self.handle)
        if self.handle.cancelled:
            return
        if self.ok:
            _call(self.on_done, self.value)
        elif self.on_error is not None:
            _call(self.on_error, self.value)


def _object_gone(exc: RuntimeError) -> bool:
    """PySide's error for a call on a Qt object whose C++ side is already deleted."""
    return "deleted" in str(exc)


def _call(callback: Callable[[Any], None], value: Any) -> None:
    """A widget closed while its job ran simply does not get the result."""
    try:
        callback(value)
    except RuntimeError as exc:
        if not _object_gone(exc):
            raise
        log.debug("result for a closed widget dropped: %s", exc)


class Lane:
    """One caller's jobs on one pool: its own handles, so closing a widget cancels only its jobs."""

    def __init__(self, runner: JobRunner, pool: str) -> None:
        # "net:<key>" is a serial pool of its own in the net family: one per carrier connection, so a
        # slow provider's sync holds up neither the others nor a Test press on plain `net`.
        if pool not in POOLS and not (pool.startswith("net:") and len(pool) > len("net:")):
            raise ValueError(f"unknown pool {pool!r}; expected one of {', '.join(POOLS)} (or net:<name>)")
        self.runner, self.pool = runner, pool
        self._pending: dict[int, JobHandle] = {}

    def submit(self, fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None, *,
               priority: int = PRIORITY_BACKGROUND, wanted: Callable[[], bool] | None = None,
               after: Callable[[], None] | None = None, _cancellable: bool = True) -> JobHandle:
        handle = JobHandle(self.pool)
        if _cancellable:  # call() waits for its answer: cancel_all must not leave it waiting forever
            self._pending[handle.id] = handle
        self.runner._start(self.pool, _Work(handle, fn, wanted, on_done, on_error, self, after), priority)
        return handle

    def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on this pool and return its result (or raise its exception) once it is done.

        For the few steps that cannot go on without the answer (the wizard's save before a
        signature). The GUI thread keeps painting and running timers meanwhile; user input
        waits, so nothing re-enters the step that asked.
        """
        box: dict[str, Any] = {}
        loop = QEventLoop()

        def keep(key: str) -> Callable[[Any], None]:
            def put(value: Any) -> None:
                box[key] = value
                loop.quit()
            return put

        self.submit(fn, keep("value"), keep("error"), _cancellable=False)
        if not box:  # the synchronous runner has answered already
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if "error" in box:
            error: JobError = box["error"]
            raise error.cause if error.cause is not None else error
        return box["value"]  # type: ignore[no-any-return]

    def cancel_all(self) -> None:
        """Drop every pending job of this lane: the widget that asked is going away."""
        for handle in self._pending.values():
            handle.cancel()
        self._pending.clear()

    def pending(self) -> int:
        return len(self._pending)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self.runner.wait(msecs)

    def _finished(self, handle: JobHandle) -> None:
        self._pending.pop(handle.id, None)


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits, Qt queues the delivery here."""

    arrived = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._on_arrived)

    @Slot(object)
    def _on_arrived(self, work: _Work) -> None:
        work.deliver()


class _Runnable(QRunnable):
    def __init__(self, work: _Work, relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        self._work.run()
        try:
            self._relay.arrived.emit(self._work)
        except RuntimeError as exc:  # the app quit while this job ran: nobody is left to take its result
            if not _object_gone(exc):
                raise
            log.debug("result of a job on the %s pool dropped at exit: %s", self._work.handle.pool, exc)
            return
        self._work.run_after()


_qt_pools: dict[str, QThreadPool] = {}


def _qt_pool(name: str) -> QThreadPool:
    pool = _qt_pools.get(name)
    if pool is None:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        pool.setObjectName(f"portdesk-{name}")
        _qt_pools[name] = pool
    return pool


class JobRunner:
    """The app's runner: one worker thread per named pool, results back on the GUI thread."""

    def __init__(self) -> None:
        self._relay = _Relay()
        share_interpreter_with_gui()

    def lane(self, pool: str) -> Lane:
        return Lane(self, pool)

    def _start(self, pool: str, work: _Work, priority: int) -> None:
        _qt_pool(pool).start(_Runnable(work, self._relay), priority)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every pool is idle (shutdown and tests only: never while the window is live)."""
        return all(pool.waitForDone(msecs) for pool in list(_qt_pools.values()))


def pools_idle() -> bool:
    """True when no pool has a job running or waiting (the start-up probe's "settled")."""
    return all(pool.activeThreadCount() == 0 for pool in list(_qt_pools.values()))


def share_interpreter_with_gui() -> None:
    """Shorten the interpreter's switch interval (process-wide) so background jobs in pure Python hand
    the interpreter to the GUI thread within SWITCH_INTERVAL_S; never lengthens a shorter one."""
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


_executors: dict[str, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()


def _executor(name: str) -> ThreadPoolExecutor:
    with _executors_lock:
        found = _executors.get(name)
        if found is None:
            found = _executors[name] = ThreadPoolExecutor(1, thread_name_prefix=f"portdesk-test-{name}")
        return found


class SyncJobRunner(JobRunner):
    """The tests' runner: the job runs on its pool's thread, the caller waits, callbacks run inline."""

    def _start(self, pool: str, work: _Work, priority: int) -> None:
        _executor(pool).submit(work.run).result()
        work.deliver()
        if work.after is not None:  # no extra trip to the pool's thread for the many jobs without one
            _executor(pool).submit(work.run_after).result()

    def wait(self, msecs: int = 30_000) -> bool:
        return True
