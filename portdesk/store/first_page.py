"""The queue's first screen read with the stdlib `sqlite3`, before the SQL stack (SQLAlchemy,
SQLModel, pydantic) is imported: most of start-up was importing it, and the window waited for it.

`open_deferred(url, open_sql)` gives a store for a SQLite file whose schema is already at head
(anything else — another database, a schema to upgrade, a URL with options — gets None and takes
the ordinary path). Until its SQL store is built (`sql`, by `open_sql`, once, on first need) its
read units answer the tab counts, each tab's first page in the default order and an order's detail
themselves; every other call builds the SQL store and goes there, inside the same unit of work.
`DeferredSyncStore` and `DeferredConnections` do the same for the start-up's other reads (an order
with no submission, no connection set up), and `open_states` is the notifier's slim baseline: a
desk opened on a queue with no carrier connection runs without the SQL stack until the user
searches, sorts, scrolls past the first page or changes something.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab
from portdesk.services.ports import (
    CommentInfo,
    DocumentInfo,
    HistoryEvent,
    NumberState,
    OrderDetail,
    OrderNotFound,
    PageCursor,
    QueueRow,
    SearchFilter,
    StoreError,
)
from portdesk.store.migrations import HEAD_REVISION

_PREFIX = "sqlite:///"
_DEFAULT_SORT = "updated_at"
WORKER_WAIT_S = 10.0  # a worker waits this long for the main thread to build the SQL store
_STATUS_OF = {s.value: s for s in Status}
_ROW_SQL = (
    "SELECT o.id, o.name, o.account_name, o.account_number, o.status, o.number_count, o.losing_carrier, "
    "o.profile, o.requested_date, o.foc_date, o.updated_at, s.connection, s.carrier_orders, s.last_synced_at "
    "FROM orders AS o LEFT OUTER JOIN submissions AS s ON s.order_id = o.id "
    "WHERE o.tab = ? ORDER BY o.updated_at DESC, o.id DESC LIMIT ?"
)


def carrier_ids(text: str | None) -> tuple[str, ...]:
    """The carrier's order ids from a submission's carrier_orders JSON (bad JSON: none)."""
    if not text or text == "[]":
        return ()
    try:
        parts = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(p["id"]) for p in parts if isinstance(p, dict) and p.get("id"))


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _time(text: str | None) -> dt.datetime | None:
    return None if text is None else _utc(text)


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _row(r: tuple[Any, ...]) -> QueueRow:
    updated = _time(r[10])
    assert updated is not None  # NOT NULL in the schema
    return QueueRow(id=r[0], name=r[1], account_name=r[2], account_number=r[3], status=_STATUS_OF[r[4]],
                    number_count=r[5], losing_carrier=r[6], profile=r[7], requested_date=_date(r[8]),
                    foc_date=_date(r[9]), updated_at=updated, connection=r[11], carrier_ids=carrier_ids(r[12]),
                    last_synced_at=_time(r[13]))


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (memory, options, servers)."""
    if not url.startswith(_PREFIX) or "?" in url:
        return None
    path = url[len(_PREFIX):]
    return Path(path) if path and path != ":memory:" else None


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only: this path never writes; a file that is not there is an error, not a new database.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The schema revision the database says it is at; None when it keeps none (not a PortDesk queue)."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table
        return None
    return None if row is None else str(row[0])


