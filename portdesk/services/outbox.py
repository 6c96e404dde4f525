"""The outbox's records and the store they need, as the sync use case sees them (no SQL here).

A `Submission` is what PortDesk knows of an order it sent: the connection, the idempotency key made
once at submit, the carrier's ids (several when the provider split the order), the latest
rejections. An `OutboxItem` is one queued send — create, supplement, cancel, comment — moving
queued → sending → sent | failed (or held until the coordinator agrees to a charge), each step committed on its own before and after the call.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from portdesk.services.ports import OrderRepository

ACTIONS = ("create", "supplement", "cancel", "comment")
QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
HELD = "held"  # the carrier asked for the coordinator's agreement (KAZOO's 402 "accept charges")
MANUAL = "manual"  # Submission.type of a profile sent through the provider's console


def new_key(order_id: int) -> str:
    """The order's idempotency key: stable for the order's life, unique across databases."""
    return f"portdesk-{order_id}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class CarrierPart:
    """One order at the carrier (`submission.carrier_orders[]`)."""

    id: str
    status: str  # the provider's raw status
    numbers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "numbers": list(self.numbers)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CarrierPart:
        return cls(str(data["id"]), str(data.get("status") or ""), tuple(data.get("numbers") or ()))


@dataclass
class Submission:
    order_id: int
    connection: str | None
    type: str  # kazoo | bandwidth | telnyx | manual
    key: str
    queued_at: dt.datetime
    sent_at: dt.datetime | None = None
    last_synced_at: dt.datetime | None = None
    carrier_orders: list[CarrierPart] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)  # [{reason, code, text, fix, at}]
    seen: dict[str, Any] = field(default_factory=dict)  # raw statuses and note keys already in the history


@dataclass(frozen=True)
class OutboxItem:
    id: int
    order_id: int
    action: str
    payload: dict[str, Any]
    state: str
    attempts: int
    error: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class SyncState:
    connection: str
    failures: int = 0
    next_attempt_at: dt.datetime | None = None
    last_error: str | None = None
    last_success_at: dt.datetime | None = None
    # Where the provider's event log was read up to (Telnyx /porting/events): its own time, opaque here,
    # and when the connection's orders were last all read (the safety net). None: no event log followed.
    feed: dict[str, Any] | None = None


class SyncRepository(Protocol):
    """Reads and writes of one transaction: the order's own tables (`orders`) and the outbox's."""

    @property
    def orders(self) -> OrderRepository: ...

    def submission(self, order_id: int) -> Submission | None: ...

    def save_submission(self, submission: Submission) -> None: ...

    def submissions_at(self, connection: str) -> list[Submission]: ...

    def waiting_submissions(self) -> list[Submission]:
        """Queued for an API while no connection served the order's profile."""

    def touch_synced(self, order_ids: Sequence[int], now: dt.datetime) -> None:
        """`last_synced_at` of many submissions at once (orders a pull found unchanged)."""

    def mark_notes_read(self, order_ids: Sequence[int], now: dt.datetime) -> None:
        """`seen["notes_at"]` of many submissions at once (orders whose comments a pull read)."""

    def add_item(self, order_id: int, action: str, payload: dict[str, Any], now: dt.datetime) -> int: ...

    def items(self, order_id: int | None = None, states: Sequence[str] = (QUEUED, SENDING)) -> list[OutboxItem]: ...

    def set_item(self, item_id: int, state: str, now: dt.datetime, *, error: str | None = None,
                 payload: dict[str, Any] | None = None, attempt: bool = False) -> None: ...

    def sync_state(self, connection: str) -> SyncState: ...

    def save_sync_state(self, state: SyncState) -> None: ...


class SyncStore(Protocol):
    def unit_of_work(self) -> AbstractContextManager[SyncRepository]:
        """One transaction: commits once when the block ends, rolls back on an exception."""
        ...
