"""Schema migrations: new databases are created at head, older ones upgraded, newer ones refused."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from portdesk.domain.order import PortOrder
from portdesk.services.queue import QueueService
from portdesk.store import tables  # noqa: F401 - registers the tables on SQLModel.metadata
from portdesk.store.db import current_revision, make_engine, migrate
from portdesk.store.errors import SchemaTooNew, StoreError
from portdesk.store.migrations import HEAD_REVISION, KNOWN_REVISIONS
from portdesk.store.migrations.runner import script_revisions, upgrade_to
from portdesk.store.repos import SqlQueueStore


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


def test_the_revision_list_used_at_start_up_matches_the_migration_scripts():
    assert script_revisions() == list(KNOWN_REVISIONS)
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def test_an_empty_database_is_created_at_head(url):
    engine = make_engine(url)
    assert current_revision(engine) is None
    assert migrate(engine) == HEAD_REVISION
    assert current_revision(engine) == HEAD_REVISION
    names = set(sa.inspect(engine).get_table_names())
    assert {"orders", "numbers", "documents", "events", "comments", "alembic_version"} <= names


def test_migrated_schema_matches_the_table_definitions(url):
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_an_older_database_with_data_is_upgraded_and_keeps_its_data(url):
    engine = make_engine(url)
    upgrade_to(engine, "0001")
    when = dt.datetime(2026, 11, 1, 8, 30)
    old_json = {"format": "portdesk.order/1", "name": "Old order", "numbers": ["+13035550100"],
                "x-kept": True, "comments": [{"at": "2026-11-01T09:00:00Z", "author": "amy", "text": "old note"}]}
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO orders (id, name, status, tab, number_count, created_at, updated_at, version, data) "
            "VALUES (7, 'Old order', 'draft', 'suspended', 1, :t, :t, 3, :d)"), {"t": when, "d": json.dumps(old_json)})
        conn.execute(sa.text("INSERT INTO numbers (order_id, position, e164, status) "
                             "VALUES (7, 0, '+13035550100', 'pending')"))
    assert current_revision(engine) == "0001"

    assert migrate(engine) == HEAD_REVISION

    detail = QueueService(SqlQueueStore(engine)).detail(7)
    assert detail.order.name == "Old order" and detail.order.extra == {"x-kept": True}
    assert detail.version == 3
    assert [n.e164 for n in detail.numbers] == ["+13035550100"]
    assert [(c.author, c.text, c.at.hour) for c in detail.comments] == [("amy", "old note", 9)]
    assert detail.order.comments == []  # moved out of the JSON by 0002


def test_a_database_from_a_newer_portdesk_is_refused(url):
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_future'"))
    with pytest.raises(SchemaTooNew, match="written by a newer PortDesk") as info:
        migrate(engine)
    assert "queue.sqlite3" in str(info.value)
    assert current_revision(engine) == "0099_future"  # untouched


def test_opening_a_current_database_does_not_import_alembic(url):
    migrate(make_engine(url))
    code = (
        "import sys\n"
        "from portdesk.store.db import make_engine, migrate\n"
        f"migrate(make_engine({url!r}))\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database at all" * 100)
    with pytest.raises(StoreError, match=r"notes\.sqlite3: this file is not a PortDesk database"):
        migrate(make_engine(f"sqlite:///{path}"))


def test_a_read_only_database_is_a_clear_error_when_writing(tmp_path):
    path = tmp_path / "queue.sqlite3"
    migrate(make_engine(f"sqlite:///{path}"))
    # Tests may run as root, where file permissions do not stop writes: open read-only instead.
    engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    queue = QueueService(SqlQueueStore(engine))
    assert sum(queue.counts().values()) == 0  # reading works
    with pytest.raises(StoreError, match="read-only"):
        queue.create_orders([PortOrder(name="x")], "ann")


def test_a_read_only_database_that_needs_an_upgrade_is_refused_clearly(tmp_path):
    path = tmp_path / "queue.sqlite3"
    upgrade_to(make_engine(f"sqlite:///{path}"), "0001")
    with pytest.raises(StoreError, match="read-only"):
        migrate(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))


def test_a_locked_database_is_a_clear_error_and_nothing_is_half_written(tmp_path):
    import sqlite3

    path = tmp_path / "queue.sqlite3"
    migrate(make_engine(f"sqlite:///{path}"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        queue = QueueService(SqlQueueStore(make_engine(f"sqlite:///{path}", busy_timeout_ms=50)))
        order = PortOrder(name="x")
        with pytest.raises(StoreError, match="locked by another program"):
            queue.create_orders([order], "ann")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sum(queue.counts().values()) == 0


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the database file"):
        migrate(make_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'queue.sqlite3'}"))
