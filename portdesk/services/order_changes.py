"""One place where a change to an order is written, recorded in its history and told to the hub.

Every use case that changes an order — the queue (a coordinator's edit), the outbox (submit,
cancel, comment) and the sync worker (what a carrier said) — writes through an `OrderChanges`
opened on its unit of work. Each write moves the order's version, adds its history event (with
`"source": <connection>` when a carrier said it) and collects the `OrderEvent` to publish; the
caller publishes `changes.events` only after the unit of work committed, so a listener that reads
the order finds the change there. Status moves are decided here, inside the transaction, against
the status stored now (`check_transition`) and the version seen (`ConcurrentEdit` otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, check_transition
from portdesk.services.events import Change, EventPublisher, OrderEvent
from portdesk.services.ports import ConcurrentEdit, NewDocument, OrderRepository, OrderState


class OrderChanges:
    """The writes of one unit of work to orders, with the events to publish once it committed."""

    def __init__(self, repo: OrderRepository, author: str, now: dt.datetime, *, source: str | None = None) -> None:
        self.repo = repo
        self.author = author
        self.now = now
        self.source = source  # the connection a carrier change came from ("manual" for a hand record)
        self.events: list[OrderEvent] = []
        self._versions: dict[int, int] = {}

    # -- reading ---------------------------------------------------------------------------------
    def state(self, order_id: int) -> OrderState:
        """The order as stored now (OrderNotFound for an unknown id); later writes build on its version."""
        state = self.repo.state(order_id)
        self._versions[order_id] = state.version
        return state

    def version(self, order_id: int) -> int:
        if order_id not in self._versions:
            self.state(order_id)
        return self._versions[order_id]

    def _seen(self, order_id: int, expected_version: int | None) -> int:
        current = self.version(order_id)
        if expected_version is not None and expected_version != current:
            raise ConcurrentEdit(order_id, expected_version)
        return current

    def _data(self, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
        out = dict(data) if data is not None else None
        if self.source is not None:
            out = {"source": self.source, **(out or {})}
        return out

    def _tell(self, order_id: int, change: Change, version: int | None) -> None:
        self.events.append(OrderEvent(order_id, change, version, source=self.source))

    # -- writing ---------------------------------------------------------------------------------
    def move(self, order_id: int, new: Status, *, expected_version: int | None = None, note: str | None = None,
             text: str | None = None, data: Mapping[str, Any] | None = None, author: str | None = None) -> int:
        """Move the order to `new` (IllegalTransition when the stored status does not allow it)."""
        state = self.repo.state(order_id)
        seen = self._seen(order_id, expected_version)
        if state.version != seen:  # written by someone else inside this unit of work's life
            raise ConcurrentEdit(order_id, seen)
        check_transition(state.status, new)
        version = self.repo.set_status(order_id, new, seen, self.now)
        self._versions[order_id] = version
        words = text or f"status: {state.status.label} → {new.label}"
        if note:
            words += f" ({note})"
        self.repo.add_event(order_id, self.now, author or self.author, "status", words,
                            self._data({"from": state.status.value, "to": new.value, "note": note, **(data or {})}))
        self._tell(order_id, Change.STATUS, version)
        return version

    def edit(self, order_id: int, order: PortOrder, expected_version: int, text: str = "order edited") -> int:
        """New content for the order (a new version; ConcurrentEdit when someone saved since)."""
        version = self.repo.update_order(order_id, order, expected_version, self.now)
        self._versions[order_id] = version
        self.repo.add_event(order_id, self.now, self.author, "edit", text, self._data({"version": version}))
        self._tell(order_id, Change.ORDER, version)
        return version

    def foc(self, order_id: int, foc_date: dt.date | None, *, expected_version: int | None = None,
            data: Mapping[str, Any] | None = None) -> int:
        version = self.repo.set_foc_date(order_id, foc_date, self._seen(order_id, expected_version), self.now)
        self._versions[order_id] = version
        shown = foc_date.isoformat() if foc_date else "none"
        self.repo.add_event(order_id, self.now, self.author, "foc", f"FOC date: {shown}",
                            self._data({"foc_date": foc_date.isoformat() if foc_date else None, **(data or {})}))
        self._tell(order_id, Change.ORDER, version)
        return version

    def numbers(self, order_id: int, statuses: Mapping[str, str], *, expected_version: int | None = None,
                text: str | None = None, data: Mapping[str, Any] | None = None) -> int:
        version = self.repo.set_number_statuses(order_id, dict(statuses), self._seen(order_id, expected_version),
                                                self.now)
        self._versions[order_id] = version
        self.repo.add_event(order_id, self.now, self.author, "numbers",
                            text or f"{len(statuses)} number status(es) updated",
                            self._data({"statuses": dict(statuses), **(data or {})}))
        self._tell(order_id, Change.STATUS, version)
        return version

    def comment(self, order_id: int, text: str, *, author: str | None = None, at: dt.datetime | None = None,
                extra: Mapping[str, Any] | None = None, data: Mapping[str, Any] | None = None) -> None:
        """A comment in the order's thread and its history event."""
        who = author or self.author
        comment_extra = self._data(extra) if (extra or self.source) else None
        self.repo.add_comment(order_id, at or self.now, who, text, comment_extra)
        self.repo.add_event(order_id, self.now, who, "comment", text, self._data(data))
        self._tell(order_id, Change.COMMENT, None)

    def note(self, order_id: int, kind: str, text: str, data: Mapping[str, Any] | None = None, *,
             author: str | None = None) -> None:
        """A history event that changes nothing else (a raw carrier status, a send, a refusal)."""
        self.repo.add_event(order_id, self.now, author or self.author, kind, text, self._data(data))
        self._tell(order_id, Change.COMMENT, None)

    def document(self, order_id: int, document: NewDocument, *, text: str | None = None,
                 data: Mapping[str, Any] | None = None) -> int:
        """A document stored with the order (not named in the order file: a carrier's, not the customer's)."""
        doc_id = self.repo.add_document(order_id, document, self.now)
        self.repo.add_event(order_id, self.now, self.author, "document",
                            text or f"{document.kind} attached: {document.filename}",
                            self._data({"document_id": doc_id, "kind": document.kind, "filename": document.filename,
                                        "sha256": document.sha256, **(data or {})}))
        self._tell(order_id, Change.DOCUMENTS, None)
        return doc_id

    def touched(self, order_id: int, change: Change = Change.ORDER) -> None:
        """Tell the hub about a change kept beside the order (its submission), with no history event."""
        self._tell(order_id, change, None)

    def publish(self, events: EventPublisher) -> None:
        """After the commit: one event per order and kind of change (the latest version), in the order
        first written — a cycle that moves an order's status, FOC and numbers tells a view three things,
        not one per history line."""
        latest: dict[tuple[int, Change], OrderEvent] = {}
        for event in self.events:
            key = (event.order_id, event.change)
            kept = latest.get(key)
            if kept is None or (event.version or 0) >= (kept.version or 0):
                latest[key] = event if kept is None or event.version is not None else kept
        events.publish_all(latest.values())
        self.events = []