def sqlite_file_at_head(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL whose schema is at this PortDesk's head, for the stdlib
    paths (this module, sqlite_import.py); None where the ordinary path must run: another database, a
    new file, a schema to upgrade or too new, a file that is not a database, or percent-escapes in the
    URL (SQLAlchemy would unquote them into another file name)."""
    path = sqlite_file(url)
    if path is None or "%" in url or not path.is_file():
        return None
    try:
        with contextlib.closing(_connect(path)) as conn:
            revision = schema_revision(conn)
    except sqlite3.Error:  # not a database, locked, unreadable: the ordinary path says so in its words
        return None
    return path if revision == HEAD_REVISION else None


def open_deferred(url: str, open_sql: Callable[[], Any], *,
                  worker_wait: float = WORKER_WAIT_S) -> DeferredSqlStore | None:
    """A store whose first screen needs no SQL stack, or None where the ordinary path must run."""
    path = sqlite_file_at_head(url)
    return None if path is None else DeferredSqlStore(path, open_sql, worker_wait=worker_wait)


class DeferredSqlStore:
    """A QueueStore: the first screen from `sqlite3`, everything else from the SQL store `open_sql` builds."""

    def __init__(self, path: Path, open_sql: Callable[[], Any], *, worker_wait: float = WORKER_WAIT_S) -> None:
        self.path = path
        self._open_sql = open_sql
        self._sql: Any = None
        self._lock = threading.Lock()
        self._built = threading.Event()
        self._worker_wait = worker_wait

    @property
    def sql(self) -> Any:
        """The SQL store (SqlQueueStore), built on first need.

        A worker thread that needs it first waits up to `worker_wait` seconds for the main thread to
        build it before building it itself. The app passes 0: nothing before its first paint needs
        the SQL store, so the db worker whose job first needs it imports the SQL stack, and the GUI
        thread never does.
        """
        if self._sql is None and threading.current_thread() is not threading.main_thread():
            self._built.wait(self._worker_wait)
        with self._lock:
            if self._sql is None:
                self._sql = self._open_sql()
                self._built.set()
            return self._sql

    @property
    def ready(self) -> bool:
        return self._sql is not None

    @property
    def engine(self) -> Any:
        return self.sql.engine

    @contextlib.contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Any]:
        if write or self._sql is not None:
            with self.sql.unit_of_work(write=write) as repo:
                yield repo
            return
        with contextlib.ExitStack() as later:
            yield _FirstScreen(self, lambda: later.enter_context(self.sql.unit_of_work(write=False)))

    # -- the two reads the first screen makes ----------------------------------------------------
    def _query(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            with contextlib.closing(_connect(self.path)) as conn:
                return conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the queue ({exc})") from exc

    def counts(self) -> dict[Tab, int]:
        return {Tab(tab): n for tab, n in self._query("SELECT tab, count(*) FROM orders GROUP BY tab", ())}

    def first_page(self, tab: Tab, limit: int) -> list[QueueRow]:
        return [_row(r) for r in self._query(_ROW_SQL, (tab.value, limit))]

    def detail(self, order_id: int) -> OrderDetail:
        """One order as the detail pane shows it: the same five reads as the SQL store's `detail`. The
        queue selects its first order as the window opens, so this is part of every start."""
        try:
            with contextlib.closing(_connect(self.path)) as conn:
                o = conn.execute("SELECT o.status, o.version, o.created_at, o.updated_at, o.foc_date, d.data "
                                 "FROM orders AS o JOIN order_data AS d ON d.order_id = o.id WHERE o.id = ?",
                                 (order_id,)).fetchone()
                if o is None:
                    raise OrderNotFound(order_id)
                numbers = conn.execute("SELECT e164, status FROM numbers WHERE order_id = ? ORDER BY position, id",
                                       (order_id,)).fetchall()
                documents = conn.execute("SELECT id, kind, filename, mime, size, sha256, added_at FROM documents "
                                         "WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()
                events = conn.execute("SELECT at, author, kind, text, data FROM events WHERE order_id = ? "
                                      "ORDER BY at, id", (order_id,)).fetchall()
                comments = conn.execute("SELECT at, author, text, extra FROM comments WHERE order_id = ? "
                                        "ORDER BY at, id", (order_id,)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read order {order_id} ({exc})") from exc
        return OrderDetail(
            id=order_id, order=PortOrder.from_dict(json.loads(o[5])), status=Status(o[0]), version=o[1],
            created_at=_utc(o[2]), updated_at=_utc(o[3]), foc_date=_date(o[4]),
            numbers=[NumberState(e164=n, status=st) for n, st in numbers],
            documents=[DocumentInfo(id=i, kind=k, filename=f, mime=m, size=z, sha256=h, added_at=_utc(a))
                       for i, k, f, m, z, h, a in documents],
            history=[HistoryEvent(at=_utc(a), author=au, kind=k, text=t, data=json.loads(dd) if dd else None)
                     for a, au, k, t, dd in events],
            comments=[CommentInfo(at=_utc(a), author=au, text=t, extra=json.loads(x) if x else {})
                      for a, au, t, x in comments],
        )

    def has_submission(self, order_id: int) -> bool:
        return bool(self._query("SELECT EXISTS (SELECT 1 FROM submissions WHERE order_id = ?)", (order_id,))[0][0])

    # -- the start-up's own background reads, without the SQL stack ------------------------------------
    def has_connections(self) -> bool:
        """Whether any carrier connection is set up: none means no sync, and no SQL stack for it."""
        return bool(self._query("SELECT EXISTS (SELECT 1 FROM connections)", ())[0][0])

    def open_states(self, tabs: Sequence[Tab]) -> Iterator[tuple[int, str, Status, str | None, dt.date | None]]:
        """(id, name, status, profile, FOC date) of every order in `tabs`, streamed from the cursor: the
        desktop notifier's baseline is every open order, tens of thousands of them in a large queue."""
        marks = ", ".join("?" for _ in tabs)
        try:
            with contextlib.closing(_connect(self.path)) as conn:
                cursor = conn.execute(f"SELECT id, name, status, profile, foc_date FROM orders WHERE tab IN ({marks})",
                                      tuple(t.value for t in tabs))
                for r in cursor:
                    yield r[0], r[1], _STATUS_OF[r[2]], r[3], _date(r[4])
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read the queue ({exc})") from exc


class DeferredConnections:
    """The ConnectionStore (services/connections.py) of a deferred store: while no connection is set up
    and the SQL store is not built, the list (which the background sync asks at start and at every
    cycle) is answered without the SQL stack; everything else goes to `connections`, the SQL
    ConnectionStore (built on its first use by the caller's choice, app/later.py)."""

    def __init__(self, store: DeferredSqlStore, connections: Any) -> None:
        self._store, self._connections = store, connections

    def list_connections(self) -> list[Any]:
        if not self._store.ready and not self._store.has_connections():
            return []
        return self._connections.list_connections()  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connections, name)


