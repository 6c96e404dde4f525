"""The port wizard's use cases: start a draft, save it (with the step it is at), attach its documents,
record what happened to it, and submit it to the outbox.

Qt-free and SQL-free: the store comes in as a `QueueStore` (services/ports.py). The wizard saves
often (every pause in typing), so a save here writes no history event: a history of a hundred
"order edited" lines would hide the events a coordinator reads (signature, submission). The wizard's
own state (the step, ticked agreements, the confirmed bill date) rides in the order's unknown key
`x_wizard`, so it round-trips through the order file and any PortDesk that does not know it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from portdesk.domain.findings import Finding
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab, check_transition
from portdesk.services.events import NO_EVENTS, Change, EventPublisher, OrderEvent
from portdesk.services.judgement import SubmissionJudge, refusal
from portdesk.services.ports import (
    ConcurrentEdit,
    DocumentInfo,
    NewDocument,
    OrderRepository,
    QueueStore,
    StoredDocument,
)

__all__ = [
    "STEPS",
    "WIZARD_KEY",
    "ConcurrentEdit",
    "Draft",
    "DraftService",
    "NotResumable",
    "SubmitRefused",
    "with_wizard_state",
    "wizard_state",
]

Clock = Callable[[], dt.datetime]
# Puts a submitted order in the outbox for its carrier (status queued, its create waiting to be sent by
# the background sync); False when the order's provider has no API: then it is only marked queued.
CarrierOutbox = Callable[[int, PortOrder, str], bool]
SUBMIT_NOTE = "submitted from the wizard"
WIZARD_KEY = "x_wizard"
# The steps in the order the wizard shows them; the saved step is an index into this tuple.
STEPS = ("name", "bill", "account", "numbers", "loa", "schedule", "review")


class NotResumable(ValueError):
    """The order has left the Suspended tab: the carrier (or the outbox) has it now."""


class SubmitRefused(ValueError):
    """Pre-flight errors remain; the message lists them."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def wizard_state(order: PortOrder) -> dict[str, Any]:
    """The wizard's saved state ({"step": 3, …}); empty for an order the wizard never touched."""
    raw = order.extra.get(WIZARD_KEY)
    return dict(raw) if isinstance(raw, dict) else {}


def with_wizard_state(order: PortOrder, **values: Any) -> PortOrder:
    """A copy of the order with these keys set in its wizard state (None removes a key)."""
    changed = copy.deepcopy(order)
    state = wizard_state(changed)
    for key, value in values.items():
        if value is None:
            state.pop(key, None)
        else:
            state[key] = value
    changed.extra[WIZARD_KEY] = state
    return changed


def _stored(order: PortOrder, step: int, **values: Any) -> PortOrder:
    """The order as saved: wizard state set, comments left out (they live in their own rows)."""
    order = with_wizard_state(order, step=step, **values)
    order.comments = []
    return order


def _step_of(order: PortOrder) -> int:
    step = wizard_state(order).get("step", 0)
    return step if isinstance(step, int) and 0 <= step < len(STEPS) else 0


@dataclass
class Draft:
    """An order as the wizard holds it: its id, the version it read, and what it knows of its files."""

    order_id: int
    order: PortOrder
    version: int
    status: Status
    documents: list[DocumentInfo]

    @property
    def step(self) -> int:
        return _step_of(self.order)

    def latest(self, kind: str) -> DocumentInfo | None:
        """The newest document of a kind (a re-attached bill replaces the older one)."""
        found = [d for d in self.documents if d.kind == kind]
        return max(found, key=lambda d: (d.added_at, d.id)) if found else None


