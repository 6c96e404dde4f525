"""What the queue service needs from a store, as Protocols and plain records.

The store room (SQL) implements these; the service and the UI only ever see the records below,
so neither depends on SQLAlchemy. Errors live here too, so callers can catch a stale write
(`ConcurrentEdit`) or an unknown id (`OrderNotFound`) without importing the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab


@dataclass(frozen=True)
class NewEvent:
    """One history event to write (add_events)."""

    order_id: int
    at: dt.datetime
    author: str
    kind: str
    text: str
    data: dict[str, Any] | None = None


# -- errors ------------------------------------------------------------------------------------


class StoreError(Exception):
    """The queue database cannot do what was asked; the message says why in words."""


class ConcurrentEdit(StoreError):
    """Someone else changed the order since it was read: reload it and try again."""

    def __init__(self, order_id: int, expected_version: int) -> None:
        super().__init__(
            f"order {order_id} was changed by someone else since you opened it "
            f"(you had version {expected_version}); reload it and try again"
        )
        self.order_id = order_id
        self.expected_version = expected_version


class OrderNotFound(StoreError):
    def __init__(self, order_id: int) -> None:
        super().__init__(f"no order with id {order_id}")
        self.order_id = order_id


class DocumentNotFound(StoreError):
    def __init__(self, document_id: int) -> None:
        super().__init__(f"no document with id {document_id}")
        self.document_id = document_id


# -- records -----------------------------------------------------------------------------------

SORT_KEYS = ("name", "account", "status", "numbers", "carrier", "profile", "requested_date", "foc_date",
             "updated_at")

SortValue = str | int | dt.date | dt.datetime | None


@dataclass(frozen=True)
class QueueRow:
    id: int
    name: str
    account_name: str | None
    account_number: str | None
    status: Status
    number_count: int
    losing_carrier: str | None
    profile: str | None
    requested_date: dt.date | None
    foc_date: dt.date | None
    updated_at: dt.datetime
    # From the order's submission, when it has one: the connection it went through, the carrier's
    # order ids (several when the provider split it) and when a sync last read it.
    connection: str | None = None
    carrier_ids: tuple[str, ...] = ()
    last_synced_at: dt.datetime | None = None

    @property
    def tab(self) -> Tab:
        return self.status.tab

    def sort_value(self, sort: str) -> SortValue:
        """The value this row has in the column `sort` (one of SORT_KEYS)."""
        return getattr(self, _ROW_ATTR[sort])  # type: ignore[no-any-return]


_ROW_ATTR = {
    "name": "name", "account": "account_name", "status": "status", "numbers": "number_count",
    "carrier": "losing_carrier", "profile": "profile", "requested_date": "requested_date",
    "foc_date": "foc_date", "updated_at": "updated_at",
}


@dataclass(frozen=True)
class PageCursor:
    """Opaque keyset position: the last row's sort value and id (never an OFFSET)."""

    sort: str
    descending: bool
    value: SortValue
    id: int


@dataclass(frozen=True)
class SearchFilter:
    """Search text, already split into what the store matches: text and (maybe) number digits."""

    text: str
    digits: str | None = None


@dataclass(frozen=True)
class NumberState:
    e164: str
    status: str


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    kind: str
    filename: str
    mime: str
    size: int
    sha256: str
    added_at: dt.datetime


@dataclass(frozen=True)
class HistoryEvent:
    at: dt.datetime
    author: str
    kind: str
    text: str
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class CommentInfo:
    at: dt.datetime
    author: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys from an imported order file


@dataclass(frozen=True)
class StoredDocument:
    id: int
    order_id: int
    kind: str
    filename: str
    mime: str
    data: bytes
    sha256: str
    size: int
    added_at: dt.datetime


@dataclass
class NewDocument:
    """A document to attach; sha256 and size are computed from the bytes."""

    kind: str
    filename: str
    data: bytes
    mime: str = "application/pdf"
    sha256: str = field(init=False)
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.data).hexdigest()
        self.size = len(self.data)


