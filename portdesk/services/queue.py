"""The order queue as use cases: pages of rows per tab, search, detail, status, comments, import/export.

Qt-free and SQL-free: the store comes in as a `QueueStore` (see ports.py). Every method is one
unit of work, so a use case commits once or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.domain.status import Status, Tab
from portdesk.services import order_files
from portdesk.services.events import NO_EVENTS, Change, EventPublisher, OrderEvent
from portdesk.services.order_changes import OrderChanges
from portdesk.services.ports import (
    SORT_KEYS,
    CommentInfo,
    ConcurrentEdit,
    DocumentInfo,
    HistoryEvent,
    NewDocument,
    NewEvent,
    NewOrderStore,
    NewOrderWriter,
    NumberState,
    OrderDetail,
    OrderNotFound,
    PageCursor,
    QueueRow,
    QueueStore,
    SearchFilter,
    StoredDocument,
    StoreError,
)

__all__ = [
    "SORT_KEYS", "CommentInfo", "ConcurrentEdit", "DocumentInfo", "HistoryEvent", "NewDocument",
    "NumberState", "OrderDetail", "OrderNotFound", "PageCursor", "QueueRow", "QueueService",
    "SearchFilter", "StoreError", "StoredDocument", "make_search",
]

Clock = Callable[[], dt.datetime]
MIN_NUMBER_DIGITS = 4


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_search(text: str | None) -> SearchFilter | None:
    """Split search text into a text filter and, with ≥ 4 digits, a phone-number digit filter.

    "(303) 555-0101", "303.555.0101", "+1 303 555 0101" all become 3035550101: an 11-digit
    input starting with 1 loses the country code so it matches inside +1 numbers either way.
    """
    if text is None or not text.strip():
        return None
    # here, not at the top: domain.numbers brings phonenumbers, which neither the first screen nor a cold
    # `orders import` of numbers already in E.164 needs
    from portdesk.domain.numbers import digits_only

    text = text.strip()
    digits = digits_only(text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return SearchFilter(text=text, digits=digits if len(digits) >= MIN_NUMBER_DIGITS else None)


class QueueService:
    def __init__(self, store: QueueStore, clock: Clock = utc_now, *, events: EventPublisher = NO_EVENTS) -> None:
        self._store = store
        self._clock = clock
        self.events = events  # told after each commit (services/events.py)

    # -- reading -----------------------------------------------------------------------------
    def counts(self, search: str | None = None) -> dict[Tab, int]:
        with self._store.unit_of_work(write=False) as repo:
            counts = repo.count_by_tab(make_search(search))
        return {tab: counts.get(tab, 0) for tab in Tab}

    def page(self, tab: Tab, *, search: str | None = None, sort: str = "updated_at",
             descending: bool = True, after: PageCursor | None = None, limit: int = 200,
             ) -> tuple[list[QueueRow], PageCursor | None]:
        """One page of a tab; pass the returned cursor as `after` for the next (None: no more)."""
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if after is not None and (after.sort != sort or after.descending != descending):
            raise ValueError("the cursor belongs to another sort order; start again from the first page")
        with self._store.unit_of_work(write=False) as repo:
            rows = repo.page(tab, make_search(search), sort, descending, after, limit)
        if len(rows) < limit:
            return rows, None
        last = rows[-1]
        return rows, PageCursor(sort=sort, descending=descending, value=last.sort_value(sort), id=last.id)

    def search_rows(self, tabs: Sequence[Tab], search: str | None = None) -> list[QueueRow]:
        """Every matching row of `tabs`, tab by tab in the order given, newest first.

        One statement however many rows match: paging tab by tab would repeat the search
        (and its phone-number subquery) once per tab and page.
        """
        if not tabs:
            return []
        with self._store.unit_of_work(write=False) as repo:  # a read: no write lock, no BEGIN IMMEDIATE
            return repo.search_rows(tabs, make_search(search))

    def rows(self, ids: Sequence[int], search: str | None = None) -> list[QueueRow]:
        """Fresh rows for these ids (missing ids, and with `search` those it does not match, are left
        out), in the order given."""
        if not ids:
            return []
        with self._store.unit_of_work(write=False) as repo:
            found = {row.id: row for row in repo.rows(ids, make_search(search))}
        return [found[i] for i in ids if i in found]

    def detail(self, order_id: int) -> OrderDetail:
        with self._store.unit_of_work(write=False) as repo:
            return repo.detail(order_id)

    def document(self, document_id: int) -> StoredDocument:
        with self._store.unit_of_work(write=False) as repo:
            return repo.document(document_id)

    # -- writing -----------------------------------------------------------------------------
    def add_comment(self, order_id: int, text: str, author: str) -> None:
        text = text.strip()
        if not text:
            raise ValueError("a comment cannot be empty")
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo, author, self._clock())
            changes.state(order_id)  # unknown id → OrderNotFound before anything is written
            changes.comment(order_id, text)
        changes.publish(self.events)

    def add_event(self, order_id: int, kind: str, text: str, author: str,
                  data: Mapping[str, object] | None = None) -> None:
        """Record one history event (an override, a note from a tool) without touching the order."""
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo, author, self._clock())
            changes.state(order_id)  # unknown id → OrderNotFound before anything is written
            changes.note(order_id, kind, text, data)
        changes.publish(self.events)

    def change_status(self, order_id: int, new: Status, author: str, note: str | None = None,
                      expected_version: int | None = None) -> int:
        """Move an order to `new`; the new version. Decided and applied in one transaction: the move is
        checked against the status stored now (IllegalTransition when not allowed), and, given the
        version the caller saw, ConcurrentEdit when anyone changed the order since (a sync, a cancel)."""
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo, author, self._clock())
            # WHERE version = seen: no lost update
            version = changes.move(order_id, new, expected_version=expected_version, note=note)
        changes.publish(self.events)
        return version

    def update_order(self, order_id: int, order: PortOrder, expected_version: int, author: str) -> int:
        """Save an edited order; ConcurrentEdit when someone saved since `expected_version`.

        Returns the new version. Comments are kept in their own rows, not in the order.
        """
        now = self._clock()
        with self._store.unit_of_work() as repo:
            version = repo.update_order(order_id, _without_comments(order), expected_version, now)
            repo.add_event(order_id, now, author, "edit", "order edited")
        self.events.publish(OrderEvent(order_id, Change.ORDER, version))
        return version

    def attach_document(self, order_id: int, document: NewDocument, expected_version: int, author: str,
                        statement_date: dt.date | None = None) -> tuple[DocumentInfo, int]:
        """Store a document with the order and name it in the order's `documents` (one unit of work).

        ConcurrentEdit when someone saved the order since `expected_version`: then nothing is stored.
        Returns the stored document and the order's new version.
        """
        now = self._clock()
        with self._store.unit_of_work() as repo:
            order = repo.detail(order_id).order
            order.documents[document.kind] = DocumentRef(
                document.kind, path=document.filename,
                date=statement_date.isoformat() if statement_date else None)
            version = repo.update_order(order_id, _without_comments(order), expected_version, now)
            doc_id = repo.add_document(order_id, document, now)
            repo.add_event(order_id, now, author, "document", f"{document.kind} attached: {document.filename}",
                           {"document_id": doc_id, "kind": document.kind, "filename": document.filename,
                            "sha256": document.sha256})
        info = DocumentInfo(doc_id, document.kind, document.filename, document.mime, document.size,
                            document.sha256, now)
        self.events.publish(OrderEvent(order_id, Change.DOCUMENTS, version))
        return info, version

    def set_foc_date(self, order_id: int, foc_date: dt.date | None, author: str,
                     expected_version: int | None = None) -> int:
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo, author, self._clock())
            version = changes.foc(order_id, foc_date, expected_version=expected_version)
        changes.publish(self.events)
        return version

    def set_number_statuses(self, order_id: int, statuses: Mapping[str, str], author: str,
                            expected_version: int | None = None) -> int:
        """Per-number statuses reported by the carrier, keyed by E.164; the order's new version (a number
        status is a change like any other: version and updated_at move, a stale version is refused)."""
        with self._store.unit_of_work() as repo:
            changes = OrderChanges(repo, author, self._clock())
            version = changes.numbers(order_id, statuses, expected_version=expected_version)
        changes.publish(self.events)
        return version

    def create_orders(self, orders: Sequence[PortOrder], author: str, status: Status = Status.DRAFT,
                      documents: Mapping[int, Sequence[NewDocument]] | None = None) -> list[int]:
        """Create orders in one transaction; `documents` maps an index in `orders` to its files."""
        now = self._clock()
        with self._store.unit_of_work() as repo:
            ids = _add_all(repo, orders, status, author, now, [(documents or {}).get(i, ()) for i in
                                                                range(len(orders))], "created", ["created"] * len(orders))
        self.events.publish_all(OrderEvent(i, Change.ORDER, 1) for i in ids)
        return ids

    def import_files(self, paths: Sequence[Path], author: str) -> list[int]:
        """Import order files and the documents they name: all of them, or none (see import_files)."""
        return import_files(self._store, paths, author, self._clock, self.events)

    def export(self, order_id: int, target: Path) -> Path:
        """Write the order file (and its documents beside it); returns the order file's path."""
        with self._store.unit_of_work(write=False) as repo:
            detail = repo.detail(order_id)
            docs = repo.documents_of(order_id)
        return order_files.write_order_file(detail, docs, Path(target))


