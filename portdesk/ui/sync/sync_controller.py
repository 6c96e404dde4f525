"""The background sync of the desktop: one serial worker per connection, on the interval and on demand.

Each connection has its own serial pool in the `net` family (`net:<name>`, ui/jobs.py), so a slow or
dead provider holds up neither the others nor a Test press; a connection never has two cycles at
once (a request during a cycle runs one more after it). The list of connections is read on the `db`
lane at every cycle, so a connection added or removed in Settings is picked up at the next one.

A connection that fails is tried again by itself after the back-off of services/sync.py (and at once
on F5 / Sync now); its orders keep their last good state, since the service lands nothing it did not
get. Results reach the views through the events hub (the service publishes per order); this object
only says how the sync is going: `progressed(connection, done, total)` and `state_changed(SyncStatus)`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from portdesk.platform.gc_pauses import full_collections_deferred
from portdesk.services.connections import Connection, ConnectionProblem, SecretStoreUnavailable
from portdesk.services.events import NO_EVENTS, EventPublisher
from portdesk.services.gateway import CarrierError
from portdesk.services.sync import Backoff, CycleReport, CycleStopped, Progress, SyncError
from portdesk.ui.jobs import JobError, JobRunner, Lane
from portdesk.ui.sync.connection_status import (
    FAILING,
    IDLE,
    OFFLINE,
    OFFLINE_KINDS,
    SYNCING,
    ConnectionStatus,
    SyncStatus,
    summarise,
)
from portdesk.ui.sync.event_batches import EventBatches

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.1  # at most ten progress signals a second per connection: the GUI paints words, not every order


def _ask_carrier(check: Callable[[str], str], name: str, report: CycleReport) -> None:
    """A cycle with nothing to do made no call: sign in once so the words say whether the carrier answers."""
    try:
        check(name)
    except CarrierError as exc:
        report.failed_connections.append(name)
        report.errors.append(SyncError(None, name, " ".join(str(exc).split())[:300], exc.kind, exc.http_status))
    except (ConnectionProblem, SecretStoreUnavailable) as exc:
        report.failed_connections.append(name)
        report.errors.append(SyncError(None, name, str(exc)[:300]))


class CycleRunner(Protocol):
    """What the controller needs of services.sync.SyncService."""

    def run_cycle(self, only: str | None = None, *, respect_backoff: bool = True) -> CycleReport: ...


def local_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncController(QObject):
    progressed = Signal(str, int, int)  # connection, orders done, orders in this cycle
    state_changed = Signal(object)  # SyncStatus: the indicator's words
    cycle_finished = Signal(str, object)  # connection, CycleReport (errors included)
    _progress_arrived = Signal(str, str, int, int)  # from a worker thread, queued to this object's thread

    def __init__(self, make_sync: Callable[[Progress, EventPublisher], CycleRunner],
                 list_connections: Callable[[], Sequence[Connection]], jobs: JobRunner, interval_seconds: int, *,
                 events: EventPublisher = NO_EVENTS, backoff: Backoff | None = None,
                 check: Callable[[str], str] | None = None,
                 clock: Callable[[], dt.datetime] = local_now, parent: QObject | None = None) -> None:
        """`make_sync(progress, publish)` builds the sync service with the controller's hooks; what it
        publishes reaches `events` (the hub) in bursts. `check(name)` (ConnectionsService.test) asks a
        connection that had nothing to send or follow whether its carrier answers at all: "online"
        is only said of a carrier that answered."""
        super().__init__(parent)
        self._check = check
        self._worked: set[str] = set()  # connections whose cycle called the carrier (progress was told)
        self._batches = EventBatches(events)
        self._sync = make_sync(self._on_worker_progress, self._batches)
        self._list = list_connections
        self._jobs = jobs
        self._db = jobs.lane("db")
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._lanes: dict[str, Lane] = {}
        self._statuses: dict[str, ConnectionStatus] = {}
        self._running: set[str] = set()
        self._again: set[str] = set()
        self._retry_timers: dict[str, QTimer] = {}
        self._last_emit: dict[str, float] = {}
        self._emit_lock = threading.Lock()
        self._listing = False
        self._stopped = False
        self.listed_once = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.set_interval(interval_seconds)
        self._progress_arrived.connect(self._on_progress_arrived)
        self.indicator: Any = None  # the status-bar widget, once installed
        self.notifier: Any = None  # the desktop notifications the composition root pairs with this sync

    # -- public ---------------------------------------------------------------------------------
    def start(self) -> None:
        """A first cycle now, then one per interval."""
        self._stopped = False
        self.timer.start()
        self.sync_now()

    def stop(self) -> None:
        """No more cycles (the app is closing): a cycle in flight ends before its next order, so quitting
        never waits for a long cycle; what it sent or landed stays, the rest waits for the next start."""
        self._stopped = True
        self.timer.stop()
        for timer in self._retry_timers.values():
            timer.stop()

    def set_interval(self, seconds: int) -> None:
        self.timer.setInterval(max(1, int(seconds)) * 1000)

    def sync_now(self) -> None:
        """F5 / Sync now / a connection added: every connection now, back-off or not."""
        self._cycle(respect_backoff=False)

    def status(self) -> SyncStatus:
        return summarise([self._statuses[name] for name in sorted(self._statuses)])

    def busy(self) -> bool:
        return bool(self._running) or self._listing

    def install(self, window: Any) -> None:
        """The Carrier menu (Sync now), F5, and the indicator at the left of the permanent status-bar widgets."""
        from portdesk.ui.sync.carrier_menu import install_carrier_menu

        install_carrier_menu(self, window)

    # -- the cycle ------------------------------------------------------------------------------
    def _on_timer_timeout(self) -> None:
        self._cycle(respect_backoff=True)

    def _cycle(self, respect_backoff: bool) -> None:
        if self._stopped or self._listing:
            return
        self._listing = True
        self._db.submit(self._list, lambda found: self._on_listed(found, respect_backoff), self._on_list_failed)

    def _on_list_failed(self, error: JobError) -> None:
        self._listing = False
        log.warning("the carrier connections could not be read: %s", error)

    def _on_listed(self, found: Sequence[Connection], respect_backoff: bool) -> None:
        self._listing = False
        names = [c.name for c in found]
        for gone in set(self._statuses) - set(names):
            self._forget(gone)
        for name in names:
            self._statuses.setdefault(name, ConnectionStatus(name))
        self.listed_once = True
        self._publish_state()
        for name in names:
            waiting = name in self._retry_timers and self._retry_timers[name].isActive()
            if respect_backoff and waiting:
                continue  # the back-off's own timer tries it
            self._run(name)

    def _run(self, name: str) -> None:
        if self._stopped or name not in self._statuses:
            return
        if name in self._running:
            self._again.add(name)  # one more cycle after this one: what was asked for may be newer
            return
        timer = self._retry_timers.get(name)
        if timer is not None:
            timer.stop()
        self._running.add(name)
        status = self._statuses[name]
        status.state, status.phase, status.done, status.total = SYNCING, "syncing", 0, 0
        self._publish_state()
        lane = self._lanes.get(name) or self._lanes.setdefault(name, self._jobs.lane(f"net:{name}"))
        sync, batches, check = self._sync, self._batches, self._check
        with self._emit_lock:
            self._worked.discard(name)

        def cycle() -> CycleReport:
            # no full collection mid-cycle: the GUI thread would wait for it; one at the end, on this thread
            with full_collections_deferred():
                try:
                    report = sync.run_cycle(name, respect_backoff=False)
                finally:
                    batches.flush()  # the last changes of the cycle, before its words say it is done
            with self._emit_lock:
                idle = name not in self._worked
            if idle and check is not None and name not in report.failed_connections:
                _ask_carrier(check, name, report)
            return report

        lane.submit(cycle,
                    lambda report: self._on_cycle_done(name, report), lambda error: self._on_cycle_failed(name, error))

    def _on_cycle_done(self, name: str, report: CycleReport) -> None:
        self._running.discard(name)
        status = self._statuses.get(name)
        if status is None:
            return
        if name in report.failed_connections:
            mine = [e for e in report.errors if e.connection == name]
            error = mine[-1] if mine else None
            unreachable = error is not None and error.kind in OFFLINE_KINDS and error.http_status is None
            self._failed(status, error.error if error else "no answer", unreachable)
        else:
            status.state, status.error, status.since, status.failures = IDLE, None, None, 0
            status.next_try, status.last_ok = None, self._clock()
        self.cycle_finished.emit(name, report)
        self._after(name)

    def _on_cycle_failed(self, name: str, error: JobError) -> None:
        self._running.discard(name)
        status = self._statuses.get(name)
        if status is None:
            return
        if isinstance(error.cause, ConnectionProblem) and "no connection named" in str(error):
            self._forget(name)  # removed in Settings while its cycle waited
            self._publish_state()
            return
        self._failed(status, str(error), False)
        self._after(name)

    def _failed(self, status: ConnectionStatus, why: str, unreachable: bool) -> None:
        """Offline when the provider could not be reached at all; failing when it answered with a refusal
        or with something that is not an answer (a wrong key, a 5xx, garbage): then the words say which."""
        now = self._clock()
        status.state = OFFLINE if unreachable else FAILING
        status.error = why
        status.failures += 1
        status.since = status.since or now
        wait = self._backoff.delay(status.failures)
        status.next_try = now + dt.timedelta(seconds=wait)
        self._retry_later(status.name, wait)

    def _after(self, name: str) -> None:
        self._publish_state()
        if name in self._again:
            self._again.discard(name)
            self._run(name)

    def _retry_later(self, name: str, seconds: float) -> None:
        timer = self._retry_timers.get(name)
        if timer is None:
            timer = self._retry_timers[name] = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._run(name))
        timer.start(max(1, int(seconds * 1000)))

    def _forget(self, name: str) -> None:
        self._statuses.pop(name, None)
        timer = self._retry_timers.pop(name, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        self._again.discard(name)

    def _publish_state(self) -> None:
        self.state_changed.emit(self.status())

    # -- progress (called on the connection's worker thread) ------------------------------------
    def _on_worker_progress(self, connection: str, phase: str, done: int, total: int) -> None:
        if self._stopped:
            raise CycleStopped
        now = time.monotonic()
        with self._emit_lock:
            self._worked.add(connection)
            if done and done + 1 < total and now - self._last_emit.get(connection, 0.0) < PROGRESS_EVERY_S:
                return
            self._last_emit[connection] = now
        self._progress_arrived.emit(connection, phase, done, total)

    def _on_progress_arrived(self, connection: str, phase: str, done: int, total: int) -> None:
        status = self._statuses.get(connection)
        if status is None or connection not in self._running:
            return
        status.phase, status.done, status.total = phase, done, total
        self.progressed.emit(connection, done, total)
        self._publish_state()
