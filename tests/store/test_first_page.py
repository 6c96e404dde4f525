"""The first screen read with the stdlib sqlite3 (store/first_page.py) is exactly what the SQL store
reads, it needs no SQLAlchemy, and everything past the first screen goes to the SQL store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from benchmarks.seed_orders import seed
from portdesk.domain.status import Tab
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine
from portdesk.store.first_page import open_deferred
from portdesk.store.repos import SUBMISSIONS, SqlQueueStore
from tests.sqlite_template import stamped_sqlite


@pytest.fixture(scope="module")
def queue_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("first-page") / "queue.sqlite3"
    seed(f"sqlite:///{path}", 600)
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # submissions on a few orders: their connection and carrier ids show too
        ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM orders WHERE tab = 'progressing' LIMIT 5"))]
        for n, order_id in enumerate(ids):
            conn.execute(sa.insert(SUBMISSIONS).values(
                order_id=order_id, connection="bandwidth-prod", type="port", key=f"k{order_id}",
                queued_at=dt.datetime(2026, 11, 20, 9, 0), last_synced_at=dt.datetime(2026, 11, 21, 9, 0, 5, 123),
                carrier_orders=json.dumps([{"id": f"BW-{order_id}"}, {"id": f"BW-{order_id}-b"}][: n % 2 + 1])))
    engine.dispose()
    return path


def _services(path: Path) -> tuple[QueueService, QueueService, object]:
    engine = make_engine(f"sqlite:///{path}")
    deferred = open_deferred(f"sqlite:///{path}", lambda: SqlQueueStore(engine))
    assert deferred is not None
    return QueueService(deferred), QueueService(SqlQueueStore(engine)), deferred


def test_the_first_screen_read_without_sql_is_what_the_sql_store_reads(queue_file: Path) -> None:
    fast, sql, deferred = _services(queue_file)
    assert fast.counts() == sql.counts()
    for tab in Tab:
        assert fast.page(tab, limit=100) == sql.page(tab, limit=100)
    assert any(r.carrier_ids for r in fast.page(Tab.PROGRESSING, limit=600)[0])
    assert not deferred.ready  # all of that without building the SQL store


def test_past_the_first_screen_the_sql_store_answers(queue_file: Path) -> None:
    fast, sql, deferred = _services(queue_file)
    rows, cursor = fast.page(Tab.SUSPENDED, limit=20)
    assert not deferred.ready
    assert fast.page(Tab.SUSPENDED, after=cursor, limit=20) == sql.page(Tab.SUSPENDED, after=cursor, limit=20)
    assert fast.page(Tab.SUSPENDED, sort="name", limit=20) == sql.page(Tab.SUSPENDED, sort="name", limit=20)
    assert fast.counts("dental") == sql.counts("dental")
    assert fast.detail(rows[0].id) == sql.detail(rows[0].id)  # any other read, in the same unit of work
    assert deferred.ready


def test_only_a_sqlite_file_at_the_schema_head_takes_the_deferred_path(tmp_path: Path) -> None:
    never = lambda: pytest.fail("the SQL store must not be built")  # noqa: E731
    assert open_deferred(f"sqlite:///{tmp_path / 'missing.sqlite3'}", never) is None
    assert open_deferred("sqlite://", never) is None
    assert open_deferred("postgresql://u@h/db", never) is None
    assert open_deferred(stamped_sqlite(tmp_path / "old.sqlite3", "0005"), never) is None  # to be upgraded: the ordinary path does it


def test_the_first_screen_imports_no_sql_stack(queue_file: Path) -> None:
    script = f"""
