"""The SQL implementation of the queue's store ports (services/ports.py).

Queries are SQLAlchemy Core on purpose: a page of the queue is read as plain tuples straight into
QueueRow, with no ORM objects in between, so paging stays close to the bare SQL's speed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab
from portdesk.platform.gc_pauses import collection_paused
from portdesk.services.ports import (
    CommentInfo,
    ConcurrentEdit,
    DocumentInfo,
    DocumentNotFound,
    HistoryEvent,
    NewDocument,
    NewEvent,
    NumberState,
    OrderDetail,
    OrderNotFound,
    OrderState,
    PageCursor,
    QueueRow,
    SearchFilter,
    StoredDocument,
)
from portdesk.store.first_page import carrier_ids
from portdesk.store.order_rows import (
    DEFAULT_NUMBER_STATUS,
    event_json,
    extra_json,
    order_json,
    queue_columns,
    to_db_time,
)
from portdesk.store.queries import (
    keyset_page,
    search_condition,
    search_params,
    search_placeholders,
    tab_order,
)
from portdesk.store.tables import (
    CommentRow,
    DocumentRow,
    EventRow,
    NumberRow,
    OrderDataRow,
    OrderRow,
    SubmissionRow,
)
from portdesk.store.uow import unit_of_work
from portdesk.store.utc_time import utc_column

ORDERS = OrderRow.__table__  # type: ignore[attr-defined]
ORDER_DATA = OrderDataRow.__table__  # type: ignore[attr-defined]
NUMBERS = NumberRow.__table__  # type: ignore[attr-defined]
DOCUMENTS = DocumentRow.__table__  # type: ignore[attr-defined]
EVENTS = EventRow.__table__  # type: ignore[attr-defined]
COMMENTS = CommentRow.__table__  # type: ignore[attr-defined]

SUBMISSIONS = SubmissionRow.__table__  # type: ignore[attr-defined]


def _submission_column(column: sa.Column[Any]) -> sa.ScalarSelect[Any]:
    """A column of the order's submission (one row at most, by primary key): no join, so keyset pages,
    counts and searches keep their plain one-table shape."""
    return sa.select(column).where(SUBMISSIONS.c.order_id == ORDERS.c.id).scalar_subquery()


# Times come out aware (utc_time.py), so queue_row does not set each row's time zone itself.
QUEUE_COLUMNS = (
    ORDERS.c.id, ORDERS.c.name, ORDERS.c.account_name, ORDERS.c.account_number, ORDERS.c.status,
    ORDERS.c.number_count, ORDERS.c.losing_carrier, ORDERS.c.profile, ORDERS.c.requested_date,
    ORDERS.c.foc_date, utc_column(ORDERS.c.updated_at, "updated_at"),
    _submission_column(SUBMISSIONS.c.connection).label("sub_connection"),
    _submission_column(SUBMISSIONS.c.carrier_orders).label("sub_carrier_orders"),
    utc_column(_submission_column(SUBMISSIONS.c.last_synced_at), "sub_last_synced_at"),
)
_ORDER_COLUMNS = 11  # QUEUE_COLUMNS: the orders table's own, then the submission's
_SUBMISSION_COLUMNS = (SUBMISSIONS.c.connection, SUBMISSIONS.c.carrier_orders,
                       utc_column(SUBMISSIONS.c.last_synced_at, "last_synced_at"))
_ID_CHUNK = 500  # stay well under any database's bound-parameter limit
SEARCH_FETCH_ROWS = 500  # search_rows reads its result this many rows at a time


def from_db_time(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def _new_id(result: sa.Result[Any]) -> int:
    key = cast(sa.CursorResult[Any], result).inserted_primary_key
    assert key is not None  # every table here has an integer primary key
    return int(key[0])


_STATUS_OF: dict[str, Status] = {s.value: s for s in Status}  # a dict lookup, not an Enum call a row
_new_row = object.__new__
_set = object.__setattr__


def queue_row(r: Sequence[Any]) -> QueueRow:
    # A search returns thousands of rows and building them was most of its Python time: the frozen
    # dataclass's __init__ sets its 14 fields one object.__setattr__ at a time, so the row's
    # __dict__ is filled in one go instead (the same fields, the same values, still frozen after),
    # from a dict display (constant keys) rather than dict(zip(...)).
    (order_id, name, account_name, account_number, status, number_count, carrier, profile, requested, foc,
     updated, connection, carrier_orders, synced) = r
    row = _new_row(QueueRow)
    _set(row, "__dict__", {
        "id": order_id, "name": name, "account_name": account_name, "account_number": account_number,
        "status": _STATUS_OF[status], "number_count": number_count, "losing_carrier": carrier, "profile": profile,
        "requested_date": requested, "foc_date": foc, "updated_at": updated, "connection": connection,
        "carrier_ids": carrier_ids(carrier_orders) if carrier_orders else (), "last_synced_at": synced,
    })
    return row


@functools.lru_cache(maxsize=64)
def _search_rows_statement(tabs: tuple[Tab, ...], dialect: str, searched: bool, digits: bool) -> sa.Select[Any]:
    """search_rows' statement, built once per shape; the search's patterns are its parameters."""
    # One join to the submission per row, where the pages' three scalar subqueries probe it three times.
    query = sa.select(*QUEUE_COLUMNS[:_ORDER_COLUMNS], *_SUBMISSION_COLUMNS).select_from(
        ORDERS.outerjoin(SUBMISSIONS, SUBMISSIONS.c.order_id == ORDERS.c.id))
    if set(tabs) != set(Tab):  # a filter on every tab would make SQLite walk a tab index row by row
        query = query.where(ORDERS.c.tab.in_([t.value for t in tabs]))
    if searched:
        query = query.where(search_placeholders(dialect, digits))
    return query.order_by(tab_order(tabs), ORDERS.c.updated_at.desc(), ORDERS.c.id.desc())


class SqlOrderRepository:
    """OrderRepository on one SQLAlchemy session (one transaction, owned by the unit of work)."""

    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    # -- queue -------------------------------------------------------------------------------
    def count_by_tab(self, search: SearchFilter | None) -> dict[Tab, int]:
        query = sa.select(ORDERS.c.tab, sa.func.count()).group_by(ORDERS.c.tab)
        if search is not None:
            query = query.where(search_condition(search, self.dialect))
        return {Tab(tab): n for tab, n in self.session.execute(query)}

    def page(self, tab: Tab, search: SearchFilter | None, sort: str, descending: bool,
             after: PageCursor | None, limit: int) -> list[QueueRow]:
        where = [ORDERS.c.tab == tab.value]
        if search is not None:
            where.append(search_condition(search, self.dialect))
        found = keyset_page(self.session, QUEUE_COLUMNS, where, sort, descending, after, limit)
        return [queue_row(r) for r in found]

    def search_rows(self, tabs: Sequence[Tab], search: SearchFilter | None) -> list[QueueRow]:
        """Every row of `tabs` matching `search`, tab by tab, newest first: one statement."""
        statement = _search_rows_statement(tuple(tabs), self.dialect, search is not None,
                                           search is not None and bool(search.digits))
        params = search_params(search) if search is not None else {}
        result = self.session.execute(statement, params)
        # Read in parts: a part's driver tuples and Row objects are gone before the next is read, so
        # only the QueueRows pile up. They are kept, so each collection the allocations set off would
        # walk them again (at 1,000,000 orders three full ones a search, 210 ms of 900); they hold no
        # cycles, so the collector is paused while they are built.
        with collection_paused():
            return [queue_row(r) for part in result.partitions(SEARCH_FETCH_ROWS) for r in part]

    def rows(self, ids: Sequence[int], search: SearchFilter | None = None) -> list[QueueRow]:
        out: list[QueueRow] = []
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[start:start + _ID_CHUNK])
            query = sa.select(*QUEUE_COLUMNS).where(ORDERS.c.id.in_(chunk))
            if search is not None:
                query = query.where(search_condition(search, self.dialect))
            out.extend(queue_row(r) for r in self.session.execute(query))
        return out

    # -- one order ---------------------------------------------------------------------------
    def state(self, order_id: int) -> OrderState:
        row = self.session.execute(
            sa.select(ORDERS.c.status, ORDERS.c.version).where(ORDERS.c.id == order_id)
        ).first()
        if row is None:
            raise OrderNotFound(order_id)
        return OrderState(id=order_id, status=Status(row[0]), version=row[1])

    def detail(self, order_id: int) -> OrderDetail:
        o = self.session.execute(
            sa.select(ORDERS, ORDER_DATA.c.data).join(ORDER_DATA, ORDER_DATA.c.order_id == ORDERS.c.id)
            .where(ORDERS.c.id == order_id)
        ).mappings().first()
        if o is None:
            raise OrderNotFound(order_id)
        s = self.session
        numbers = s.execute(sa.select(NUMBERS.c.e164, NUMBERS.c.status).where(NUMBERS.c.order_id == order_id)
                            .order_by(NUMBERS.c.position, NUMBERS.c.id)).all()
        d = DOCUMENTS.c
        documents = s.execute(sa.select(d.id, d.kind, d.filename, d.mime, d.size, d.sha256, d.added_at)
                              .where(d.order_id == order_id).order_by(d.id)).all()
        e = EVENTS.c
        events = s.execute(sa.select(e.at, e.author, e.kind, e.text, e.data).where(e.order_id == order_id)
                           .order_by(e.at, e.id)).all()
        c = COMMENTS.c
        comments = s.execute(sa.select(c.at, c.author, c.text, c.extra).where(c.order_id == order_id)
                             .order_by(c.at, c.id)).all()
        return OrderDetail(
            id=order_id,
            order=PortOrder.from_dict(json.loads(o["data"])),
            status=Status(o["status"]),
            version=o["version"],
            created_at=from_db_time(o["created_at"]),
            updated_at=from_db_time(o["updated_at"]),
            foc_date=o["foc_date"],
            numbers=[NumberState(e164=n, status=st) for n, st in numbers],
            documents=[DocumentInfo(id=i, kind=k, filename=f, mime=m, size=z, sha256=h, added_at=from_db_time(a))
                       for i, k, f, m, z, h, a in documents],
            history=[HistoryEvent(at=from_db_time(a), author=au, kind=k, text=t,
                                  data=json.loads(dd) if dd else None) for a, au, k, t, dd in events],
            comments=[CommentInfo(at=from_db_time(a), author=au, text=t, extra=json.loads(x) if x else {})
                      for a, au, t, x in comments],
        )

    # -- writes ------------------------------------------------------------------------------
    def add_order(self, order: PortOrder, status: Status, now: dt.datetime) -> int:
        return self.add_orders([order], status, now)[0]

    def add_orders(self, orders: Sequence[PortOrder], status: Status, now: dt.datetime) -> list[int]:
        """Three batched statements for any number of orders (their rows, their JSON, their numbers),
        with the insert compiled once: `orders import` of 1,000 files spent most of its time building
        one statement per row."""
        if not orders:
            return []
        when = to_db_time(now)
        fixed = {"status": status.value, "tab": status.tab.value, "created_at": when, "updated_at": when,
                 "version": 1}
        ids = [int(i) for i in self.session.execute(
            sa.insert(ORDERS).returning(ORDERS.c.id, sort_by_parameter_order=True),
            [queue_columns(order) | fixed for order in orders],
        ).scalars()]
        self.session.execute(sa.insert(ORDER_DATA), [
            {"order_id": order_id, "data": order_json(order)} for order_id, order in zip(ids, orders, strict=True)
        ])
        numbers = [
            {"order_id": order_id, "position": i, "e164": n[:40], "status": DEFAULT_NUMBER_STATUS}
            for order_id, order in zip(ids, orders, strict=True) for i, n in enumerate(order.numbers)
        ]
        if numbers:
            self.session.execute(sa.insert(NUMBERS), numbers)
        return ids

    def _insert_numbers(self, order_id: int, numbers: Sequence[str], keep: dict[str, str]) -> None:
        if numbers:
            self.session.execute(sa.insert(NUMBERS), [
                {"order_id": order_id, "position": i, "e164": n[:40],
                 "status": keep.get(n, DEFAULT_NUMBER_STATUS)}
                for i, n in enumerate(numbers)
            ])

    def _versioned_update(self, order_id: int, expected_version: int, now: dt.datetime,
                          **values: Any) -> int:
        """UPDATE … WHERE version = expected: a stale write changes nothing and raises ConcurrentEdit."""
        result = self.session.execute(
            sa.update(ORDERS)
            .where(ORDERS.c.id == order_id, ORDERS.c.version == expected_version)
            .values(version=ORDERS.c.version + 1, updated_at=to_db_time(now), **values)
        )
        if cast(sa.CursorResult[Any], result).rowcount == 0:
            self.state(order_id)  # OrderNotFound when it is gone altogether
            raise ConcurrentEdit(order_id, expected_version)
        return expected_version + 1

    def update_order(self, order_id: int, order: PortOrder, expected_version: int, now: dt.datetime) -> int:
        version = self._versioned_update(order_id, expected_version, now, **queue_columns(order))
        self.session.execute(sa.update(ORDER_DATA).where(ORDER_DATA.c.order_id == order_id)
                             .values(data=order_json(order)))
        self._save_numbers(order_id, order.numbers)
        return version

    def _save_numbers(self, order_id: int, numbers: Sequence[str]) -> None:
        """The order's number rows as a diff: kept rows keep their id and carrier status (moved only when
        their position changed), gone rows are deleted, new ones inserted. An edit of one number in a
        list of 500 writes one row, not 1,000."""
        n = NUMBERS.c
        rows = self.session.execute(sa.select(n.id, n.e164, n.position).where(n.order_id == order_id)
                                    .order_by(n.position, n.id)).all()
        by_number: dict[str, list[tuple[int, int]]] = {}
        for row_id, e164, position in rows:
            by_number.setdefault(e164, []).append((row_id, position))
        moved: list[dict[str, int]] = []
        new: list[dict[str, Any]] = []
        for position, number in enumerate(numbers):
            kept = by_number.get(number[:40])
            if kept:
                row_id, old_position = kept.pop(0)
                if old_position != position:
                    moved.append({"row_id": row_id, "new_position": position})
            else:
                new.append({"order_id": order_id, "position": position, "e164": number[:40],
                            "status": DEFAULT_NUMBER_STATUS})
        gone = [row_id for left in by_number.values() for row_id, _position in left]
        for start in range(0, len(gone), _ID_CHUNK):
            self.session.execute(sa.delete(NUMBERS).where(n.id.in_(gone[start:start + _ID_CHUNK])))
        if moved:
            self.session.execute(sa.update(NUMBERS).where(n.id == sa.bindparam("row_id"))
                                 .values(position=sa.bindparam("new_position")), moved)
        if new:
            self.session.execute(sa.insert(NUMBERS), new)

    def set_status(self, order_id: int, status: Status, expected_version: int, now: dt.datetime) -> int:
        return self._versioned_update(order_id, expected_version, now, status=status.value, tab=status.tab.value)

    def set_foc_date(self, order_id: int, foc_date: dt.date | None, expected_version: int,
                     now: dt.datetime) -> int:
        return self._versioned_update(order_id, expected_version, now, foc_date=foc_date)

    def set_number_statuses(self, order_id: int, statuses: dict[str, str], expected_version: int,
                            now: dt.datetime) -> int:
        """Number statuses are a change of the order: its version and updated_at move with them."""
        version = self._versioned_update(order_id, expected_version, now)
        for e164, status in statuses.items():
            self.session.execute(sa.update(NUMBERS).where(NUMBERS.c.order_id == order_id, NUMBERS.c.e164 == e164)
                                 .values(status=status))
        return version

    def add_document(self, order_id: int, document: NewDocument, now: dt.datetime) -> int:
        result = self.session.execute(sa.insert(DOCUMENTS).values(
            order_id=order_id, kind=document.kind, filename=document.filename, mime=document.mime,
            size=document.size, sha256=document.sha256, data=document.data, added_at=to_db_time(now),
        ))
        return _new_id(result)

    def add_comment(self, order_id: int, at: dt.datetime, author: str, text: str,
                    extra: dict[str, Any] | None = None) -> None:
        self.session.execute(sa.insert(COMMENTS).values(
            order_id=order_id, at=to_db_time(at), author=author, text=text,
            extra=extra_json(extra),
        ))

    def add_event(self, order_id: int, at: dt.datetime, author: str, kind: str, text: str,
                  data: dict[str, Any] | None = None) -> None:
        self.add_events([NewEvent(order_id, at, author, kind, text, data)])

    def add_events(self, events: Sequence[NewEvent]) -> None:
        if events:
            self.session.execute(sa.insert(EVENTS), [
                {"order_id": e.order_id, "at": to_db_time(e.at), "author": e.author, "kind": e.kind, "text": e.text,
                 "data": event_json(e.data)}
                for e in events
            ])

    # -- documents ---------------------------------------------------------------------------
    def _stored(self, where: sa.ColumnElement[bool]) -> list[StoredDocument]:
        d = DOCUMENTS.c
        rows = self.session.execute(sa.select(d.id, d.order_id, d.kind, d.filename, d.mime, d.data, d.sha256,
                                              d.size, d.added_at).where(where).order_by(d.id)).all()
        return [StoredDocument(id=r[0], order_id=r[1], kind=r[2], filename=r[3], mime=r[4], data=bytes(r[5]),
                               sha256=r[6], size=r[7], added_at=from_db_time(r[8])) for r in rows]

    def document(self, document_id: int) -> StoredDocument:
        found = self._stored(DOCUMENTS.c.id == document_id)
        if not found:
            raise DocumentNotFound(document_id)
        return found[0]

    def documents_of(self, order_id: int) -> list[StoredDocument]:
        return self._stored(DOCUMENTS.c.order_id == order_id)


class SqlQueueStore:
    """QueueStore on an engine: each unit of work is one session and one commit."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[SqlOrderRepository]:
        with unit_of_work(self.engine, write=write) as session:
            yield SqlOrderRepository(session, self.engine.dialect.name)
