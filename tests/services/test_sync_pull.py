"""The pull side of a sync cycle at scale: list pages instead of one read per order, and orders that
have not moved cost no transaction of their own — without missing any change. Real HTTP on
127.0.0.1 against the local Telnyx stand-in, real SQLite."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from portdesk.carriers import open_gateway
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services import sync as sync_module
from portdesk.services.connections import Connection, new_connection
from portdesk.services.gateway import CarrierGateway
from portdesk.services.outbox import CarrierPart, Submission
from portdesk.services.sync import SyncService
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore
from tests.carriers.mock_carriers import TELNYX_KEY, MockCarriers, serve
from tests.sqlite_template import migrated_url

START = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)


class _One:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def connections(self) -> list[Connection]:
        return [self.connection]

    def open(self, name: str) -> CarrierGateway:
        return open_gateway(self.connection, TELNYX_KEY)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[SqlSyncStore, MockCarriers, SyncService, Clock, dict[str, int]]]:
    """30 orders PortDesk sent to Telnyx (at the losing carrier), and the sync that follows them."""
    server, state = serve()
    base = f"http://127.0.0.1:{server.server_address[1]}/telnyx/v2"
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    migrate(engine)
    store = SqlSyncStore(engine)
    clock = Clock()
    ids: dict[str, int] = {}
    with store.unit_of_work() as repo:
        for i in range(30):
            number, cid = f"+1303555{i:04d}", str(uuid.uuid4())
            state.telnyx[cid] = {"id": cid, "customer_reference": f"ref-{i}",
                                 "status": {"value": "submitted", "details": []}, "requirements_met": True,
                                 "phone_numbers": [{"phone_number": number, "porting_order_status": "submitted"}],
                                 "activation_settings": {"foc_datetime_actual": None}, "documents": {},
                                 "updated_at": "2026-12-07T10:00:00Z"}
            order = PortOrder.from_dict({"format": "portdesk.order/1", "name": f"Order {i}", "profile": "telnyx",
                                         "numbers": [number]})
            oid = repo.orders.add_order(order, Status.SUBMITTED, START)
            repo.save_submission(Submission(oid, "tx", "telnyx", f"ref-{i}", START, START,
                                            carrier_orders=[CarrierPart(cid, "in-process", (number,))]))
            ids[cid] = oid
    sync = SyncService(store, _One(new_connection("tx", "telnyx", base)), clock)
    try:
        yield store, state, sync, clock, ids
    finally:
        server.shutdown()
        server.server_close()


def _single_reads(state: MockCarriers) -> int:
    return sum(1 for c in state.requests_to("/porting_orders/", "GET") if c.path.rstrip("/").count("/") == 4)


def _history(store: SqlSyncStore, order_id: int) -> int:
    with store.unit_of_work() as repo:
        return len(repo.orders.detail(order_id).history)


def test_a_full_read_of_thirty_telnyx_orders_reads_the_order_list_not_each_order(world, monkeypatch) -> None:
    store, state, sync, clock, ids = world
    report = sync.run_cycle()  # every order changed: each one's comments are read too (with the order)
    assert report.errors == [] and report.updated == 30
    with store.unit_of_work() as repo:
        assert {repo.orders.state(oid).status for oid in ids.values()} == {Status.PENDING}
    state.calls.clear()
    clock.now += dt.timedelta(minutes=5)
    assert sync.run_cycle().errors == []  # nothing in the event log: nothing read at all
    assert _single_reads(state) == 0 and state.requests_to("/porting_orders", "GET") == []
    assert len(state.requests_to("/porting/events", "GET")) == 1
    monkeypatch.setattr(sync_module, "FULL_READ_EVERY", dt.timedelta(0))  # the safety net's full read
    state.calls.clear()
    clock.now += dt.timedelta(minutes=5)
    assert sync.run_cycle().errors == []
    assert _single_reads(state) == 0
    assert len(state.requests_to("/porting_orders", "GET")) == 1  # one page of 250 holds all 30


def test_when_the_list_is_refused_every_order_is_read_on_its_own(world, monkeypatch) -> None:
    _store, state, sync, clock, ids = world
    monkeypatch.setattr(sync_module, "FULL_READ_EVERY", dt.timedelta(0))  # every cycle a full read
    sync.run_cycle()
    state.calls.clear()
    clock.now += dt.timedelta(minutes=5)
    state.faults["/porting_orders"] = (400, {"Content-Type": "application/json"},
                                       b'{"errors": [{"code": "10015", "detail": "bad filter"}]}')
    cid = next(iter(ids))
    state.telnyx[cid]["status"]["value"] = "foc-date-confirmed"
    report = sync.run_cycle()
    assert report.errors == [] and report.updated == 1
    assert _single_reads(state) == 30 + 1  # each order, and the changed one again with its comments


def test_unchanged_orders_only_get_their_sync_time_and_every_real_change_still_lands(world) -> None:
    store, state, sync, clock, ids = world
    sync.run_cycle()
    cid, oid = next(iter(ids.items()))
    before = {o: _history(store, o) for o in ids.values()}
    clock.now += dt.timedelta(minutes=5)
    report = sync.run_cycle()
    assert (report.updated, report.errors) == (0, [])
    assert {o: _history(store, o) for o in ids.values()} == before  # nothing written in any order
    assert sync.submission(oid).last_synced_at == clock.now  # type: ignore[union-attr]

    # a number ports while the order's own status and updated_at stay the same: still landed
    state.telnyx[cid]["phone_numbers"][0]["porting_order_status"] = "ported"
    clock.now += dt.timedelta(minutes=5)
    report = sync.run_cycle()
    assert report.updated == 1
    with store.unit_of_work() as repo:
        assert [n.status for n in repo.orders.detail(oid).numbers] == ["ported"]

    # an FOC date appears without a new updated_at: still landed
    other_cid, other_oid = list(ids.items())[1]
    state.telnyx[other_cid]["activation_settings"]["foc_datetime_actual"] = "2026-12-18T15:00:00Z"
    clock.now += dt.timedelta(minutes=5)
    assert sync.run_cycle().updated == 1
    with store.unit_of_work() as repo:
        assert repo.orders.detail(other_oid).foc_date == dt.date(2026, 12, 18)


def test_an_order_whose_local_status_fell_behind_the_carrier_is_moved_even_when_the_carrier_did_not_change(world) -> None:
    store, _state, sync, clock, ids = world
    sync.run_cycle()
    oid = next(iter(ids.values()))
    clock.now += dt.timedelta(seconds=1)  # after that sync (a frozen clock would make the two simultaneous)
    with store.unit_of_work() as repo:  # e.g. a move refused earlier, now allowed: the local status is behind
        st = repo.orders.state(oid)
        repo.orders.set_status(oid, Status.SUBMITTED, st.version, clock.now)
    clock.now += dt.timedelta(minutes=5)
    assert sync.run_cycle().updated == 1
    with store.unit_of_work() as repo:
        assert repo.orders.state(oid).status is Status.PENDING


def test_comments_found_empty_are_not_read_again_until_fifteen_minutes_later(world, monkeypatch) -> None:
    """An order without comments had them re-read on every cycle once 15 minutes had passed: reading
    nothing did not count as having read them (cycles that read every order, without an event log)."""
    _store, state, sync, clock, _ids = world
    monkeypatch.setattr(sync_module, "FULL_READ_EVERY", dt.timedelta(0))
    sync.run_cycle()  # every order changed: comments read
    clock.now += dt.timedelta(minutes=20)
    state.calls.clear()
    sync.run_cycle()  # 15 minutes passed: comments read again (there are none)
    assert len(state.requests_to("/comments", "GET")) == 30
    clock.now += dt.timedelta(minutes=5)
    state.calls.clear()
    sync.run_cycle()
    assert state.requests_to("/comments", "GET") == []
    assert _single_reads(state) == 0


def test_the_comments_read_for_many_orders_are_recorded_in_a_few_statements_not_two_per_order(world, monkeypatch) -> None:
    """The closing transaction read and rewrote each order's submission on its own: 2,000 statements for
    1,000 orders, 0.3-0.5 s of database work with no network wait between them, during which the GUI
    thread hardly got the interpreter (gaps of 100-470 ms in benchmarks/bench_sync_jitter.py)."""
    store, state, sync, clock, ids = world
    sync.run_cycle()
    monkeypatch.setattr(sync_module, "FULL_READ_EVERY", dt.timedelta(0))  # every order read; none has moved
    clock.now += dt.timedelta(minutes=20)  # and every order's comments are due again
    monkeypatch.setattr(SyncService, "_wants_documents", staticmethod(lambda *_: False))  # (not its documents)
    state.calls.clear()
    engine = store.engine
    statements: list[tuple[str, bool]] = []  # (the statement, run for many rows at once)

    def seen(_conn, _cursor, statement, _parameters, _context, executemany):
        statements.append((" ".join(statement.split()).lower(), executemany))

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        report = sync.run_cycle()
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert (report.updated, report.errors) == (0, [])
    assert len(state.requests_to("/comments", "GET")) == 30
    of_one = [s for s, many in statements if "submissions" in s and s.endswith("order_id = ?") and not many]
    assert of_one == []  # no statement for one order's submission
    assert len([s for s, _ in statements if "submissions" in s]) <= 8  # lists and reads of many, whatever their count
    for oid in ids.values():
        sub = sync.submission(oid)
        assert sub is not None and sub.seen["notes_at"] == clock.now.isoformat() and sub.last_synced_at == clock.now
        assert "parts" in sub.seen  # the rest of what was seen is kept
