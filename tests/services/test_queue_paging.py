"""Keyset pages cover every row of a tab exactly once, in the right order, in every sort."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from portdesk.domain.status import Status, Tab
from portdesk.services.queue import SORT_KEYS, PageCursor, QueueRow


@pytest.fixture
def seeded(queue, make_order, clock):
    """45 suspended orders with repeated values and NULLs in every nullable column, plus others."""
    rng = random.Random(7)
    carriers = ["Lumen", "AT&T", None, "Comcast"]
    profiles = ["kazoo", None, "8x8"]
    ids = []
    for batch in range(9):
        orders = []
        for _ in range(5):
            i = rng.randrange(6)
            account = {"name": rng.choice(["ABC Inc", "Zed LLC", "abc lower", None]), "number": str(rng.randrange(3))}
            orders.append(make_order(
                name=f"Order {i}", account=account, losing_carrier=rng.choice(carriers),
                profile=rng.choice(profiles), numbers=[f"+1303555{n:04d}" for n in range(rng.randrange(1, 4))],
                requested_date=rng.choice(["2026-12-10", "2026-12-01", None, "not a date"]),
            ))
        ids += queue.create_orders(orders, "ann")
        clock.tick(batch % 3)  # some batches share an updated_at
    for order_id in ids[::4]:
        queue.change_status(order_id, Status.AWAITING_DOCUMENTS, "ann")  # another status in the same tab
    for order_id in ids[1::6]:
        queue.set_foc_date(order_id, dt.date(2026, 12, rng.randrange(1, 4)), "sync")
    others = queue.create_orders([make_order(name="elsewhere")] * 4, "ann", status=Status.SUBMITTED)
    return ids, others


def _expected(rows: list[QueueRow], sort: str, descending: bool) -> list[int]:
    """The documented order: NULLs smallest, ties broken by id in the same direction."""
    def key(row: QueueRow):
        value = row.sort_value(sort)
        if isinstance(value, Status):
            value = value.value
        return (value is not None, value if value is not None else 0, row.id)

    return [r.id for r in sorted(rows, key=key, reverse=descending)]


def _walk(queue, sort: str, descending: bool, limit: int) -> tuple[list[int], int]:
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        rows, cursor = queue.page(Tab.SUSPENDED, sort=sort, descending=descending, after=cursor, limit=limit)
        pages += 1
        seen += [r.id for r in rows]
        assert all(r.tab is Tab.SUSPENDED for r in rows)
        if cursor is None:
            return seen, pages
        assert pages < 100, "pagination does not end"


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_pages_cover_every_row_exactly_once_in_sort_order(queue, seeded, sort, descending):
    ids, _ = seeded
    all_rows = queue.rows(ids)

    seen, pages = _walk(queue, sort, descending, limit=7)

    assert sorted(seen) == sorted(ids)  # every row, none twice, nothing from another tab
    assert seen == _expected(all_rows, sort, descending)
    assert pages >= len(ids) // 7


def test_nullable_sort_puts_nulls_first_ascending_and_last_descending(queue, seeded):
    asc, _ = _walk(queue, "foc_date", False, limit=4)
    desc, _ = _walk(queue, "foc_date", True, limit=4)
    rows = {r.id: r for r in queue.rows(asc)}
    assert rows[asc[0]].foc_date is None and rows[asc[-1]].foc_date is not None
    assert rows[desc[0]].foc_date is not None and rows[desc[-1]].foc_date is None


def test_a_page_of_exactly_the_remaining_rows_then_an_empty_last_page(queue, make_order):
    queue.create_orders([make_order(name=f"n{i}") for i in range(4)], "ann")
    rows, cursor = queue.page(Tab.SUSPENDED, sort="name", descending=False, limit=4)
    assert len(rows) == 4 and cursor is not None
    rest, end = queue.page(Tab.SUSPENDED, sort="name", descending=False, after=cursor, limit=4)
    assert rest == [] and end is None


def test_counts_per_tab_follow_the_search(queue, seeded):
    ids, others = seeded
    assert queue.counts() == {Tab.SUSPENDED: len(ids), Tab.PROGRESSING: len(others), Tab.COMPLETED: 0}
    assert queue.counts("elsewhere") == {Tab.SUSPENDED: 0, Tab.PROGRESSING: len(others), Tab.COMPLETED: 0}


def test_cursor_from_another_sort_is_refused(queue, seeded):
    _, cursor = queue.page(Tab.SUSPENDED, sort="name", limit=3)
    assert isinstance(cursor, PageCursor)
    with pytest.raises(ValueError, match="another sort"):
        queue.page(Tab.SUSPENDED, sort="carrier", after=cursor)


def test_unknown_sort_key_is_refused(queue):
    with pytest.raises(ValueError, match="unknown sort"):
        queue.page(Tab.SUSPENDED, sort="pin")