import sys
from portdesk.domain.status import Tab
from portdesk.services.queue import QueueService
from portdesk.store.first_page import open_deferred
store = open_deferred({f"sqlite:///{queue_file}"!r}, lambda: sys.exit("built the SQL store"))
queue = QueueService(store)
print(sum(queue.counts().values()), len(queue.page(Tab.SUSPENDED, limit=100)[0]))
print(sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    total, _shown = done.stdout.splitlines()[0].split()
    assert int(total) == 600
    assert done.stdout.splitlines()[1] == "[]"


def test_a_worker_waits_for_the_main_thread_to_bring_the_sql_stack(queue_file: Path) -> None:
    import threading
    import time

    fast, sql, deferred = _services(queue_file)
    got: list[object] = []
    # a search needs the SQL store (an order's detail no longer does: the deferred store reads it itself)
    worker = threading.Thread(target=lambda: got.append(fast.counts("dental")))
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive() and not deferred.ready  # the detail waits: no SQL import against the paint
    assert deferred.sql is not None  # the main thread builds it (after the first paint, in the app)
    worker.join(10)
    assert got == [sql.counts("dental")]


def test_a_worker_builds_the_sql_store_itself_when_the_main_thread_never_does(queue_file: Path) -> None:
    import threading

    engine = make_engine(f"sqlite:///{queue_file}")
    deferred = open_deferred(f"sqlite:///{queue_file}", lambda: SqlQueueStore(engine), worker_wait=0.2)
    assert deferred is not None
    got: list[int] = []
    worker = threading.Thread(target=lambda: got.append(sum(QueueService(deferred).counts("dental").values())))
    worker.start()
    worker.join(10)
    assert got and deferred.ready


def _with_history(queue_file: Path, tmp_path: Path) -> tuple[Path, int]:
    """A copy of the queue with one order that has a comment, a document and events of its own."""
    from portdesk.services.ports import NewDocument

    path = tmp_path / "queue.sqlite3"
    path.write_bytes(queue_file.read_bytes())
    queue = QueueService(SqlQueueStore(make_engine(f"sqlite:///{path}")))
    rows, _ = queue.page(Tab.SUSPENDED, limit=1)
    order_id = rows[0].id
    queue.add_comment(order_id, "Customer asked for the FOC in writing — «ok»", "dana")
    version = queue.detail(order_id).version
    queue.attach_document(order_id, NewDocument(kind="bill", filename="bill.pdf", mime="application/pdf",
                                                data=b"%PDF-1.4 tiny"), version, "dana")
    queue.set_foc_date(order_id, dt.date(2026, 12, 18), "dana")
    return path, order_id


def test_an_order_s_detail_read_without_sql_is_what_the_sql_store_reads(queue_file: Path, tmp_path: Path) -> None:
    path, busy_id = _with_history(queue_file, tmp_path)
    fast, sql, deferred = _services(path)
    ids = [r.id for tab in Tab for r in sql.page(tab, limit=600)[0]]
    assert busy_id in ids and len(ids) == 600
    for order_id in ids:
        assert fast.detail(order_id) == sql.detail(order_id)
    busy = fast.detail(busy_id)
    assert busy.comments and busy.documents and busy.foc_date == dt.date(2026, 12, 18) and len(busy.history) > 1
    assert not deferred.ready  # every order shown without building the SQL store


def test_a_missing_order_is_not_found_without_sql(queue_file: Path) -> None:
    from portdesk.services.ports import OrderNotFound

    fast, _sql, deferred = _services(queue_file)
    with pytest.raises(OrderNotFound):
        fast.detail(999_999)
    assert not deferred.ready


def test_an_order_without_a_submission_is_told_so_without_sql(queue_file: Path) -> None:
    from portdesk.services.sync import SyncService
    from portdesk.store.first_page import DeferredSyncStore
    from portdesk.store.outbox import SqlSyncStore

    engine = make_engine(f"sqlite:///{queue_file}")
    deferred = open_deferred(f"sqlite:///{queue_file}", lambda: SqlQueueStore(engine))
    assert deferred is not None
    built: list[str] = []

    class CountingSyncStore(SqlSyncStore):  # the SQL side, counting its units of work
        def unit_of_work(self):  # type: ignore[no-untyped-def,override]
            built.append("unit")
            return super().unit_of_work()

    plain = SyncService(SqlSyncStore(engine), connections=None)  # type: ignore[arg-type]
    lazy = SyncService(DeferredSyncStore(deferred, CountingSyncStore(engine)), connections=None)  # type: ignore[arg-type]
    with engine.connect() as conn:
        with_sub = [r[0] for r in conn.execute(sa.text("SELECT order_id FROM submissions ORDER BY order_id"))]
        without = conn.execute(sa.text("SELECT id FROM orders WHERE id NOT IN (SELECT order_id FROM submissions) "
                                       "LIMIT 20")).scalars().all()
    assert with_sub and without
    for order_id in without:
        assert lazy.submission(order_id) is None is plain.submission(order_id)
    assert built == []  # none of those needed the SQL side
    for order_id in with_sub:
        found = lazy.submission(order_id)
        assert found is not None and found == plain.submission(order_id)
        assert found.connection == "bandwidth-prod"
    assert built


def test_no_connection_set_up_is_listed_without_sql_and_a_new_one_through_it(queue_file: Path, tmp_path: Path) -> None:
    from portdesk.services.connections import Connection
    from portdesk.store.connections import SqlConnectionStore
    from portdesk.store.first_page import DeferredConnections

    path = tmp_path / "queue.sqlite3"
    path.write_bytes(queue_file.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    deferred = open_deferred(f"sqlite:///{path}", lambda: SqlQueueStore(engine))
    assert deferred is not None
    connections = DeferredConnections(deferred, SqlConnectionStore(engine))
    assert connections.list_connections() == [] and not deferred.ready
    added = Connection(name="bandwidth-prod", type="bandwidth", url="http://127.0.0.1:9/", account="9900",
                       user="desk", auth="basic", profiles=("bandwidth",), options={})
    connections.add_connection(added)  # anything but the list goes to the SQL store
    assert connections.list_connections() == SqlConnectionStore(engine).list_connections()
    assert [c.name for c in connections.list_connections()] == ["bandwidth-prod"]


def test_the_notifier_s_baseline_read_without_sql_is_what_the_sql_store_reads(queue_file: Path) -> None:
    from portdesk.app.gui import open_orders
    from portdesk.ui.sync.notifications import OPEN_TABS, Known

    fast, sql, deferred = _services(queue_file)
    engine = make_engine(f"sqlite:///{queue_file}")
    slim = open_orders(deferred, fast)()
    full = open_orders(SqlQueueStore(engine), sql)()
    assert sorted(slim) == sorted(full)
    assert len(slim) == len(sql.search_rows(OPEN_TABS)) > 0 and all(isinstance(k, Known) for k in slim)
    assert not deferred.ready
