"""`orders import` through the stdlib-sqlite3 writer (store/sqlite_import.py) stores exactly what the SQL
store stores, on SQLite and on PostgreSQL: the same order files imported both ways are compared row by
row, column by column, and as the ORM reads them back, so the two writers cannot drift apart."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from reportlab.pdfgen import canvas

from portdesk.services.queue import QueueService, import_files
from portdesk.store.db import make_engine, migrate
from portdesk.store.errors import StoreError
from portdesk.store.repos import COMMENTS, DOCUMENTS, EVENTS, NUMBERS, ORDER_DATA, ORDERS, SqlQueueStore
from portdesk.store.sqlite_import import SqliteImportStore, open_import_store
from tests.sqlite_template import migrated_sqlite, stamped_sqlite

NOW = dt.datetime(2026, 11, 20, 15, 30, 12, 345678, tzinfo=dt.UTC)
TABLES = (ORDERS, ORDER_DATA, NUMBERS, DOCUMENTS, COMMENTS, EVENTS)


def _pdf(text: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()


def _order(i: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "portdesk.order/1", "name": f"Customer {i} - Denver", "kind": "local", "profile": "bandwidth",
        "losing_carrier": "Lumen", "port_type": "full", "requested_date": "2026-12-10",
        "account": {"name": f"Customer {i} Inc.", "number": f"8812-{i:04d}", "pin": "4321",
                    "service_address": {"line1": "1200 Market St", "city": "Denver", "state": "CO",
                                        "postal_code": "80202", "x-geo": [39.7, -104.9]}},
        "numbers": [f"+1303555{i:02d}{j:02d}" for j in range(3)],
    }
    data.update(changes)
    return data


@pytest.fixture
def order_files(tmp_path: Path) -> list[Path]:
    """Order files with everything an import stores: documents, comments (with unknown keys), numbers as
    typed and invalid, an account number as a JSON number, a bad date, a long name, no name, non-ASCII."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "bill.pdf").write_bytes(_pdf("Lumen statement"))
    (folder / "loa.pdf").write_bytes(_pdf("LOA signed"))
    datas = [
        _order(1),
        _order(2, numbers=["(303) 555-0101", "303.555.0102", "not-a-number", "+44 20 7946 0958", "9" * 60],
               documents={"bill": {"path": "bill.pdf", "date": "2026-11-03"}, "loa": {"path": "loa.pdf"}},
               comments=[{"at": "2026-11-16T10:04:00Z", "author": "coordinator", "text": "checked", "x-mood": "ok"},
                         {"text": "no time, no author"}]),
        _order(3, name="Ünïcødé – Zürich ☎ " + "x" * 400, requested_date="2026-13-40", new_btn="3035550117",
               account={"name": "Café Ltd", "number": 881255, "pin": 4321}),
        _order(4, name=None, account={}, numbers=[], requested_date=None, losing_carrier=None,
               contacts=[{"name": "Jane", "email": "jane@example.test"}], **{"x-newer": {"keep": [1, None]}}),
    ]
    paths = []
    for i, data in enumerate(datas):
        path = folder / f"order-{i}.json"
        path.write_text(json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False),
                        encoding="utf-8")
        paths.append(path)
    return paths


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                    for t in TABLES}
    finally:
        engine.dispose()


def _read_back(url: str, ids: list[int]) -> tuple[list[Any], list[Any]]:
    """What the SQL store reads: each order's detail, and its queue row."""
    engine = make_engine(url)
    try:
        queue = QueueService(SqlQueueStore(engine))
        return [queue.detail(i) for i in ids], queue.rows(ids)
    finally:
        engine.dispose()


def _sql_import(url: str, paths: list[Path], clock: dt.datetime = NOW) -> list[int]:
    engine = make_engine(url)
    migrate(engine)
    try:
        return import_files(SqlQueueStore(engine), paths, "ann", clock=lambda: clock)
    finally:
        engine.dispose()


def test_the_sqlite_writer_stores_what_the_sql_store_stores_on_sqlite_and_postgresql(
        tmp_path: Path, order_files: list[Path], any_db_url: str) -> None:
    fast_url = migrated_sqlite(tmp_path / "fast.sqlite3")
    store = open_import_store(fast_url)
    assert isinstance(store, SqliteImportStore)
    fast_ids = import_files(store, order_files, "ann", clock=lambda: NOW)
    sql_ids = _sql_import(any_db_url, order_files)  # SQLAlchemy Core on a SQLite file, or PostgreSQL

    assert fast_ids == sql_ids == [1, 2, 3, 4]
    fast_rows, sql_rows = _rows(fast_url), _rows(any_db_url)
    for table in TABLES:
        assert fast_rows[table.name] == sql_rows[table.name], table.name  # every column of every row
    assert len(fast_rows["numbers"]) == 3 + 5 + 3 and len(fast_rows["comments"]) == 2
    assert len(fast_rows["documents"]) == 2 and len(fast_rows["events"]) == 4
    assert _read_back(fast_url, fast_ids) == _read_back(any_db_url, sql_ids)