class DraftService:
    def __init__(self, store: QueueStore, author: str, clock: Clock = _utc_now, *,
                 judge: SubmissionJudge | None = None, events: EventPublisher = NO_EVENTS,
                 outbox: CarrierOutbox | None = None) -> None:
        self._store = store
        self._outbox = outbox  # without one (tests of the wizard alone) Submit only marks the order queued
        self.events = events  # told after each commit, so open views refresh (services/events.py)
        self._author = author
        self._clock = clock
        self._judge = judge  # the submission judgement (the composition root always passes it)

    @property
    def author(self) -> str:
        return self._author

    @property
    def store(self) -> QueueStore:
        """The store this service writes to (the package service reads the same files)."""
        return self._store

    def today(self) -> dt.date:
        return self._clock().date()

    def now(self) -> dt.datetime:
        return self._clock()

    # -- starting and resuming ---------------------------------------------------------------
    def create(self, order: PortOrder, step: int = 0) -> Draft:
        """A new draft in the Suspended tab, holding what was typed so far."""
        order = _stored(order, step)
        now = self._clock()
        with self._store.unit_of_work() as repo:
            order_id = repo.add_order(order, Status.DRAFT, now)
            repo.add_event(order_id, now, self._author, "created", "started in the port wizard",
                           {"status": Status.DRAFT.value})
            draft = self._draft(repo, order_id)
        self.events.publish(OrderEvent(order_id, Change.ORDER, draft.version))
        return draft

    def open(self, order_id: int) -> Draft:
        """The draft as saved; NotResumable when the order is no longer in the Suspended tab."""
        with self._store.unit_of_work() as repo:
            draft = self._draft(repo, order_id)
        if draft.status.tab is not Tab.SUSPENDED:
            raise NotResumable(
                f"order {order_id} is {draft.status.label.lower()}: only suspended orders open in the wizard"
            )
        return draft

    # -- saving ------------------------------------------------------------------------------
    def save(self, order_id: int, order: PortOrder, expected_version: int, step: int) -> int:
        """Save what is typed and the step; the new version. ConcurrentEdit when another window saved."""
        order = _stored(order, step)
        with self._store.unit_of_work() as repo:
            version = repo.update_order(order_id, order, expected_version, self._clock())
        self.events.publish(OrderEvent(order_id, Change.ORDER, version))
        return version

    def save_for_later(self, order_id: int, order: PortOrder, expected_version: int, step: int) -> int:
        """Save and say so in the history (the coordinator parked it on purpose)."""
        order = _stored(order, step)
        now = self._clock()
        with self._store.unit_of_work() as repo:
            version = repo.update_order(order_id, order, expected_version, now)
            repo.add_event(order_id, now, self._author, "edit",
                           f"saved in the wizard at step {step + 1} ({STEPS[step]}) to continue later",
                           {"step": step})
        self.events.publish(OrderEvent(order_id, Change.ORDER, version))
        return version

    # -- documents and history ----------------------------------------------------------------
    def attach(self, order_id: int, document: NewDocument, text: str | None = None,
               kind: str = "document", data: Mapping[str, Any] | None = None) -> DocumentInfo:
        """Store a document with the order and write the event that says why (a signature, an upload)."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            repo.state(order_id)  # an unknown id fails before anything is written
            doc_id = repo.add_document(order_id, document, now)
            repo.add_event(order_id, now, self._author, kind,
                           text or f"{document.kind} attached: {document.filename}",
                           {"document_id": doc_id, "kind": document.kind, "filename": document.filename,
                            "sha256": document.sha256, **(data or {})})
        self.events.publish(OrderEvent(order_id, Change.DOCUMENTS))
        return DocumentInfo(doc_id, document.kind, document.filename, document.mime, document.size,
                            document.sha256, now)

    def add_comment(self, order_id: int, text: str) -> None:
        """A comment for the carrier (the full account name when the profile cuts it short)."""
        text = text.strip()
        if not text:
            raise ValueError("a comment cannot be empty")
        now = self._clock()
        with self._store.unit_of_work() as repo:
            repo.state(order_id)
            repo.add_comment(order_id, now, self._author, text)
            repo.add_event(order_id, now, self._author, "comment", text)
        self.events.publish(OrderEvent(order_id, Change.COMMENT))

    def document(self, document_id: int) -> StoredDocument:
        with self._store.unit_of_work() as repo:
            return repo.document(document_id)

    def split(self, order_id: int, parts: Sequence[PortOrder], expected_version: int, step: int,
              copy_kinds: Sequence[str] = ("bill",)) -> tuple[int, list[int]]:
        """Split a draft over the profile's limit: it keeps part 1, parts 2…N become new drafts.

        One transaction, so a failure leaves no half-split. The newest document of each kind in
        `copy_kinds` (the bill proves the same account) is copied to every new draft. Returns the
        draft's new version and the ids of the new drafts.
        """
        if len(parts) < 2:
            raise ValueError("a split needs at least two parts")
        now = self._clock()
        with self._store.unit_of_work() as repo:
            version = repo.update_order(order_id, _stored(parts[0], step), expected_version, now)
            repo.add_event(order_id, now, self._author, "edit",
                           f"split in the wizard into {len(parts)} orders; this one keeps "
                           f"{len(parts[0].numbers)} numbers", {"parts": len(parts)})
            detail = repo.detail(order_id)
            copies = []
            for kind in copy_kinds:
                found = [d for d in detail.documents if d.kind == kind]
                if found:
                    latest = max(found, key=lambda d: (d.added_at, d.id))
                    stored = repo.document(latest.id)
                    copies.append(NewDocument(kind, stored.filename, stored.data, stored.mime))
            ids = []
            for part in parts[1:]:
                new_id = repo.add_order(_stored(part, step), Status.DRAFT, now)
                repo.add_event(new_id, now, self._author, "created",
                               f"split from order {order_id} in the port wizard", {"status": Status.DRAFT.value,
                                                                                   "split_from": order_id})
                for document in copies:
                    repo.add_document(new_id, document, now)
                ids.append(new_id)
        self.events.publish(OrderEvent(order_id, Change.ORDER, version))
        self.events.publish_all(OrderEvent(i, Change.ORDER, 1) for i in ids)
        return version, ids

    # -- submitting ----------------------------------------------------------------------------
    def submit(self, order_id: int, order: PortOrder, expected_version: int,
               findings: Sequence[Finding]) -> int:
        """Save the order and queue it for the carrier (sent by the next sync cycle); the new version.

        SubmitRefused while any finding is an error: the review page shows them, but the rule is
        enforced here too so no other caller can queue an order the carrier would reject.
        """
        if self._judge is not None:  # judged here, from the store, not taken from the caller
            why = refusal(self._judge.findings(order_id, self.today(), order), "order is submitted")
            if why:
                raise SubmitRefused(why)
        errors = [f for f in findings if f.is_error]
        if errors:
            listed = "; ".join(f"{f.field}: {f.message}" for f in errors[:5])
            raise SubmitRefused(f"{len(errors)} error(s) must be fixed before submitting: {listed}")
        order = _stored(order, len(STEPS) - 1, submitted_at=self._clock().isoformat())
        now = self._clock()
        with self._store.unit_of_work() as repo:
            state = repo.state(order_id)
            check_transition(state.status, Status.QUEUED)
            version = repo.update_order(order_id, order, expected_version, now)
        # Into the outbox, where the background sync sends it; an order saved here that the outbox then
        # refuses stays a draft with what was typed (the review step says why).
        if self._outbox is not None and self._outbox(order_id, order, SUBMIT_NOTE):
            with self._store.unit_of_work(write=False) as repo:
                return repo.state(order_id).version
        with self._store.unit_of_work() as repo:
            version = repo.set_status(order_id, Status.QUEUED, version, now)
            repo.add_event(order_id, now, self._author, "status",
                           f"status: {state.status.label} → {Status.QUEUED.label} ({SUBMIT_NOTE})",
                           {"from": state.status.value, "to": Status.QUEUED.value, "note": "wizard"})
        self.events.publish(OrderEvent(order_id, Change.STATUS, version))
        return version

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def _draft(repo: OrderRepository, order_id: int) -> Draft:
        detail = repo.detail(order_id)
        return Draft(order_id, detail.order, detail.version, detail.status, list(detail.documents))
