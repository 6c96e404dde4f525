"""`search_rows` builds its statement once per shape (tabs, with or without digits) and runs it with
each search's own patterns: one search after another of the same shape finds its own rows, on
SQLite and PostgreSQL, in any engine."""

from __future__ import annotations

from portdesk.domain.status import Tab
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore


def test_searches_of_the_same_shape_one_after_another_each_find_their_own_rows(queue, make_order):
    harbor, lumen, odd = (queue.create_orders([make_order(name=name, numbers=[number])], "ann")[0]
                          for name, number in (("Harbor Dental", "+13035550101"), ("Lumen Bakery", "+17205550102"),
                                               ("Odd_Name 100%", "+13035550103")))
    for _ in range(2):  # the second round runs the statements the first one built
        assert [r.id for r in queue.search_rows(list(Tab), "harbor")] == [harbor]
        assert [r.id for r in queue.search_rows(list(Tab), "bakery")] == [lumen]
        assert [r.id for r in queue.search_rows(list(Tab), "_name 100%")] == [odd]  # still escaped
        assert [r.id for r in queue.search_rows(list(Tab), "720-555-0102")] == [lumen]
        assert [r.id for r in queue.search_rows(list(Tab), "303 555 0103")] == [odd]
        assert [r.id for r in queue.search_rows([Tab.SUSPENDED], "harbor")] == [harbor]
        assert [r.id for r in queue.search_rows([Tab.SUSPENDED], "bakery")] == [lumen]
        assert queue.search_rows([Tab.COMPLETED], "harbor") == []
        assert {r.id for r in queue.search_rows(list(Tab))} == {harbor, lumen, odd}


def test_a_statement_built_for_one_engine_runs_on_another(queue, make_order, tmp_path):
    queue.create_orders([make_order(name="Harbor Dental")], "ann")
    assert len(queue.search_rows(list(Tab), "harbor")) == 1
    engine = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    migrate(engine)
    other = QueueService(SqlQueueStore(engine))
    assert other.search_rows(list(Tab), "harbor") == []
    other.create_orders([make_order(name="Harbor Dental"), make_order(name="Harbor Dental 2")], "ann")
    assert len(other.search_rows(list(Tab), "harbor")) == 2
    engine.dispose()