@dataclass
class OrderDetail:
    id: int
    order: PortOrder  # comments are in `comments`, document bytes in the store
    status: Status
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    foc_date: dt.date | None
    numbers: list[NumberState]
    documents: list[DocumentInfo]
    history: list[HistoryEvent]
    comments: list[CommentInfo]


@dataclass(frozen=True)
class OrderState:
    """Just enough of an order to judge a change: its status and version."""

    id: int
    status: Status
    version: int


# -- the store, as the service sees it ------------------------------------------------------------


class OrderRepository(Protocol):
    """Reads and writes inside one unit of work (one transaction)."""

    def count_by_tab(self, search: SearchFilter | None) -> dict[Tab, int]: ...

    def page(self, tab: Tab, search: SearchFilter | None, sort: str, descending: bool,
             after: PageCursor | None, limit: int) -> list[QueueRow]: ...

    def rows(self, ids: Sequence[int], search: SearchFilter | None = None) -> list[QueueRow]: ...

    def search_rows(self, tabs: Sequence[Tab], search: SearchFilter | None) -> list[QueueRow]: ...

    def detail(self, order_id: int) -> OrderDetail: ...

    def state(self, order_id: int) -> OrderState: ...

    def add_order(self, order: PortOrder, status: Status, now: dt.datetime) -> int: ...

    def add_orders(self, orders: Sequence[PortOrder], status: Status, now: dt.datetime) -> list[int]:
        """Several new orders at once (batched statements); their ids in the same order."""
        ...

    def update_order(self, order_id: int, order: PortOrder, expected_version: int,
                     now: dt.datetime) -> int: ...

    def set_status(self, order_id: int, status: Status, expected_version: int,
                   now: dt.datetime) -> int: ...

    def set_foc_date(self, order_id: int, foc_date: dt.date | None, expected_version: int,
                     now: dt.datetime) -> int: ...

    def set_number_statuses(self, order_id: int, statuses: dict[str, str], expected_version: int,
                            now: dt.datetime) -> int: ...

    def add_document(self, order_id: int, document: NewDocument, now: dt.datetime) -> int: ...

    def add_comment(self, order_id: int, at: dt.datetime, author: str, text: str,
                    extra: dict[str, Any] | None = None) -> None: ...

    def add_event(self, order_id: int, at: dt.datetime, author: str, kind: str, text: str,
                  data: dict[str, Any] | None = None) -> None: ...

    def add_events(self, events: Sequence[NewEvent]) -> None:
        """Several history events at once (one batched statement)."""
        ...

    def document(self, document_id: int) -> StoredDocument: ...

    def documents_of(self, order_id: int) -> list[StoredDocument]: ...


class QueueStore(Protocol):
    def unit_of_work(self, *, write: bool = True) -> AbstractContextManager[OrderRepository]:
        """One transaction: commits once when the block ends, rolls back on an exception.
        `write=False` for one that only reads (it does not queue behind another writer)."""
        ...


class NewOrderWriter(Protocol):
    """The writes that create orders (an OrderRepository is one): all `orders import` needs, so a
    store can offer a lighter writer for it (store/sqlite_import.py) without the rest of the queue."""

    def add_orders(self, orders: Sequence[PortOrder], status: Status, now: dt.datetime) -> list[int]: ...

    def add_document(self, order_id: int, document: NewDocument, now: dt.datetime) -> int: ...

    def add_comment(self, order_id: int, at: dt.datetime, author: str, text: str,
                    extra: dict[str, Any] | None = None) -> None: ...

    def add_events(self, events: Sequence[NewEvent]) -> None: ...


class NewOrderStore(Protocol):
    """A store that creates orders: one transaction per unit, committed once (a QueueStore is one)."""

    def unit_of_work(self, *, write: bool = True) -> AbstractContextManager[NewOrderWriter]: ...
