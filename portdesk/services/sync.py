"""Sending and following orders: the outbox and the sync cycle (Qt-free, HTTP-free).

A cycle runs one serial worker per connection (threads, so a slow provider never holds up the
others). Each worker first sends its queued outbox items — create → documents → submit,
supplements, cancels, comments — then pulls every order it holds and lands what changed in the
order, one transaction per order, every event marked with `"source": <connection>`.

Nothing is sent twice: an item is marked `sending` (its own commit) before the call and `sent`
with the carrier's ids after it. An item found `sending` or already tried (a crash, a cut
connection, a transient error after the carrier may have acted) is first looked up at the carrier
by the order's idempotency key (`gateway.find`) before any new create.

A connection that fails (transient or auth) stops for this cycle, keeps its orders' last good
state, and is tried again after an exponential back-off with jitter (tenacity's wait strategy),
persisted per connection so it survives restarts. Inside a cycle only a read answered 429 with a
short Retry-After is tried again (tenacity's Retrying); nothing that writes is repeated blindly.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol, TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, check_transition
from portdesk.services import carrier_documents
from portdesk.services.carrier_documents import PulledDocument
from portdesk.services.connections import Connection, ConnectionProblem
from portdesk.services.events import NO_EVENTS, EventPublisher
from portdesk.services.gateway import (
    CARRIER_TYPES,
    NUMBER_STATUSES,
    AuthCarrierError,
    BulkReader,
    CarrierError,
    CarrierGateway,
    CarrierOrder,
    CarrierRef,
    ChangeFeed,
    ChargesRequired,
    OutgoingDocument,
    PermanentCarrierError,
    TransientCarrierError,
)
from portdesk.services.order_changes import OrderChanges
from portdesk.services.outbox import (
    FAILED,
    HELD,
    MANUAL,
    QUEUED,
    SENDING,
    SENT,
    CarrierPart,
    OutboxItem,
    Submission,
    SyncState,
    SyncStore,
    new_key,
)
from portdesk.services.sync_settled import settled

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
T = TypeVar("T")
# (connection, "sending" | "syncing", done, total): how far a connection's cycle has come, for a status bar
Progress = Callable[[str, str, int, int], None]
UPLOADED_KINDS = ("bill", "loa", "csr")
# Raw statuses of an order the carrier holds but that may not be filled in yet (a create whose answer
# was lost between the create and the fill): the order is filled again before it is submitted.
DRAFT_RAW = frozenset({"draft", "unconfirmed", "DRAFT", "VALID_DRAFT_TFNS", "VALIDATE_DRAFT_TFNS"})
# How far an order has come, to merge the parts of a split order into one status (the least advanced).
PROGRESS = (Status.DRAFT, Status.AWAITING_DOCUMENTS, Status.SUBMITTED, Status.PENDING, Status.SUPP_PENDING,
            Status.CANCEL_PENDING, Status.FOC_CONFIRMED, Status.COMPLETED, Status.REJECTED_FINAL,
            Status.CANCELLED)
AT_CARRIER = frozenset({Status.SUBMITTED, Status.PENDING, Status.FOC_CONFIRMED, Status.EXCEPTION,
                        Status.SUPP_PENDING, Status.CANCEL_PENDING})
# Bandwidth takes notes of at most 500 characters (its adapter sends a longer comment as numbered
# parts); past a few notes a comment is refused: each note opens a ticket with the provider's team.
COMMENT_LIMIT = 4000
NOTES_EVERY = dt.timedelta(minutes=15)  # notes are read when an order changed, else at most this often
# Where the provider keeps an event log (Telnyx), a cycle reads only the orders it names; every order is
# still read this often, as a safety net for an event that never came.
FULL_READ_EVERY = dt.timedelta(hours=1)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Connections(Protocol):
    """What sync needs of ConnectionsService."""

    def connections(self) -> list[Connection]: ...

    def open(self, name: str) -> CarrierGateway: ...


@dataclass(frozen=True)
class Backoff:
    """When to try a failing connection again, in later cycles: tenacity's exponential wait with jitter
    (base·2ⁿ⁻¹ plus up to `jitter` seconds, at most `cap`); a longer Retry-After from the provider wins."""

    base: float = 30.0
    cap: float = 1800.0
    jitter: float = 30.0

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        wait = _wait_for_attempt(wait_exponential_jitter(multiplier=self.base, max=self.cap, jitter=self.jitter),
                                 max(1, failures))
        return max(wait, min(retry_after, self.cap)) if retry_after else wait


def _wait_for_attempt(strategy: Callable[[RetryCallState], float], attempt: int) -> float:
    """A tenacity wait strategy asked about the n-th failure of a retry that spans cycles (and restarts):
    the count comes from the database, not from a live Retrying loop."""
    state = RetryCallState(Retrying(), None, (), {})
    state.attempt_number = attempt
    return float(strategy(state))


# Inside one cycle only a rate-limited read is tried again: the provider said when to come back (KAZOO
# refills its bucket ten a second), and a GET is safe to repeat. A 5xx, a timeout or a refused connection
# waits for the back-off of the next cycles instead of holding up this one.
IN_CYCLE_ATTEMPTS = 3
IN_CYCLE_MAX_WAIT = 10.0  # seconds; a longer Retry-After is left to the back-off across cycles
_IN_CYCLE_WAIT = wait_exponential_jitter(multiplier=0.5, max=4.0, jitter=0.5)


def _rate_limited_briefly(exc: BaseException) -> bool:
    if not isinstance(exc, TransientCarrierError) or exc.http_status != 429:
        return False
    return exc.retry_after is None or exc.retry_after <= IN_CYCLE_MAX_WAIT


def _retry_after_or_backoff(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome is not None else None
    said = getattr(error, "retry_after", None) or 0.0
    return max(float(said), _IN_CYCLE_WAIT(state))


@dataclass(frozen=True)
class SyncError:
    order: int | None
    connection: str
    error: str
    kind: str | None = None  # a failed connection's CarrierError.kind: transient, auth, permanent…
    http_status: int | None = None  # None with kind transient: no answer at all (refused, timed out)

    def to_json(self) -> dict[str, Any]:
        return {"order": self.order, "connection": self.connection, "error": self.error}


@dataclass
class CycleReport:
    sent: int = 0
    updated: int = 0
    errors: list[SyncError] = field(default_factory=list)
    failed_connections: list[str] = field(default_factory=list)  # did not answer (or waited out a back-off)
    changes: list[str] = field(default_factory=list)  # what changed, in words, for people

    @property
    def all_answered(self) -> bool:
        return not self.failed_connections

    def to_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "updated": self.updated, "errors": [e.to_json() for e in self.errors]}

    def add(self, other: CycleReport) -> None:
        self.sent += other.sent
        self.updated += other.updated
        self.errors += other.errors
        self.failed_connections += other.failed_connections
        self.changes += other.changes


class _NotAtCarrier(Exception):
    """A comment for an order the carrier does not hold yet: it waits for the order's create."""


