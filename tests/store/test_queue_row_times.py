"""Queue rows read their times straight into aware UTC datetimes (store/utc_time.py): the stored text
stays exactly what it was, every queue read (page, rows, search) gives the same rows on SQLite and
PostgreSQL, and a time some other tool stored in another shape reads as it did before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab
from portdesk.services.outbox import CarrierPart, Submission
from portdesk.services.ports import QueueRow, SearchFilter
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore
from portdesk.store.repos import ORDERS, SqlQueueStore

CREATED = dt.datetime(2026, 11, 20, 15, 30, 7, 123456, tzinfo=dt.UTC)
SYNCED = dt.datetime(2026, 11, 21, 9, 0, 5, 42, tzinfo=dt.UTC)


def _order(name: str) -> PortOrder:
    return PortOrder.from_dict({"format": "portdesk.order/1", "name": name, "profile": "telnyx",
                                "numbers": ["+13035550117"], "requested_date": "2026-12-10"})


@pytest.fixture
def engine(any_db_url):
    engine = make_engine(any_db_url)  # SQLite file and PostgreSQL alike
    migrate(engine)
    yield engine
    engine.dispose()


def _every_read(store: SqlQueueStore, order_id: int) -> list[QueueRow]:
    harbor = SearchFilter(text="harbor")
    with store.unit_of_work(write=False) as repo:
        return [*repo.rows([order_id]), *repo.page(Tab.SUSPENDED, harbor, "updated_at", True, None, 10),
                *repo.search_rows(list(Tab), harbor), *repo.search_rows([Tab.SUSPENDED], None)]


def test_every_queue_read_gives_aware_utc_times_and_the_same_row(engine):
    sync = SqlSyncStore(engine)
    with sync.unit_of_work() as repo:
        order_id = repo.orders.add_order(_order("Harbor Dental"), Status.DRAFT, CREATED)
        repo.save_submission(Submission(order_id, "tx", "telnyx", "ref-1", CREATED, CREATED, last_synced_at=SYNCED,
                                        carrier_orders=[CarrierPart("c-1", "in-process", ())]))
    rows = _every_read(SqlQueueStore(engine), order_id)
    assert len(rows) == 4 and all(r == rows[0] for r in rows)
    row = rows[0]
    assert row.updated_at == CREATED and row.updated_at.tzinfo is dt.UTC
    assert row.last_synced_at == SYNCED and row.last_synced_at.tzinfo is dt.UTC
    assert (row.requested_date, row.foc_date, row.carrier_ids, row.connection) == (
        dt.date(2026, 12, 10), None, ("c-1",), "tx")
    # every field of the dataclass is set, none more (queue_row fills the row's __dict__ itself)
    assert set(vars(row)) == {f.name for f in dataclasses.fields(QueueRow)}


def test_an_order_never_synced_reads_no_sync_time(engine):
    store = SqlQueueStore(engine)
    with store.unit_of_work() as repo:
        order_id = repo.add_order(_order("Harbor Dental"), Status.DRAFT, CREATED)
    assert {r.last_synced_at for r in _every_read(store, order_id)} == {None}


def test_the_stored_time_is_the_same_naive_utc_as_before(engine):
    store = SqlQueueStore(engine)
    with store.unit_of_work() as repo:
        order_id = repo.add_order(_order("Harbor Dental"), Status.DRAFT, CREATED)
    if engine.dialect.name == "sqlite":  # the text as the stdlib sees it, unchanged
        with sqlite3.connect(engine.url.database) as conn:
            stored = conn.execute("SELECT updated_at, typeof(updated_at) FROM orders WHERE id = ?",
                                  (order_id,)).fetchone()
        assert stored == ("2026-11-20 15:30:07.123456", "text")
    else:  # PostgreSQL: a timestamp without time zone holding the UTC wall time
        with engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT updated_at::text FROM orders WHERE id = :id"),
                                  {"id": order_id}).scalar()
        assert stored == "2026-11-20 15:30:07.123456"


@pytest.mark.parametrize(("stored", "read"), [
    # written by another tool: read exactly as the column type reads it, then given UTC (as before)
    ("2026-11-20T15:30:07", dt.datetime(2026, 11, 20, 15, 30, 7, tzinfo=dt.UTC)),
    ("2026-11-20 15:30:07+02:00", dt.datetime(2026, 11, 20, 15, 30, 7, tzinfo=dt.UTC)),
    ("2026-11-20 15:30:07Z", dt.datetime(2026, 11, 20, 15, 30, 7, tzinfo=dt.UTC)),
    ("2026-11-20", dt.datetime(2026, 11, 20, tzinfo=dt.UTC)),  # a date alone: midnight, still aware
])
def test_a_time_stored_in_another_shape_reads_as_before(tmp_path, stored, read):
    engine = make_engine(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    migrate(engine)
    store = SqlQueueStore(engine)
    with store.unit_of_work() as repo:
        order_id = repo.add_order(_order("Harbor Dental"), Status.DRAFT, CREATED)
    with engine.begin() as conn:
        conn.execute(sa.update(ORDERS).where(ORDERS.c.id == order_id).values(updated_at=sa.literal_column(f"'{stored}'")))
    for row in _every_read(store, order_id):
        assert row.updated_at == read and row.updated_at.tzinfo is dt.UTC
    engine.dispose()