def test_the_sqlite_writer_writes_the_same_text_as_sqlalchemy_in_the_file(tmp_path: Path,
                                                                           order_files: list[Path]) -> None:
    """The raw values in the file, with their SQLite types (times as SQLAlchemy's DateTime writes them,
    microseconds always), not only what a reader makes of them: sorts and keyset cursors compare these."""
    on_the_second = NOW.replace(microsecond=0)
    fast_url, sql_url = migrated_sqlite(tmp_path / "fast.sqlite3"), migrated_sqlite(tmp_path / "sql.sqlite3")
    store = open_import_store(fast_url)
    assert store is not None
    import_files(store, order_files, "ann", clock=lambda: on_the_second)
    _sql_import(sql_url, order_files, clock=on_the_second)
    with sqlite3.connect(tmp_path / "fast.sqlite3") as fast, sqlite3.connect(tmp_path / "sql.sqlite3") as sql:
        for table in TABLES:
            columns = [c.name for c in table.columns]
            query = (f"SELECT {', '.join(columns)}, {', '.join(f'typeof({c})' for c in columns)} "
                     f"FROM {table.name} ORDER BY rowid")
            assert fast.execute(query).fetchall() == sql.execute(query).fetchall(), table.name
        created, requested = fast.execute("SELECT created_at, requested_date FROM orders WHERE id = 1").fetchone()
    assert (created, requested) == ("2026-11-20 15:30:12.000000", "2026-12-10")


def test_only_a_sqlite_file_at_the_schema_head_takes_the_sqlite_writer(tmp_path: Path) -> None:
    assert open_import_store(f"sqlite:///{tmp_path / 'missing.sqlite3'}") is None  # the SQL store creates it
    assert open_import_store("sqlite://") is None
    assert open_import_store("postgresql://u@h/db") is None
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    assert open_import_store(f"sqlite:///{tmp_path / 'junk.sqlite3'}") is None  # the SQL store says why
    assert open_import_store(stamped_sqlite(tmp_path / "old.sqlite3", "0005")) is None  # to be upgraded: the ordinary path does it


def test_a_schema_changed_after_opening_is_refused_in_words_and_nothing_is_written(
        tmp_path: Path, order_files: list[Path]) -> None:
    url = migrated_sqlite(tmp_path / "queue.sqlite3")
    store = open_import_store(url)
    assert store is not None
    with sqlite3.connect(tmp_path / "queue.sqlite3") as conn:  # a newer PortDesk upgraded it meanwhile
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match=r"queue\.sqlite3: the database's schema changed while importing"):
        import_files(store, order_files, "ann", clock=lambda: NOW)
    with sqlite3.connect(tmp_path / "queue.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone() == (0,)


def test_a_failed_write_rolls_back_every_file(tmp_path: Path, order_files: list[Path]) -> None:
    url = migrated_sqlite(tmp_path / "queue.sqlite3")
    store = open_import_store(url)
    assert store is not None
    with sqlite3.connect(tmp_path / "queue.sqlite3") as conn:  # the last insert of the unit will fail
        conn.execute("CREATE TRIGGER no_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(StoreError, match=r"queue\.sqlite3: database error \(disk full\)"):
        import_files(store, order_files, "ann", clock=lambda: NOW)
    with sqlite3.connect(tmp_path / "queue.sqlite3") as conn:
        assert conn.execute("SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM numbers)").fetchone() == (0,)


def test_orders_import_on_a_sqlite_file_at_head_imports_no_sql_stack(tmp_path: Path,
                                                                     order_files: list[Path]) -> None:
    url = migrated_sqlite(tmp_path / "queue.sqlite3")
    script = f"""
import sys
from portdesk.cli import main
code = main(["orders", "import", *{[str(p) for p in order_files]!r}, "--db", {url!r}, "--json"])
print(sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic", "alembic") if m in sys.modules), code,
      file=sys.stderr)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == {"ids": [1, 2, 3, 4]}
    assert done.stderr.strip() == "[] 0"


def test_a_broken_file_on_the_sqlite_writer_path_exits_2_naming_it_and_imports_nothing(
        tmp_path: Path, order_files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    from portdesk.cli import main

    url = migrated_sqlite(tmp_path / "queue.sqlite3")
    assert open_import_store(url) is not None  # the command takes the sqlite3 writer here
    bad = order_files[0].with_name("bad.json")
    bad.write_text('{"format": "portdesk.order/1", "name": "A", "name": "B"}', encoding="utf-8")
    code = main(["orders", "import", *map(str, order_files), str(bad), "--db", url])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "bad.json" in err and "appears twice" in err and "Traceback" not in err
    with sqlite3.connect(tmp_path / "queue.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone() == (0,)