class CycleStopped(Exception):
    """Raised by a progress listener to end a connection's cycle between two orders (the app is closing).
    What was sent or landed stays so; the rest waits for the next cycle, as after any interruption."""


class _ConnectionDown(Exception):
    def __init__(self, error: CarrierError, order: int | None) -> None:
        super().__init__(str(error))
        self.error, self.order = error, order


def _agreement(order_id: int, words: str | None) -> str:
    """A charge waiting for the coordinator, in words, with the command that agrees to it."""
    said = _one_line(words or "the carrier says charges apply")
    return (f"{said} — waiting for your agreement: accept the charges with "
            f"portdesk orders submit {order_id} --accept-charges")


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SyncService:
    def __init__(self, store: SyncStore, connections: Connections, clock: Clock = utc_now,
                 *, backoff: Backoff = Backoff(), max_workers: int = 8,
                 events: EventPublisher = NO_EVENTS, sleep: Callable[[float], None] = time.sleep,
                 inspect_document: carrier_documents.Inspect | None = None,
                 progress: Progress | None = None) -> None:
        self._store = store
        self._on_progress = progress
        self._connections = connections
        self._clock = clock
        self.events = events  # the order-events hub: every change, after its commit, with its source
        self._backoff = backoff
        self._max_workers = max_workers
        self._sleep = sleep
        self._readers = threading.local()
        self._inspect = inspect_document  # the PDF check for carrier documents (pdf_adapters.inspect_bytes)

    def _read(self, call: Callable[[], T]) -> T:
        """A GET at the carrier, tried again inside the cycle only when briefly rate-limited (see above)."""
        retrying: Retrying | None = getattr(self._readers, "retrying", None)
        if retrying is None:  # one per worker thread, built once: a read is ~20 µs of tenacity, not ~60
            retrying = Retrying(retry=retry_if_exception(_rate_limited_briefly),
                                stop=stop_after_attempt(IN_CYCLE_ATTEMPTS), wait=_retry_after_or_backoff,
                                sleep=self._sleep, reraise=True)
            self._readers.retrying = retrying
        return retrying(call)

    # -- reading -------------------------------------------------------------------------------------
    def submission(self, order_id: int) -> Submission | None:
        with self._store.unit_of_work() as repo:
            return repo.submission(order_id)

    def pending(self, order_id: int) -> list[OutboxItem]:
        with self._store.unit_of_work() as repo:
            return repo.items(order_id)

    # -- before submit ------------------------------------------------------------------------------
    # -- queueing (orders submit | update | cancel | record) --------------------------------------------
    def queue_submission(self, order_id: int, connection: str | None, type_: str, author: str,
                         note: str | None = None) -> Submission:
        """The order into the outbox (status queued), in one transaction with its create (or supplement)."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo.orders, author, now)
            state = changes.state(order_id)
            check_transition(state.status, Status.QUEUED)
            sub = repo.submission(order_id) or Submission(order_id, connection, type_, new_key(order_id), now)
            sub.connection, sub.type, sub.queued_at = connection, type_, now
            repo.save_submission(sub)
            changes.move(order_id, Status.QUEUED, note=note, data={"connection": connection})
            if not any(i.action in ("create", "supplement") for i in repo.items(order_id, states=(QUEUED, SENDING, HELD))):
                # An order the carrier already holds (a rejected one sent again) goes as its supplement.
                repo.add_item(order_id, "supplement" if sub.carrier_orders else "create", {}, now)
        changes.publish(self.events)
        return sub

    def queue_for_profile(self, order_id: int, profile: str, author: str, note: str | None = None) -> Submission | None:
        """The wizard's Submit: into the outbox of the one connection that serves `profile` (with none or
        several, it waits and the one that serves it later adopts it, as `orders submit` leaves it); None,
        and nothing done, for a provider no connection serves and that has no API of its own."""
        serving = [c for c in self._connections.connections() if profile in c.profiles]
        if not serving and profile not in CARRIER_TYPES:
            return None
        connection = serving[0] if len(serving) == 1 else None
        return self.queue_submission(order_id, connection.name if connection else None,
                                     connection.type if connection else profile, author, note=note)

    def record_console_submission(self, order_id: int, profile: str, author: str) -> Submission:
        """A provider without an API: the coordinator sent it through the console; it is `submitted`."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo.orders, author, now, source="manual")
            state = changes.state(order_id)
            check_transition(state.status, Status.SUBMITTED)
            sub = repo.submission(order_id) or Submission(order_id, None, MANUAL, new_key(order_id), now)
            sub.sent_at, sub.type = now, MANUAL
            sub.seen["profile"] = profile
            repo.save_submission(sub)
            changes.move(order_id, Status.SUBMITTED,
                         note=f"sent through the {profile} console with the submission package")
        changes.publish(self.events)
        return sub

    def queue_supplement(self, order_id: int, order: PortOrder, expected_version: int, author: str) -> int:
        """New content (a new version, in the history) and, when the carrier holds it, its supplement queued."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo.orders, author, now)
            sub = repo.submission(order_id)
            at_carrier = sub is not None and sub.type != MANUAL and bool(sub.carrier_orders)
            version = changes.edit(order_id, order, expected_version,
                                   "order updated" + ("; supplement queued for the carrier" if at_carrier else ""))
            if at_carrier and not any(i.action == "supplement" for i in repo.items(order_id)):
                repo.add_item(order_id, "supplement", {}, now)
        changes.publish(self.events)
        return version

    def queue_cancel(self, order_id: int, author: str) -> Status:
        """Cancel: at once when nothing reached a carrier, else `cancel_pending` with a cancel queued."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            state = repo.orders.state(order_id)
            sub = repo.submission(order_id)
            items = repo.items(order_id)
            unsent = [i for i in items if i.action == "create" and i.state == QUEUED and i.attempts == 0]
            reached = sub is not None and (sub.carrier_orders or sub.type == MANUAL or
                                           any(i.action == "create" and i not in unsent for i in items))
            # An order in exception cannot be cancel_pending (status table): it is cancelled here and told so.
            pending = reached and state.status.can_move_to(Status.CANCEL_PENDING)
            new = Status.CANCEL_PENDING if pending else Status.CANCELLED
            check_transition(state.status, new)
            for item in unsent:
                repo.set_item(item.id, FAILED, now, error="withdrawn: the order was cancelled before it was sent")
            for item in repo.items(order_id, states=(HELD,)):
                repo.set_item(item.id, FAILED, now, error="withdrawn: the order was cancelled; charges not accepted")
            changes = OrderChanges(repo.orders, author, now)
            changes.state(order_id)
            changes.move(order_id, new, expected_version=state.version)
            if reached and sub is not None and sub.type != MANUAL:
                repo.add_item(order_id, "cancel", {"from": state.status.value}, now)
        changes.publish(self.events)
        return new

    def queue_comment(self, order_id: int, text: str, author: str) -> None:
        """A comment for the carrier: in the order's thread now, sent on the next cycle (then marked sent)."""
        text = text.strip()
        if not text:
            raise ValueError("a comment cannot be empty")
        if len(text) > COMMENT_LIMIT:
            raise ValueError(f"a comment for the carrier is at most {COMMENT_LIMIT:,} characters (this one has "
                             f"{len(text):,}); attach a document for longer material")
        now = self._clock()
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo.orders, author, now)
            changes.state(order_id)
            changes.comment(order_id, text, data={"to_carrier": "queued for the next sync"})
            repo.add_item(order_id, "comment", {"text": text}, now)
        changes.publish(self.events)

    def record(self, order_id: int, author: str, *, status: Status | None = None, foc: dt.date | None = None,
               note: str | None = None, numbers: Mapping[str, str] | None = None) -> None:
        """What a provider without an API reported, recorded by hand (one transaction)."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo.orders, author, now, source="manual")
            state = changes.state(order_id)
            if status is not None and status is not state.status:
                changes.move(order_id, status, note="recorded by hand")
            if foc is not None:
                changes.foc(order_id, foc)
            if numbers:
                changes.numbers(order_id, numbers, text=f"{len(numbers)} number status(es) recorded")
            if note:
                changes.comment(order_id, note)
        changes.publish(self.events)

    # -- the cycle -------------------------------------------------------------------------------------
    def run_cycle(self, only: str | None = None, *, respect_backoff: bool = True) -> CycleReport:
        """One cycle over every connection (or `only`); a failing one never stops the others."""
        connections = self._connections.connections()
        if only is not None:
            connections = [c for c in connections if c.name == only]
            if not connections:
                raise ConnectionProblem(f"no connection named {only[:80]!r} (see portdesk carriers list)")
        self._adopt_waiting(connections)
        report = CycleReport()
        if not connections:
            return report
        with ThreadPoolExecutor(max_workers=min(self._max_workers, len(connections)),
                                thread_name_prefix="portdesk-sync") as pool:
            for part in pool.map(lambda c: self._run_connection(c, respect_backoff), connections):
                report.add(part)
        return report

    def _adopt_waiting(self, connections: Sequence[Connection]) -> None:
        """Orders queued while no connection served their profile go to the one that does now."""
        with self._store.unit_of_work() as repo:
            for sub in repo.waiting_submissions():
                serving = [c for c in connections if sub.type in c.profiles]
                if len(serving) == 1:
                    sub.connection = serving[0].name
                    repo.save_submission(sub)

    def _run_connection(self, connection: Connection, respect_backoff: bool) -> CycleReport:
        name = connection.name
        report = CycleReport()
        now = self._clock()
        with self._store.unit_of_work() as repo:
            state = repo.sync_state(name)
        if respect_backoff and state.next_attempt_at is not None and now < state.next_attempt_at:
            report.failed_connections.append(name)
            report.errors.append(SyncError(None, name, f"waiting until {state.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC "
                                                       f"after {state.failures} failure(s): {state.last_error or ''}"))
            return report
        try:
            gateway = self._connections.open(name)
        except (ConnectionProblem, CarrierError) as exc:
            self._failed(state, exc, report, None)
            return report
        try:
            self._send(connection, gateway, report)
            feed = self._pull(connection, gateway, report, state.feed)
        except _ConnectionDown as down:
            self._failed(state, down.error, report, down.order)
        except CycleStopped:
            log.info("sync of %s stopped before the end of its cycle", name)
        except Exception as exc:  # a bug must not stop the other connections; the log has the detail
            log.exception("sync of %s failed", name)
            self._failed(state, CarrierError(f"internal error: {_one_line(str(exc), 200)}"), report, None)
        else:
            with self._store.unit_of_work() as repo:  # the event-log mark moves only after a whole good pull
                repo.save_sync_state(SyncState(name, 0, None, None, self._clock(), feed))
        finally:
            gateway.close()
        return report

    def _failed(self, state: SyncState, error: Exception, report: CycleReport, order: int | None) -> None:
        failures = state.failures + 1
        retry_after = getattr(error, "retry_after", None)
        wait = self._backoff.delay(failures, retry_after)
        words = _one_line(str(error))
        log.warning("connection %s failed (%d in a row; next try in %.0f s): %s", state.connection, failures, wait, words)
        with self._store.unit_of_work() as repo:
            repo.save_sync_state(replace(state, failures=failures, last_error=words,
                                         next_attempt_at=self._clock() + dt.timedelta(seconds=wait)))
        report.failed_connections.append(state.connection)
        report.errors.append(SyncError(order, state.connection, words, getattr(error, "kind", None),
                                       getattr(error, "http_status", None)))

    # -- sending -------------------------------------------------------------------------------------
    def _send(self, connection: Connection, gateway: CarrierGateway, report: CycleReport) -> None:
        with self._store.unit_of_work() as repo:
            mine = {s.order_id: s for s in repo.submissions_at(connection.name)}
            # The order reaches the carrier before anything about it (a comment written while it was a draft).
            items = sorted((i for i in repo.items() if i.order_id in mine), key=lambda i: (i.action != "create", i.id))
            held = [i for i in repo.items(states=(HELD,)) if i.order_id in mine]
        for item in held:  # still waiting for the coordinator: said every cycle, never asked again alone
            report.errors.append(SyncError(item.order_id, connection.name, _agreement(item.order_id, item.error)))
        for done, item in enumerate(items):
            self._tell_progress(connection.name, "sending", done, len(items))
            with self._store.unit_of_work() as repo:  # before the call, in its own transaction
                repo.set_item(item.id, SENDING, self._clock(), payload=item.payload, attempt=True)
            try:
                words = self._send_item(connection.name, gateway, item)
            except _NotAtCarrier:
                with self._store.unit_of_work() as repo:  # waits, untried, until the order is sent
                    repo.set_item(item.id, QUEUED, self._clock(), error="waiting: the order is not at the carrier yet")
                continue
            except (TransientCarrierError, AuthCarrierError) as exc:
                with self._store.unit_of_work() as repo:  # tried: the next attempt looks the order up first
                    repo.set_item(item.id, QUEUED, self._clock(), error=_one_line(str(exc)))
                raise _ConnectionDown(exc, item.order_id) from None
            except ChargesRequired as exc:
                self._hold(connection.name, item, exc)
                report.errors.append(SyncError(item.order_id, connection.name, _agreement(item.order_id, str(exc))))
                continue
            except CarrierError as exc:
                self._refused(connection.name, item, exc)
                report.errors.append(SyncError(item.order_id, connection.name, _one_line(str(exc))))
                continue
            report.sent += 1
            report.changes.append(f"order {item.order_id}: {words} ({connection.name})")

    def _send_item(self, source: str, gateway: CarrierGateway, item: OutboxItem) -> str:
        with self._store.unit_of_work() as repo:
            sub = repo.submission(item.order_id)
            detail = repo.orders.detail(item.order_id)
            docs = [OutgoingDocument(d.kind, d.filename, d.data, d.mime)
                    for d in repo.orders.documents_of(item.order_id) if d.kind in UPLOADED_KINDS]
        assert sub is not None
        order = detail.order
        if item.action == "create":
            return self._send_create(source, gateway, item, sub, order, docs)
        parts = [p.id for p in sub.carrier_orders]
        if item.action == "supplement":
            agreed = item.payload.get("accept_charges") is True  # the coordinator accepted a 402 on it
            for carrier_id in parts:
                gateway.supplement(carrier_id, order, accept_charges=agreed)
            self._sent(item, source, "supplement", "supplement sent")
            return "supplement sent"
        if item.action == "cancel":
            for carrier_id in parts:
                gateway.cancel(carrier_id)
            self._sent(item, source, "cancel", "cancel requested at the carrier")
            return "cancel requested"
        if item.action == "comment":
            text = str(item.payload.get("text") or "")
            if not parts:
                raise _NotAtCarrier()
            done = list(item.payload.get("sent_to", []))
            for carrier_id in parts:  # every part of a split order hears it, each once
                if carrier_id not in done:
                    gateway.add_comment(carrier_id, text)
                    done.append(carrier_id)
                    self._progress(item, item.payload | {"sent_to": done})
            item = replace(item, payload=item.payload | {"sent_to": done})
            self._sent(item, source, "comment", f"comment sent: {text[:80]}")
            return "comment sent"
        raise CarrierError(f"unknown outbox action {item.action!r}")

    def _send_create(self, source: str, gateway: CarrierGateway, item: OutboxItem, sub: Submission,
                     order: PortOrder, docs: list[OutgoingDocument]) -> str:
        progress = dict(item.payload)
        refs = [CarrierRef(p.id, p.status, p.numbers) for p in sub.carrier_orders]
        if not refs:
            if item.attempts > 0 or item.state == SENDING:
                # The last attempt may have reached the carrier: look it up by key before creating.
                refs = self._read(lambda: gateway.find(sub.key, order.numbers))
                for ref in refs:
                    if ref.raw_status in DRAFT_RAW:
                        gateway.supplement(ref.id, order)  # its fill may be what was lost
                if refs:
                    log.info("order %s: found %d order(s) at %s by key; not creating again",
                             item.order_id, len(refs), source)
            if not refs:
                refs = gateway.create(order, sub.key)
            self._save_parts(item.order_id, refs)
        done_docs = set(progress.get("documents", []))
        submitted = set(progress.get("submitted", []))
        ours = list(progress.get("carrier_documents", []))  # how the carrier names what we uploaded
        for ref in refs:
            for doc in docs:
                step = f"{ref.id}/{doc.kind}/{doc.filename}"
                if step not in done_docs:
                    named = gateway.upload_document(ref.id, doc)
                    done_docs.add(step)
                    if named:
                        ours.append(f"{ref.id}/{named}")
                    progress = progress | {"documents": sorted(done_docs), "carrier_documents": ours}
                    self._progress(item, progress)
            retried = item.attempts > 0 or item.state == SENDING
            # A submit whose answer was lost: the carrier may hold it submitted already.
            if ref.id not in submitted and retried and self._read(partial(gateway.fetch, ref.id, notes=False)).status not in (
                    Status.DRAFT, Status.AWAITING_DOCUMENTS):
                submitted.add(ref.id)
            if ref.id not in submitted:
                gateway.submit(ref.id, accept_charges=progress.get("accept_charges") is True)
                submitted.add(ref.id)
                progress = progress | {"documents": sorted(done_docs), "submitted": sorted(submitted)}
                self._progress(item, progress)
        now = self._clock()
        with self._store.unit_of_work() as repo:  # after the call, in its own transaction
            repo.set_item(item.id, SENT, now, payload=progress | {"carrier_ids": [r.id for r in refs]})
            sub2 = repo.submission(item.order_id)
            assert sub2 is not None
            sub2.sent_at = now
            # Our own uploads are never downloaded back to tell them from the carrier's documents.
            sub2.seen = {**sub2.seen, "documents": sorted(set(sub2.seen.get("documents", [])) | set(ours))}
            repo.save_submission(sub2)
            changes = OrderChanges(repo.orders, source, now, source=source)
            state = changes.state(item.order_id)
            split = f" (the carrier split it into {len(refs)} orders)" if len(refs) > 1 else ""
            text = f"sent to {source}: {', '.join(r.id for r in refs)}{split}"
            data = {"carrier_orders": [r.id for r in refs]}
            if state.status.can_move_to(Status.SUBMITTED):
                changes.move(item.order_id, Status.SUBMITTED, text=text, data=data)
            else:  # cancelled meanwhile: the send is history, the status stays the coordinator's
                changes.note(item.order_id, "carrier", text, data)
        changes.publish(self.events)
        return "submitted"

    def _save_parts(self, order_id: int, refs: Sequence[CarrierRef]) -> None:
        with self._store.unit_of_work() as repo:
            sub = repo.submission(order_id)
            assert sub is not None
            sub.carrier_orders = [CarrierPart(r.id, r.raw_status, tuple(r.numbers)) for r in refs]
            repo.save_submission(sub)

    def _progress(self, item: OutboxItem, payload: dict[str, Any]) -> None:
        with self._store.unit_of_work() as repo:
            repo.set_item(item.id, SENDING, self._clock(), payload=payload)

    def _sent(self, item: OutboxItem, source: str, kind: str, text: str) -> None:
        now = self._clock()
        with self._store.unit_of_work() as repo:
            repo.set_item(item.id, SENT, now, payload=item.payload)
            changes = OrderChanges(repo.orders, source, now, source=source)
            changes.note(item.order_id, kind, text)
        changes.publish(self.events)

    def _refused(self, source: str, item: OutboxItem, error: CarrierError) -> None:
        """The provider refused the request itself: the item fails with its words; a refused create
        puts the order in exception so the coordinator sees what to fix."""
        now = self._clock()
        words = _one_line(str(error))
        with self._store.unit_of_work() as repo:
            repo.set_item(item.id, FAILED, now, error=words)
            changes = OrderChanges(repo.orders, source, now, source=source)
            data = {"kind": error.kind, "code": error.code, "action": item.action}
            changes.note(item.order_id, "carrier", f"{item.action} refused: {words}", data)
            state = changes.state(item.order_id)
            if item.action == "create" and state.status.can_move_to(Status.EXCEPTION):
                changes.move(item.order_id, Status.EXCEPTION)
                sub = repo.submission(item.order_id)
                if sub is not None:
                    sub.rejections = [{"reason": "other", "code": error.code or str(error.http_status or ""),
                                       "text": words, "fix": "read the provider's words and correct the order",
                                       "at": now.isoformat()}]
                    repo.save_submission(sub)
        changes.publish(self.events)

    def _hold(self, source: str, item: OutboxItem, error: ChargesRequired) -> None:
        """The carrier wants the coordinator to accept a charge: the item waits (held) and the order says
        so; the order keeps its status (it is not rejected) and nothing is sent until they agree."""
        now = self._clock()
        words = _one_line(str(error))
        with self._store.unit_of_work() as repo:
            repo.set_item(item.id, HELD, now, error=words)
            sub = repo.submission(item.order_id)
            if sub is not None:
                sub.seen = {**sub.seen, "charges": {"text": words, "at": now.isoformat(), "action": item.action}}
                repo.save_submission(sub)
            changes = OrderChanges(repo.orders, source, now, source=source)
            changes.note(item.order_id, "charges", _agreement(item.order_id, words),
                         {"code": error.code, "http_status": error.http_status, "action": item.action})
        changes.publish(self.events)

    def accept_charges(self, order_id: int, author: str) -> int:
        """The coordinator agrees to the charges a carrier asked for: the held sends are queued again and
        repeated with accept_charges on the next cycle. The number of sends released (0: none was held)."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo.orders, author, now)
            changes.state(order_id)  # unknown id → OrderNotFound
            held = repo.items(order_id, states=(HELD,))
            for item in held:
                repo.set_item(item.id, QUEUED, now, payload=item.payload | {"accept_charges": True})
            sub = repo.submission(order_id)
            if held and sub is not None:
                asked = sub.seen.get("charges", {})
                sub.seen = {k: v for k, v in sub.seen.items() if k != "charges"}
                repo.save_submission(sub)
                changes.note(order_id, "charges", f"charges accepted by {author}; the carrier is asked again with "
                             "accept_charges on the next sync", {"asked": asked.get("text")})
        changes.publish(self.events)
        return len(held)

    # -- following -----------------------------------------------------------------------------------
    def _pull(self, connection: Connection, gateway: CarrierGateway, report: CycleReport,
              feed: dict[str, Any] | None) -> dict[str, Any] | None:
        """Read the connection's live orders and land what changed; the event-log state to keep (None:
        the provider has no event log)."""
        with self._store.unit_of_work() as repo:
            subs = [s for s in repo.submissions_at(connection.name) if s.carrier_orders]
            rows = repo.orders.rows([s.order_id for s in subs])  # one query, not one per order
            local = {row.id: row.status for row in rows}
            touched = {row.id: row.updated_at for row in rows}  # changed here since the last sync?
            live = [s for s in subs if s.order_id in local and not local[s.order_id].is_final]
        now = self._clock()
        skipped: list[int] = []
        named: set[str] = set()  # carrier orders with a new comment in the event log: their comments are read
        live, feed = self._moved(gateway, live, local, touched, feed, now, skipped, named)
        try:  # a list page read for many orders at once where the provider has one
            bulk = gateway.fetch_many([p.id for s in live for p in s.carrier_orders]) if isinstance(
                gateway, BulkReader) else {}
        except (TransientCarrierError, AuthCarrierError) as exc:
            raise _ConnectionDown(exc, None) from None
        except CarrierError:
            bulk = {}  # the list refused: read each order on its own
        unchanged: list[int] = skipped  # the event log says they did not move: only their last-synced time
        notes_read: list[int] = []
        try:
            self._pull_each(connection, gateway, report, live, local, bulk, now, unchanged, notes_read, named)
        finally:
            if unchanged or notes_read:
                with self._store.unit_of_work() as repo:
                    if unchanged:  # orders found as they were: only their last-synced time, in one statement
                        repo.touch_synced(unchanged, now)
                    if notes_read:  # read, even when there were none: not again for NOTES_EVERY
                        repo.mark_notes_read(notes_read, now)
        return feed

    def _moved(self, gateway: CarrierGateway, live: list[Submission], local: Mapping[int, Status],
               touched: Mapping[int, dt.datetime], feed: dict[str, Any] | None, now: dt.datetime, skipped: list[int],
               named: set[str]) -> tuple[list[Submission], dict[str, Any] | None]:
        """The orders this cycle reads, and the event-log state after it.

        Where the provider keeps an event log (ChangeFeed), only the orders with an event since the last
        cycle's mark are read, with those never read yet, those changed here since they were last read
        (the carrier's view is the authority on status), and those whose FOC has come (their numbers
        port one by one, which the event log does not report); the others are skipped. Every order
        is read when there is no mark yet and every FULL_READ_EVERY. The new mark is taken before any
        order is read, so a change made while they are read is in the next cycle's events."""
        if not isinstance(gateway, ChangeFeed):
            return live, None
        mark = (feed or {}).get("mark")
        last_full = (feed or {}).get("full_read_at")
        try:
            said = self._read(partial(gateway.changes_after, mark if isinstance(mark, dict) else None))
        except (TransientCarrierError, AuthCarrierError) as exc:
            raise _ConnectionDown(exc, None) from None
        except CarrierError as exc:  # no event log here after all (refused): read every order, as before
            log.info("the event log could not be read (%s); reading every order", _one_line(str(exc), 120))
            return live, None
        changed, new_mark = said.orders, said.mark
        named.update(said.commented)
        full_at = _aware(last_full)
        full = not isinstance(mark, dict) or full_at is None or now - full_at >= FULL_READ_EVERY
        if full:
            return live, {"mark": new_mark, "full_read_at": now.isoformat()}
        wanted: list[Submission] = []
        carrier_now = _provider_now(new_mark, now)
        for sub in live:
            seen_parts = sub.seen.get("parts", {})
            edited = touched.get(sub.order_id)
            if (any(p.id in changed or p.id not in seen_parts for p in sub.carrier_orders)
                    or sub.last_synced_at is None or (edited is not None and edited > sub.last_synced_at)
                    or _activating(sub, local.get(sub.order_id), carrier_now)):
                wanted.append(sub)
            else:
                skipped.append(sub.order_id)
        return wanted, {"mark": new_mark, "full_read_at": last_full}

    def _pull_each(self, connection: Connection, gateway: CarrierGateway, report: CycleReport,
                   live: Sequence[Submission], local: Mapping[int, Status], bulk: Mapping[str, CarrierOrder],
                   now: dt.datetime, unchanged: list[int], notes_read: list[int], named: set[str]) -> None:
        for done, sub in enumerate(live):
            self._tell_progress(connection.name, "syncing", done, len(live))
            parts: list[CarrierOrder] = []
            documents: list[PulledDocument] | None = None  # None: not read this time
            try:
                for part in sub.carrier_orders:
                    fresh = bulk.get(part.id) or self._read(partial(gateway.fetch, part.id, notes=False))
                    if part.id in named or self._wants_notes(sub, part, fresh, now):  # it changed, or a while went by
                        fresh = replace(fresh, notes=self._read(partial(gateway.fetch, part.id, notes=True)).notes)
                        notes_read.append(sub.order_id)
                    if self._wants_documents(sub, part, fresh, now):  # its status moved, or a while went by
                        documents = documents or []
                        try:
                            documents += self._carrier_documents(gateway, sub, part.id)
                        except (TransientCarrierError, PermanentCarrierError) as exc:  # not the order's news
                            log.warning("order %s: the documents at %s could not be read: %s", sub.order_id,
                                        connection.name, _one_line(str(exc)))
                    parts.append(fresh)
            except (TransientCarrierError, AuthCarrierError) as exc:
                raise _ConnectionDown(exc, sub.order_id) from None
            except CarrierError as exc:
                report.errors.append(SyncError(sub.order_id, connection.name, _one_line(str(exc))))
                continue
            # documents read this time are landed (and their time recorded) even when nothing else moved
            if documents is None and settled(sub, local[sub.order_id], merged_status(p.status for p in parts), parts):
                unchanged.append(sub.order_id)
                continue
            words = self._apply(connection.name, sub.order_id, parts, documents)
            if words:
                report.updated += 1
                report.changes.append(f"order {sub.order_id}: {'; '.join(words)} ({connection.name})")

    def _carrier_documents(self, gateway: CarrierGateway, sub: Submission, carrier_id: str) -> list[PulledDocument]:
        """What the carrier attached to one of its orders since we last looked (see carrier_documents.py)."""
        seen = set(sub.seen.get("documents", []))
        listed = self._read(partial(gateway.carrier_documents, carrier_id))
        if all(f"{carrier_id}/{d.id}" in seen for d in listed):
            return []  # nothing new: nothing is downloaded
        with self._store.unit_of_work() as repo:  # what we uploaded ourselves is known by its hash
            ours = {d.sha256 for d in repo.orders.documents_of(sub.order_id)}
        return carrier_documents.pull(gateway, carrier_id, listed, seen, ours, self._inspect, self._read)

    @staticmethod
    def _wants_documents(sub: Submission, part: CarrierPart, fresh: CarrierOrder, now: dt.datetime) -> bool:
        """A carrier attaches documents when it moves an order (a CSR with a rejection): read them then,
        else at most every 15 minutes (one more call per order, so not on every small change)."""
        if sub.seen.get("parts", {}).get(part.id, {}).get("raw") != fresh.raw_status:
            return True
        last = sub.seen.get("documents_at")
        return last is None or now - dt.datetime.fromisoformat(last) >= NOTES_EVERY

    @staticmethod
    def _wants_notes(sub: Submission, part: CarrierPart, fresh: CarrierOrder, now: dt.datetime) -> bool:
        seen = sub.seen.get("parts", {}).get(part.id, {})
        if seen.get("raw") != fresh.raw_status or seen.get("updated") != _iso(fresh.updated_at):
            return True
        last = sub.seen.get("notes_at")
        return last is None or now - dt.datetime.fromisoformat(last) >= NOTES_EVERY

    def _apply(self, source: str, order_id: int, parts: list[CarrierOrder],
               documents: Sequence[PulledDocument] | None = None) -> list[str]:
        """Land the carrier's view of one order in one transaction, through the one core (so the hub
        hears every change, each marked with its source); the words of what changed."""
        now = self._clock()
        status = merged_status([p.status for p in parts])
        focs = [p.foc_date for p in parts if p.foc_date is not None]
        foc = max(focs) if focs else None
        numbers = {n.number: n.status for p in parts for n in p.numbers if n.status in NUMBER_STATUSES}
        changed: list[str] = []
        with self._store.unit_of_work() as repo:
            sub = repo.submission(order_id)
            if sub is None:
                return []
            changes = OrderChanges(repo.orders, source, now, source=source)
            state = changes.state(order_id)
            seen = dict(sub.seen)
            seen_parts = dict(seen.get("parts", {}))
            for p in parts:
                before = seen_parts.get(p.id, {})
                now_seen = {"raw": p.raw_status, "codes": list(p.codes), "updated": _iso(p.updated_at)}
                if before.get("raw") != p.raw_status or before.get("codes") != list(p.codes):
                    changes.note(order_id, "carrier", f"{source}: order {p.id} is {p.raw_status}"
                                 + (f" ({', '.join(p.codes)})" if p.codes else ""),
                                 {"carrier_order": p.id, "raw_status": p.raw_status, "codes": list(p.codes),
                                  "history": [{"at": _iso(e.at), "raw_status": e.raw_status, "text": e.text}
                                              for e in p.history[-20:]]})
                seen_parts[p.id] = now_seen
            # A draft at the carrier of an order still queued here is our own unfinished send (its submit
            # waits for a charge agreement, or failed mid-way): the order stays queued until it is sent.
            unsent_draft = state.status is Status.QUEUED and status in (Status.DRAFT, Status.AWAITING_DOCUMENTS)
            if (status is not None and status is not state.status and state.status.can_move_to(status)
                    and not unsent_draft):
                changes.move(order_id, status, data={"raw_status": "; ".join(p.raw_status for p in parts)})
                changed.append(status.label.lower())
            if foc is not None and seen.get("foc") != foc.isoformat():
                changes.foc(order_id, foc)
                seen["foc"] = foc.isoformat()
                changed.append(f"FOC {foc.isoformat()}")
            if numbers and seen.get("numbers") != numbers:
                changes.numbers(order_id, numbers, text=f"{len(numbers)} number status(es) from {source}")
                seen["numbers"] = numbers
                changed.append("number statuses")
            rejections = [r for p in parts if p.status is Status.EXCEPTION for r in p.rejections]
            keys = [[r.reason, r.code, r.text] for r in rejections]
            if status is Status.EXCEPTION and keys != seen.get("rejections"):
                sub.rejections = [r.to_json() | {"at": now.isoformat()} for r in rejections]
                changes.note(order_id, "rejection",
                             "rejected: " + "; ".join(f"{r.reason} ({r.code})" for r in rejections),
                             {"rejections": [r.to_json() for r in rejections]})
                seen["rejections"] = keys
                changed.append("rejection reasons")
            elif status is not Status.EXCEPTION and status is not None and sub.rejections:
                sub.rejections, seen["rejections"] = [], []
            notes_read = any(p.notes for p in parts)
            seen_notes = set(seen.get("notes", []))
            for p in parts:
                for note in p.notes:
                    key = note.id or f"{_iso(note.at)}|{note.text[:60]}"
                    if key in seen_notes:
                        continue
                    seen_notes.add(key)
                    if note.from_us:
                        continue  # our own comment, already in the order
                    changes.comment(order_id, note.text, author=f"{note.author or 'carrier'} ({source})", at=note.at,
                                    data={"carrier_order": p.id})
                    changed.append("a note from the carrier")
            seen["notes"] = sorted(seen_notes)
            seen_documents = set(seen.get("documents", []))
            if documents is not None:
                seen["documents_at"] = now.isoformat()
            for doc in documents or ():
                if doc.key in seen_documents:
                    continue
                seen_documents.add(doc.key)
                data = {"carrier_order": doc.carrier_order, "doc_type": doc.doc_type}
                if doc.document is not None:
                    changes.document(order_id, doc.document, text=f"{doc.doc_type} from {source}: {doc.filename}",
                                     data=data)
                    changed.append(f"a {doc.doc_type} document from the carrier")
                elif doc.problem is not None:
                    changes.note(order_id, "document", f"{doc.doc_type} from {source} not attached "
                                 f"({doc.filename}): {doc.problem}", data)
            seen["documents"] = sorted(seen_documents)
            if notes_read or "notes_at" not in seen:
                seen["notes_at"] = now.isoformat()
            seen["parts"] = seen_parts
            sub.seen = seen
            sub.carrier_orders = [CarrierPart(c.id, next((p.raw_status for p in parts if p.id == c.id), c.status),
                                              c.numbers or tuple(n.number for p in parts if p.id == c.id
                                                                 for n in p.numbers))
                                  for c in sub.carrier_orders]
            sub.last_synced_at = now
            repo.save_submission(sub)
        changes.publish(self.events)
        return changed

    def _tell_progress(self, connection: str, phase: str, done: int, total: int) -> None:
        if self._on_progress is not None:
            try:
                self._on_progress(connection, phase, done, total)
            except CycleStopped:
                raise
            except Exception:  # a status bar's failure is not the sync's
                log.exception("sync progress listener failed")


def _aware(value: Any) -> dt.datetime | None:
    """An ISO time with its zone, as kept in the event-log state; anything else is None (not trusted)."""
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def _provider_now(mark: dict[str, Any], fallback: dt.datetime) -> dt.datetime:
    """The provider's clock as its event log's answer gave it (its FOC dates are in its time)."""
    return _aware(mark.get("now")) or fallback


def _activating(sub: Submission, status: Status | None, now: dt.datetime) -> bool:
    """An order on or past its FOC date: its numbers are being ported (read it every cycle)."""
    foc = sub.seen.get("foc")
    if status is not Status.FOC_CONFIRMED or not isinstance(foc, str):
        return False
    try:
        return dt.date.fromisoformat(foc[:10]) <= (now + dt.timedelta(days=1)).date()
    except ValueError:
        return True


def merged_status(statuses: Iterable[Status]) -> Status | None:
    """One status for the parts of a split order: any exception wins, else the least advanced part."""
    found = list(statuses)
    if not found:
        return None
    if Status.EXCEPTION in found:
        return Status.EXCEPTION
    live = [s for s in found if s is not Status.CANCELLED] or found
    return min(live, key=lambda s: PROGRESS.index(s) if s in PROGRESS else 0)


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
