"""`search_rows` (what `orders list --search` reads): every match of every tab in one statement."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portdesk.domain.status import Status, Tab


@pytest.fixture
def orders(queue, make_order, clock):
    ids = []
    for i in range(7):
        ids += queue.create_orders([make_order(name=f"Harbor Dental {i}", numbers=[f"+1303555{i:04d}"])], "ann")
        clock.tick()
    queue.change_status(ids[1], Status.SUBMITTED, "ann")
    clock.tick()
    queue.change_status(ids[4], Status.CANCELLED, "ann")
    return ids


def _walked(queue, tabs, text):
    """The rows as paging tab by tab finds them (the window's way), newest first."""
    out = []
    for tab in tabs:
        cursor = None
        while True:
            rows, cursor = queue.page(tab, search=text, after=cursor, limit=2)
            out += rows
            if cursor is None:
                break
    return out


@pytest.mark.parametrize("text", ["harbor", "(303) 555-0003", "5550", None])
def test_search_rows_are_the_rows_paging_finds_in_the_same_order(queue, orders, text):
    tabs = list(Tab)
    assert [r.id for r in queue.search_rows(tabs, text)] == [r.id for r in _walked(queue, tabs, text)]


def test_search_rows_follow_the_order_of_the_tabs_given(queue, orders):
    tabs = [Tab.COMPLETED, Tab.PROGRESSING, Tab.SUSPENDED]
    found = queue.search_rows(tabs, "harbor")
    assert [r.tab for r in found] == sorted((r.tab for r in found), key=tabs.index)
    assert {r.id for r in found} == set(orders)
    assert queue.search_rows([Tab.PROGRESSING], "harbor") == _walked(queue, [Tab.PROGRESSING], "harbor")


def test_a_phone_search_over_every_tab_is_one_statement(queue, orders):
    engine = queue._store.engine
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        found = queue.search_rows(list(Tab), "303-555-0006")
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert [r.id for r in found] == [orders[6]]
    assert len([s for s in statements if "FROM orders" in s]) == 1


def test_a_number_kept_as_typed_is_found_by_its_digits(queue, make_order):
    # Not a valid number, so it is stored as typed, separators and all.
    [odd] = queue.create_orders([make_order(name="Zed Bakery", numbers=["(303) 555-01"])], "ann")
    assert [r.id for r in queue.search_rows(list(Tab), "30355501")] == [odd]
    rows, _ = queue.page(Tab.SUSPENDED, search="303 55501")
    assert [r.id for r in rows] == [odd]


def test_a_search_is_a_read_that_takes_no_write_lock(queue, orders):
    engine = queue._store.engine
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        assert len(queue.search_rows(list(Tab), "harbor")) == len(orders)
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert not [s for s in statements if "IMMEDIATE" in s.upper()]
