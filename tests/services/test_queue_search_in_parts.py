"""`search_rows` reads its result a part at a time with the garbage collector paused: every row
comes back, in order, however many parts it takes, and the collector is left as it was found."""

from __future__ import annotations

import gc

import pytest

from portdesk.domain.status import Status, Tab
from portdesk.store import repos


@pytest.fixture
def orders(queue, make_order, clock):
    ids = []
    for i in range(7):
        ids += queue.create_orders([make_order(name=f"Harbor Dental {i}", numbers=[f"+1303555{i:04d}"])], "ann")
        clock.tick()
    queue.change_status(ids[2], Status.SUBMITTED, "ann")
    return ids


def test_rows_read_in_many_parts_are_every_row_in_order(queue, orders, monkeypatch):
    whole = queue.search_rows(list(Tab), "harbor")
    assert len(whole) == len(orders)
    monkeypatch.setattr(repos, "SEARCH_FETCH_ROWS", 2)  # seven rows: four parts
    assert queue.search_rows(list(Tab), "harbor") == whole
    assert [r.id for r in queue.search_rows(list(Tab), "(303) 555-0004")] == [orders[4]]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_search_leaves_the_collector_as_it_found_it(queue, orders, enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert len(queue.search_rows(list(Tab), "harbor")) == len(orders)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_on_again_when_a_search_fails(queue, orders, monkeypatch):
    def broken(_row):
        raise RuntimeError("row could not be built")

    monkeypatch.setattr(repos, "queue_row", broken)
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="could not be built"):
        queue.search_rows(list(Tab), "harbor")
    assert gc.isenabled()
