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
state, and is tried again after an exponential back-off with jitter, persisted per connection so
it survives restarts. There is no in-call retry: the retry *is* the next cycle, so no retry
library is needed and no call is ever repeated blindly inside one cycle.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, check_transition
from portdesk.services.connections import Connection, ConnectionProblem
from portdesk.services.gateway import (
    NUMBER_STATUSES,
    AuthCarrierError,
    CarrierError,
    CarrierGateway,
    CarrierOrder,
    CarrierRef,
    OutgoingDocument,
    TransientCarrierError,
)
from portdesk.services.outbox import (
    FAILED,
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

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
Publish = Callable[[int], None]
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
NOTES_EVERY = dt.timedelta(minutes=15)  # notes are read when an order changed, else at most this often


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Connections(Protocol):
    """What sync needs of ConnectionsService."""

    def connections(self) -> list[Connection]: ...

    def open(self, name: str) -> CarrierGateway: ...


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off with "equal jitter": half the delay fixed, half random; Retry-After wins when longer."""

    base: float = 30.0
    cap: float = 1800.0

    def delay(self, failures: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap, self.base * 2 ** max(0, failures - 1))
        wait = ceiling / 2 + (rng or random).uniform(0, ceiling / 2)
        return max(wait, min(retry_after, self.cap)) if retry_after else wait


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


class CycleStopped(Exception):
    """Raised by a progress listener to end a connection's cycle between two orders (the app is closing).
    What was sent or landed stays so; the rest waits for the next cycle, as after any interruption."""


class _ConnectionDown(Exception):
    def __init__(self, error: CarrierError, order: int | None) -> None:
        super().__init__(str(error))
        self.error, self.order = error, order


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SyncService:
    def __init__(self, store: SyncStore, connections: Connections, clock: Clock = utc_now,
                 publish: Publish | None = None, *, backoff: Backoff = Backoff(), max_workers: int = 8,
                 progress: Progress | None = None) -> None:
        self._store = store
        self._on_progress = progress
        self._connections = connections
        self._clock = clock
        self._publish = publish
        self._backoff = backoff
        self._max_workers = max_workers

    # -- reading -------------------------------------------------------------------------------------
    def submission(self, order_id: int) -> Submission | None:
        with self._store.unit_of_work() as repo:
            return repo.submission(order_id)

    def pending(self, order_id: int) -> list[OutboxItem]:
        with self._store.unit_of_work() as repo:
            return repo.items(order_id)

    # -- queueing (orders submit | update | cancel | record) --------------------------------------------
    def queue_submission(self, order_id: int, connection: str | None, type_: str, author: str,
                         note: str | None = None) -> Submission:
        """The order into the outbox (status queued), in one transaction with its create (or supplement)."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            state = repo.orders.state(order_id)
            check_transition(state.status, Status.QUEUED)
            sub = repo.submission(order_id) or Submission(order_id, connection, type_, new_key(order_id), now)
            sub.connection, sub.type, sub.queued_at = connection, type_, now
            repo.save_submission(sub)
            repo.orders.set_status(order_id, Status.QUEUED, state.version, now)
            text = f"status: {state.status.label} → {Status.QUEUED.label}"
            repo.orders.add_event(order_id, now, author, "status", text + (f" ({note})" if note else ""),
                                  {"from": state.status.value, "to": Status.QUEUED.value, "note": note,
                                   "connection": connection})
            if not repo.items(order_id):
                # An order the carrier already holds (a rejected one sent again) goes as its supplement.
                repo.add_item(order_id, "supplement" if sub.carrier_orders else "create", {}, now)
        return sub

    def record_console_submission(self, order_id: int, profile: str, author: str) -> Submission:
        """A provider without an API: the coordinator sent it through the console; it is `submitted`."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            state = repo.orders.state(order_id)
            check_transition(state.status, Status.SUBMITTED)
            sub = repo.submission(order_id) or Submission(order_id, None, MANUAL, new_key(order_id), now)
            sub.sent_at, sub.type = now, MANUAL
            sub.seen["profile"] = profile
            repo.save_submission(sub)
            repo.orders.set_status(order_id, Status.SUBMITTED, state.version, now)
            repo.orders.add_event(order_id, now, author, "status",
                                  f"status: {state.status.label} → {Status.SUBMITTED.label} (sent through the "
                                  f"{profile} console with the submission package)",
                                  {"from": state.status.value, "to": Status.SUBMITTED.value, "source": "manual"})
        return sub

    def queue_supplement(self, order_id: int, order: PortOrder, expected_version: int, author: str) -> int:
        """New content (a new version, in the history) and, when the carrier holds it, its supplement queued."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            version = repo.orders.update_order(order_id, order, expected_version, now)
            sub = repo.submission(order_id)
            at_carrier = sub is not None and sub.type != MANUAL and bool(sub.carrier_orders)
            repo.orders.add_event(order_id, now, author, "edit",
                                  "order updated" + ("; supplement queued for the carrier" if at_carrier else ""),
                                  {"version": version})
            if at_carrier and not any(i.action == "supplement" for i in repo.items(order_id)):
                repo.add_item(order_id, "supplement", {}, now)
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
            repo.orders.set_status(order_id, new, state.version, now)
            repo.orders.add_event(order_id, now, author, "status", f"status: {state.status.label} → {new.label}",
                                  {"from": state.status.value, "to": new.value})
            if reached and sub is not None and sub.type != MANUAL:
                repo.add_item(order_id, "cancel", {"from": state.status.value}, now)
        return new

    def queue_comment(self, order_id: int, text: str, author: str) -> None:
        now = self._clock()
        with self._store.unit_of_work() as repo:
            repo.orders.state(order_id)
            repo.orders.add_comment(order_id, now, author, text)
            repo.orders.add_event(order_id, now, author, "comment", text)
            repo.add_item(order_id, "comment", {"text": text}, now)

    def record(self, order_id: int, author: str, *, status: Status | None = None, foc: dt.date | None = None,
               note: str | None = None, numbers: Mapping[str, str] | None = None) -> None:
        """What a provider without an API reported, recorded by hand (one transaction)."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            state = repo.orders.state(order_id)
            version = state.version
            data = {"source": "manual"}
            if status is not None and status is not state.status:
                check_transition(state.status, status)
                version = repo.orders.set_status(order_id, status, version, now)
                repo.orders.add_event(order_id, now, author, "status",
                                      f"status: {state.status.label} → {status.label} (recorded by hand)",
                                      {"from": state.status.value, "to": status.value, **data})
            if foc is not None:
                version = repo.orders.set_foc_date(order_id, foc, version, now)
                repo.orders.add_event(order_id, now, author, "foc", f"FOC date: {foc.isoformat()}",
                                      {"foc_date": foc.isoformat(), **data})
            if numbers:
                version = repo.orders.set_number_statuses(order_id, dict(numbers), version, now)
                repo.orders.add_event(order_id, now, author, "numbers", f"{len(numbers)} number status(es) recorded",
                                      {"statuses": dict(numbers), **data})
            if note:
                repo.orders.add_comment(order_id, now, author, note)
                repo.orders.add_event(order_id, now, author, "comment", note, data)

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
            self._pull(connection, gateway, report)
        except _ConnectionDown as down:
            self._failed(state, down.error, report, down.order)
        except CycleStopped:
            log.info("sync of %s stopped before the end of its cycle", name)
        except Exception as exc:  # a bug must not stop the other connections; the log has the detail
            log.exception("sync of %s failed", name)
            self._failed(state, CarrierError(f"internal error: {_one_line(str(exc), 200)}"), report, None)
        else:
            with self._store.unit_of_work() as repo:
                repo.save_sync_state(SyncState(name, 0, None, None, self._clock()))
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
            items = [i for i in repo.items() if i.order_id in mine]
        for done, item in enumerate(items):
            self._tell_progress(connection.name, "sending", done, len(items))
            with self._store.unit_of_work() as repo:  # before the call, in its own transaction
                repo.set_item(item.id, SENDING, self._clock(), payload=item.payload, attempt=True)
            try:
                words = self._send_item(connection.name, gateway, item)
            except (TransientCarrierError, AuthCarrierError) as exc:
                with self._store.unit_of_work() as repo:  # tried: the next attempt looks the order up first
                    repo.set_item(item.id, QUEUED, self._clock(), error=_one_line(str(exc)))
                raise _ConnectionDown(exc, item.order_id) from None
            except CarrierError as exc:
                self._refused(connection.name, item, exc)
                report.errors.append(SyncError(item.order_id, connection.name, _one_line(str(exc))))
                continue
            report.sent += 1
            report.changes.append(f"order {item.order_id}: {words} ({connection.name})")
            self._notify(item.order_id)

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
            for carrier_id in parts:
                gateway.supplement(carrier_id, order)
            self._sent(item, source, "supplement", "supplement sent")
            return "supplement sent"
        if item.action == "cancel":
            for carrier_id in parts:
                gateway.cancel(carrier_id)
            self._sent(item, source, "cancel", "cancel requested at the carrier")
            return "cancel requested"
        if item.action == "comment":
            text = str(item.payload.get("text") or "")
            if parts and text:
                gateway.add_comment(parts[0], text)
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
                refs = gateway.find(sub.key, order.numbers)
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
        for ref in refs:
            for doc in docs:
                step = f"{ref.id}/{doc.kind}/{doc.filename}"
                if step not in done_docs:
                    gateway.upload_document(ref.id, doc)
                    done_docs.add(step)
                    self._progress(item, progress | {"documents": sorted(done_docs)})
            retried = item.attempts > 0 or item.state == SENDING
            # A submit whose answer was lost: the carrier may hold it submitted already.
            if ref.id not in submitted and retried and gateway.fetch(ref.id, notes=False).status not in (
                    Status.DRAFT, Status.AWAITING_DOCUMENTS):
                submitted.add(ref.id)
            if ref.id not in submitted:
                gateway.submit(ref.id)
                submitted.add(ref.id)
                progress = progress | {"documents": sorted(done_docs), "submitted": sorted(submitted)}
                self._progress(item, progress)
        now = self._clock()
        with self._store.unit_of_work() as repo:  # after the call, in its own transaction
            repo.set_item(item.id, SENT, now, payload=progress | {"carrier_ids": [r.id for r in refs]})
            sub2 = repo.submission(item.order_id)
            assert sub2 is not None
            sub2.sent_at = now
            repo.save_submission(sub2)
            state = repo.orders.state(item.order_id)
            if state.status.can_move_to(Status.SUBMITTED):
                repo.orders.set_status(item.order_id, Status.SUBMITTED, state.version, now)
            split = f" (the carrier split it into {len(refs)} orders)" if len(refs) > 1 else ""
            repo.orders.add_event(item.order_id, now, source, "status",
                                  f"sent to {source}: {', '.join(r.id for r in refs)}{split}",
                                  {"source": source, "from": state.status.value, "to": Status.SUBMITTED.value,
                                   "carrier_orders": [r.id for r in refs]})
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
            repo.orders.add_event(item.order_id, now, source, kind, text, {"source": source})

    def _refused(self, source: str, item: OutboxItem, error: CarrierError) -> None:
        """The provider refused the request itself: the item fails with its words; a refused create
        puts the order in exception so the coordinator sees what to fix."""
        now = self._clock()
        words = _one_line(str(error))
        with self._store.unit_of_work() as repo:
            repo.set_item(item.id, FAILED, now, error=words)
            data = {"source": source, "kind": error.kind, "code": error.code, "action": item.action}
            repo.orders.add_event(item.order_id, now, source, "carrier", f"{item.action} refused: {words}", data)
            state = repo.orders.state(item.order_id)
            if item.action == "create" and state.status.can_move_to(Status.EXCEPTION):
                repo.orders.set_status(item.order_id, Status.EXCEPTION, state.version, now)
                sub = repo.submission(item.order_id)
                if sub is not None:
                    sub.rejections = [{"reason": "other", "code": error.code or str(error.http_status or ""),
                                       "text": words, "fix": "read the provider's words and correct the order",
                                       "at": now.isoformat()}]
                    repo.save_submission(sub)
        self._notify(item.order_id)

    # -- following -----------------------------------------------------------------------------------
    def _pull(self, connection: Connection, gateway: CarrierGateway, report: CycleReport) -> None:
        with self._store.unit_of_work() as repo:
            subs = [s for s in repo.submissions_at(connection.name) if s.carrier_orders]
            live = [s for s in subs if not repo.orders.state(s.order_id).status.is_final]
        now = self._clock()
        for done, sub in enumerate(live):
            self._tell_progress(connection.name, "syncing", done, len(live))
            parts: list[CarrierOrder] = []
            try:
                for part in sub.carrier_orders:
                    fresh = gateway.fetch(part.id, notes=False)
                    if self._wants_notes(sub, part, fresh, now):
                        fresh = replace(fresh, notes=gateway.fetch(part.id, notes=True).notes)
                    parts.append(fresh)
            except (TransientCarrierError, AuthCarrierError) as exc:
                raise _ConnectionDown(exc, sub.order_id) from None
            except CarrierError as exc:
                report.errors.append(SyncError(sub.order_id, connection.name, _one_line(str(exc))))
                continue
            words = self._apply(connection.name, sub.order_id, parts)
            if words:
                report.updated += 1
                report.changes.append(f"order {sub.order_id}: {'; '.join(words)} ({connection.name})")
                self._notify(sub.order_id)

    @staticmethod
    def _wants_notes(sub: Submission, part: CarrierPart, fresh: CarrierOrder, now: dt.datetime) -> bool:
        seen = sub.seen.get("parts", {}).get(part.id, {})
        if seen.get("raw") != fresh.raw_status or seen.get("updated") != _iso(fresh.updated_at):
            return True
        last = sub.seen.get("notes_at")
        return last is None or now - dt.datetime.fromisoformat(last) >= NOTES_EVERY

    def _apply(self, source: str, order_id: int, parts: list[CarrierOrder]) -> list[str]:
        """Land the carrier's view of one order in one transaction; the words of what changed."""
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
            orders = repo.orders
            state = orders.state(order_id)
            version = state.version
            seen = dict(sub.seen)
            seen_parts = dict(seen.get("parts", {}))
            base = {"source": source}
            for p in parts:
                before = seen_parts.get(p.id, {})
                now_seen = {"raw": p.raw_status, "codes": list(p.codes), "updated": _iso(p.updated_at)}
                if before.get("raw") != p.raw_status or before.get("codes") != list(p.codes):
                    orders.add_event(order_id, now, source, "carrier",
                                     f"{source}: order {p.id} is {p.raw_status}"
                                     + (f" ({', '.join(p.codes)})" if p.codes else ""),
                                     base | {"carrier_order": p.id, "raw_status": p.raw_status,
                                             "codes": list(p.codes),
                                             "history": [{"at": _iso(e.at), "raw_status": e.raw_status, "text": e.text}
                                                         for e in p.history[-20:]]})
                seen_parts[p.id] = now_seen
            if status is not None and status is not state.status and state.status.can_move_to(status):
                version = orders.set_status(order_id, status, version, now)
                orders.add_event(order_id, now, source, "status", f"status: {state.status.label} → {status.label}",
                                 base | {"from": state.status.value, "to": status.value,
                                         "raw_status": "; ".join(p.raw_status for p in parts)})
                changed.append(status.label.lower())
            if foc is not None and seen.get("foc") != foc.isoformat():
                version = orders.set_foc_date(order_id, foc, version, now)
                orders.add_event(order_id, now, source, "foc", f"FOC date: {foc.isoformat()}",
                                 base | {"foc_date": foc.isoformat()})
                seen["foc"] = foc.isoformat()
                changed.append(f"FOC {foc.isoformat()}")
            if numbers and seen.get("numbers") != numbers:
                version = orders.set_number_statuses(order_id, numbers, version, now)
                orders.add_event(order_id, now, source, "numbers", f"{len(numbers)} number status(es) from {source}",
                                 base | {"statuses": numbers})
                seen["numbers"] = numbers
                changed.append("number statuses")
            rejections = [r for p in parts if p.status is Status.EXCEPTION for r in p.rejections]
            keys = [[r.reason, r.code, r.text] for r in rejections]
            if status is Status.EXCEPTION and keys != seen.get("rejections"):
                sub.rejections = [r.to_json() | {"at": now.isoformat()} for r in rejections]
                orders.add_event(order_id, now, source, "rejection",
                                 "rejected: " + "; ".join(f"{r.reason} ({r.code})" for r in rejections),
                                 base | {"rejections": [r.to_json() for r in rejections]})
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
                    who = f"{note.author or 'carrier'} ({source})"
                    orders.add_comment(order_id, note.at or now, who, note.text, {"source": source})
                    orders.add_event(order_id, now, who, "comment", note.text, base | {"carrier_order": p.id})
                    changed.append("a note from the carrier")
            seen["notes"] = sorted(seen_notes)
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
        return changed

    def _tell_progress(self, connection: str, phase: str, done: int, total: int) -> None:
        if self._on_progress is not None:
            try:
                self._on_progress(connection, phase, done, total)
            except CycleStopped:
                raise
            except Exception:  # a status bar's failure is not the sync's
                log.exception("sync progress listener failed")

    def _notify(self, order_id: int) -> None:
        if self._publish is not None:
            try:
                self._publish(order_id)
            except Exception:  # a listener's failure is not the sync's
                log.exception("sync listener failed for order %s", order_id)


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