def import_files(store: NewOrderStore, paths: Sequence[Path], author: str, clock: Clock = utc_now,
                 events: EventPublisher = NO_EVENTS) -> list[int]:
    """Import order files and the documents they name: all of them, or none (one transaction).

    The one import use case, whichever store writes it (QueueService.import_files, and `orders import`
    with the light writer of store/sqlite_import.py on a SQLite file). Raises
    order_files.OrderFileProblem naming the file when any of them cannot be read.
    """
    loaded = [order_files.read_order_file(Path(p)) for p in paths]  # read all before writing any
    now = clock()
    with store.unit_of_work() as repo:
        ids = _add_all(repo, [item.order for item in loaded], Status.DRAFT, author, now,
                       [item.documents for item in loaded], "import",
                       [f"imported from {item.path.name}" for item in loaded])
    events.publish_all(OrderEvent(i, Change.ORDER, 1) for i in ids)
    return ids


def _add_all(repo: NewOrderWriter, orders: Sequence[PortOrder], status: Status, author: str,
             now: dt.datetime, documents: Sequence[Sequence[NewDocument]], kind: str,
             texts: Sequence[str]) -> list[int]:
    """New orders with their documents, comments and "created" events, in batched statements."""
    ids = repo.add_orders([_without_comments(order) for order in orders], status, now)
    for order_id, order, docs in zip(ids, orders, documents, strict=True):
        for doc in docs:
            repo.add_document(order_id, doc, now)
        for comment in order.comments:
            repo.add_comment(order_id, _parse_time(comment.at) or now, comment.author or author, comment.text,
                             comment.extra)
    repo.add_events([NewEvent(order_id, now, author, kind, text, {"status": status.value})
                     for order_id, text in zip(ids, texts, strict=True)])
    return ids


def _without_comments(order: PortOrder) -> PortOrder:
    """The order as stored: its comments live in their own rows (so new ones need no JSON rewrite)."""
    if not order.comments:
        return order
    data = order.to_dict()
    data.pop("comments", None)
    return PortOrder.from_dict(data)


def _parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
