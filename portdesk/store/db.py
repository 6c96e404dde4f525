"""Engines and schema: SQLite by default (WAL, foreign keys, busy timeout), PostgreSQL by URL.

Start-up is on the fast path: `migrate()` reads alembic_version with one plain query and only
imports Alembic when the schema really has to change.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from portdesk.platform.safe_files import create_private_file
from portdesk.store.errors import SchemaTooNew, StoreError, explain
from portdesk.store.migrations import HEAD_REVISION, KNOWN_REVISIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def normalise_url(url: str) -> str:
    """postgresql:// (and postgres://) mean psycopg 3, the driver PortDesk ships."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def describe(url: str) -> str:
    """The database as the user knows it (a file path, or the URL without its password)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see _begin),
        # so DDL in migrations is transactional too.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster commits
        finally:
            cur.close()

    return on_connect


# Execution option naming a unit of work that only reads (see uow.unit_of_work).
READ_ONLY = "portdesk_read_only"


class WrongEncoding(StoreError):
    """A PostgreSQL database whose encoding is not UTF8: text would come back as bytes."""


def _postgres_encoding(where: str) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Under SQL_ASCII (or LATIN1 …) psycopg returns text as bytes, which fails far away
        # ("cannot use a string pattern on a bytes-like object"): refuse before anything is read.
        encoding = dbapi_conn.info.parameter_status("server_encoding") or "unknown"
        if encoding.upper() not in ("UTF8", "UTF-8"):
            raise WrongEncoding(f"{where}: the database must use UTF8 encoding (it uses {encoding}); create it "
                                "with ENCODING 'UTF8'")

    return on_connect


def _begin(conn: Any) -> None:
    # A write transaction takes SQLite's write lock at BEGIN IMMEDIATE, where busy_timeout
    # applies. A deferred BEGIN reads first and asks for the lock at its first write: if another
    # process wrote in between, its snapshot is stale and SQLite answers "database is locked"
    # at once, without waiting. Read-only units stay deferred so they never queue behind writers.
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _private_sqlite_file(database: str | None) -> None:
    """Create the database file 0600 before SQLite does (it would make it 0644; its -wal and -shm
    files take the database file's mode), so another account cannot read the PINs."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    with contextlib.suppress(OSError):  # a missing folder: SQLite's own error says it better
        create_private_file(database)


def make_engine(url: str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for `url` (default: settings). SQLite waits `busy_timeout_ms` for a lock."""
    if url is None:
        from portdesk.platform.settings import database_url

        url = database_url()
    url = normalise_url(url)
    engine = sa.create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        _private_sqlite_file(engine.url.database)
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _begin)
    elif engine.dialect.name == "postgresql":
        # insert=True: before SQLAlchemy's own first-connect queries, which are what fail.
        event.listen(engine, "connect", _postgres_encoding(describe(url)), insert=True)
    return engine


@contextmanager
def translated_errors(engine: Engine) -> Iterator[None]:
    """Turn SQLAlchemy/driver errors into StoreError with a clear message."""
    try:
        yield
    except StoreError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        log.warning("database error on %s: %s", describe(str(engine.url)), exc)
        raise StoreError(explain(exc, describe(str(engine.url)))) from exc


def migrate(engine: Engine) -> str:
    """Bring the schema to head: nothing to do (fast), upgrade, or refuse a newer database."""
    where = describe(str(engine.url))
    with translated_errors(engine):
        revision = current_revision(engine)
        if revision == HEAD_REVISION:
            return revision
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise SchemaTooNew(where, revision)
        from portdesk.store.migrations.runner import upgrade_to_head  # alembic only when needed

        log.info("upgrading %s from %s to %s", where, revision or "empty", HEAD_REVISION)
        upgrade_to_head(engine)
    return HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The alembic revision stamped in the database (one plain query); None for a new database."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        try:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.OperationalError as exc:
            if "no such table" not in str(exc).lower():
                raise
        except sa.exc.ProgrammingError as exc:  # PostgreSQL: undefined table
            if "does not exist" not in str(exc).lower():
                raise
    return None
