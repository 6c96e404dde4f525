"""The comments a pull read, recorded for many orders at once: a read and a write per 500 orders, on
SQLite and PostgreSQL alike, keeping everything else the submission has seen."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.outbox import CarrierPart, Submission
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore

START = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)


def test_comments_read_for_more_orders_than_one_chunk_are_recorded_in_two_statements_per_chunk(any_db_url):
    engine = make_engine(any_db_url)
    migrate(engine)
    store = SqlSyncStore(engine)
    ids: list[int] = []
    with store.unit_of_work() as repo:
        for i in range(520):
            oid = repo.orders.add_order(PortOrder.from_dict({"format": "portdesk.order/1", "name": f"Order {i}",
                                                             "profile": "telnyx", "numbers": [f"+1303555{i:04d}"]}),
                                        Status.SUBMITTED, START)
            repo.save_submission(Submission(oid, "tx", "telnyx", f"ref-{i}", START, START,
                                            carrier_orders=[CarrierPart(f"c-{i}", "in-process", ())],
                                            seen={"parts": {f"c-{i}": {"raw": "in-process"}}, "notes": ["n1"]}))
            ids.append(oid)
        untouched = repo.orders.add_order(PortOrder.from_dict({"format": "portdesk.order/1", "name": "Other",
                                                               "profile": "telnyx", "numbers": ["+13035559999"]}),
                                          Status.SUBMITTED, START)
        repo.save_submission(Submission(untouched, "tx", "telnyx", "ref-x", START, START))
    later = START + dt.timedelta(minutes=20)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        with store.unit_of_work() as repo:
            repo.mark_notes_read([*ids, ids[0]], later)  # an order named twice is written once
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert len([s for s in statements if "submissions" in s]) == 4  # 500 and 20: a read and a write each
    with store.unit_of_work() as repo:
        for oid in (ids[0], ids[499], ids[500], ids[-1]):
            sub = repo.submission(oid)
            assert sub is not None
            assert sub.seen["notes_at"] == later.isoformat()
            assert sub.seen["notes"] == ["n1"] and list(sub.seen["parts"]) == [f"c-{ids.index(oid)}"]
            assert (sub.sent_at, sub.last_synced_at) == (START, None)  # only what was seen moves
        other = repo.submission(untouched)
        assert other is not None and "notes_at" not in other.seen