class DeferredSyncStore:
    """The SyncStore (services/sync.py) of a deferred store: before the SQL store is built, an order
    with no submission (every draft, most of Suspended) is told so without the SQL stack (the detail
    pane asks it of each order it shows); any other call opens a unit of `sync_store`, the SQL one."""

    def __init__(self, store: DeferredSqlStore, sync_store: Any) -> None:
        self._store, self._sync_store = store, sync_store

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Any]:
        if self._store.ready:
            with self._sync_store.unit_of_work() as repo:
                yield repo
            return
        with contextlib.ExitStack() as later:
            yield _BeforeSubmissions(self._store, lambda: later.enter_context(self._sync_store.unit_of_work()))


class _UnitOnFirstNeed:
    """A unit of work that answers some reads itself (the subclass's methods) and opens a unit of the
    SQL store for anything else, once, on the first call that needs it (`_sql_repo`)."""

    def __init__(self, store: DeferredSqlStore, open_unit: Callable[[], Any]) -> None:
        self._store, self._open_unit, self._repo = store, open_unit, None

    def _sql_repo(self) -> Any:
        if self._repo is None:
            self._repo = self._open_unit()
        return self._repo

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sql_repo(), name)


class _BeforeSubmissions(_UnitOnFirstNeed):
    def submission(self, order_id: int) -> Any:
        if self._repo is None and not self._store.has_submission(order_id):
            return None
        return self._sql_repo().submission(order_id)


class _FirstScreen(_UnitOnFirstNeed):
    """A read unit before the SQL store exists: the first screen's reads here, any other call (or the
    same reads with a search, another order or a cursor) in a unit of the SQL store, opened once."""

    def count_by_tab(self, search: SearchFilter | None) -> dict[Tab, int]:
        if search is not None:
            return self._sql_repo().count_by_tab(search)  # type: ignore[no-any-return]
        return self._store.counts()

    def page(self, tab: Tab, search: SearchFilter | None, sort: str, descending: bool,
             after: PageCursor | None, limit: int) -> list[QueueRow]:
        if search is not None or sort != _DEFAULT_SORT or not descending or after is not None:
            return self._sql_repo().page(tab, search, sort, descending, after, limit)  # type: ignore[no-any-return]
        return self._store.first_page(tab, limit)

    def detail(self, order_id: int) -> OrderDetail:
        if self._repo is not None:  # this unit already reads through the SQL store: one snapshot
            return self._repo.detail(order_id)  # type: ignore[no-any-return]
        return self._store.detail(order_id)
