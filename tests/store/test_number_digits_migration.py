"""Migration 0006: every stored number gets its digits, whatever separators it was typed with."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portdesk.domain.status import Tab
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.migrations.runner import upgrade_to
from portdesk.store.repos import SqlQueueStore


def test_upgrading_fills_the_digits_of_numbers_already_stored(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    upgrade_to(engine, "0005")
    when = dt.datetime(2026, 11, 1, 8, 30)
    typed = ["+13035550100", "(303) 555-01", "303.555.0177 ext 9", "tel:+1/720#5550123"]
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO orders (id, name, status, tab, number_count, created_at, updated_at, version) "
            "VALUES (7, 'Old order', 'draft', 'suspended', 4, :t, :t, 1)"), {"t": when})
        conn.execute(sa.text("INSERT INTO order_data (order_id, data) VALUES (7, '{\"name\": \"Old order\"}')"))
        for i, e164 in enumerate(typed):
            conn.execute(sa.text("INSERT INTO numbers (order_id, position, e164, status) "
                                 "VALUES (7, :p, :e, 'pending')"), {"p": i, "e": e164})

    migrate(engine)

    with engine.connect() as conn:
        digits = conn.execute(sa.text("SELECT digits FROM numbers ORDER BY position")).scalars().all()
    assert digits == ["13035550100", "30355501", "30355501779", "17205550123"]
    queue = QueueService(SqlQueueStore(engine))
    assert [r.id for r in queue.search_rows(list(Tab), "720-555-0123")] == [7]
