"""`orders import` into a SQLite file with the stdlib `sqlite3`, before (and without) the SQL stack.

Why: importing SQLAlchemy, SQLModel and pydantic took most of a cold `orders import` (a few hundred
ms and ~40 MB) while the import itself is a handful of INSERTs; on a SQLite file already at this
PortDesk's schema the writes below are the same rows with the same values as the SQLAlchemy
repository's (repos.py: both build them from order_rows.py, and a test stores the same files both
ways and compares them column by column), in one transaction, with the same connection settings.

`open_import_store(url)` gives a store for a plain `sqlite:///PATH` URL naming an existing file whose
schema is at head; anything else (PostgreSQL, a new file, a schema to upgrade or too new, a URL with
options) gets None and takes the ordinary path, which migrates or refuses as it always has. The
revision is read again once the write lock is held: a database another PortDesk changed in between
is refused in words, not written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.ports import NewDocument, NewEvent
from portdesk.store.errors import StoreError, explain
from portdesk.store.first_page import schema_revision, sqlite_file_at_head
from portdesk.store.migrations import HEAD_REVISION
from portdesk.store.order_rows import (
    DEFAULT_NUMBER_STATUS,
    MAX_E164_CHARS,
    event_json,
    extra_json,
    number_digits,
    order_json,
    queue_columns,
    to_db_time,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000  # as store/db.py's engines wait for another writer
# The connection as store/db.py's engines set it up (`_sqlite_pragmas`).
_PRAGMAS = (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL")

_INSERT_ORDER = (
    "INSERT INTO orders (name, account_name, account_number, status, tab, number_count, losing_carrier, profile, "
    "requested_date, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
)
_INSERT_DATA = "INSERT INTO order_data (order_id, data) VALUES (?, ?)"
_INSERT_NUMBER = "INSERT INTO numbers (order_id, position, e164, status, digits) VALUES (?, ?, ?, ?, ?)"
_INSERT_DOCUMENT = ("INSERT INTO documents (order_id, kind, filename, mime, size, sha256, data, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_COMMENT = "INSERT INTO comments (order_id, at, author, text, extra) VALUES (?, ?, ?, ?, ?)"
_INSERT_EVENT = "INSERT INTO events (order_id, at, author, kind, text, data) VALUES (?, ?, ?, ?, ?, ?)"


def db_time(value: dt.datetime) -> str:
    """A time as SQLAlchemy's SQLite DateTime stores it: naive UTC, microseconds always written."""
    return to_db_time(value).isoformat(sep=" ", timespec="microseconds")


def _connect(path: Path) -> sqlite3.Connection:
    # mode=rw: a file that is not there is an error here, never a new (unmigrated) database.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None)  # transactions begun and ended below, not by the module
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return conn


def open_import_store(url: str) -> SqliteImportStore | None:
    """A store that writes new orders with `sqlite3`, or None where the ordinary path must run."""
    path = sqlite_file_at_head(url)
    return None if path is None else SqliteImportStore(path, url.removeprefix("sqlite:///"))


class SqliteImportStore:
    """A NewOrderStore (services/ports.py) on a SQLite file at head: one transaction per unit."""

    def __init__(self, path: Path, where: str) -> None:
        self.path = path
        self.where = where  # the database as the user named it, for messages (as db.describe)

    @contextlib.contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[SqliteOrderWriter]:
        """Commit when the block ends normally, roll back on any exception; database failures come out
        as StoreError in the ordinary path's words (store/errors.explain)."""
        try:
            conn = _connect(self.path)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        try:
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                revision = schema_revision(conn)
                if revision != HEAD_REVISION:
                    raise StoreError(f"{self.where}: the database's schema changed while importing (revision "
                                     f"{revision!r}, this PortDesk writes {HEAD_REVISION!r}); nothing was "
                                     "imported, try again")
                yield SqliteOrderWriter(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        finally:
            conn.close()

    def _error(self, exc: sqlite3.Error) -> StoreError:
        log.warning("database error on %s: %s", self.where, exc)
        return StoreError(explain(exc, self.where))


class SqliteOrderWriter:
    """The writes of a new order (NewOrderWriter), as repos.SqlOrderRepository makes them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add_orders(self, orders: Sequence[PortOrder], status: Status, now: dt.datetime) -> list[int]:
        when = db_time(now)
        fixed = (status.value, status.tab.value)
        insert = self.conn.execute
        ids: list[int] = []
        for order in orders:
            c = queue_columns(order)
            requested = c["requested_date"]
            cur = insert(_INSERT_ORDER, (c["name"], c["account_name"], c["account_number"], *fixed, c["number_count"],
                                         c["losing_carrier"], c["profile"],
                                         requested.isoformat() if requested is not None else None, when, when))
            assert cur.lastrowid is not None  # an INSERT into a rowid table
            ids.append(cur.lastrowid)
        self.conn.executemany(_INSERT_DATA, [(order_id, order_json(order))
                                             for order_id, order in zip(ids, orders, strict=True)])
        self.conn.executemany(_INSERT_NUMBER, [
            (order_id, i, e164, DEFAULT_NUMBER_STATUS, number_digits(e164))
            for order_id, order in zip(ids, orders, strict=True)
            for i, e164 in enumerate(n[:MAX_E164_CHARS] for n in order.numbers)
        ])
        return ids

    def add_document(self, order_id: int, document: NewDocument, now: dt.datetime) -> int:
        cur = self.conn.execute(_INSERT_DOCUMENT, (order_id, document.kind, document.filename, document.mime,
                                                   document.size, document.sha256, document.data, db_time(now)))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def add_comment(self, order_id: int, at: dt.datetime, author: str, text: str,
                    extra: dict[str, Any] | None = None) -> None:
        self.conn.execute(_INSERT_COMMENT, (order_id, db_time(at), author, text, extra_json(extra)))

    def add_events(self, events: Sequence[NewEvent]) -> None:
        self.conn.executemany(_INSERT_EVENT, [(e.order_id, db_time(e.at), e.author, e.kind, e.text, event_json(e.data))
                                              for e in events])
