"""The lazy queue model over the real service: paging, in-place updates, sorting, search, stale pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from portdesk.domain.status import Status, Tab
from portdesk.ui.queue.columns import COLUMNS, column_of
from portdesk.ui.queue.queue_model import ORDER_ID_ROLE, STATUS_ROLE, QueueModel


class ManualRunner:
    """Holds jobs until the test runs them: lets a test answer requests late, or out of order."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def submit(self, job, on_done, on_error=None) -> None:  # type: ignore[no-untyped-def]
        self.jobs.append((job, on_done))

    def run(self, index: int = 0) -> None:
        job, on_done = self.jobs.pop(index)
        on_done(job())

    def wait(self) -> None:
        while self.jobs:
            self.run()

    def lane(self, pool: str) -> ManualRunner:
        return self


def test_model_passes_qtmodeltester_with_real_service(qtmodeltester, queue, runner, add_orders):
    add_orders(45)
    model = QueueModel(queue, Tab.SUSPENDED, runner, page_size=20)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() >= 20


def test_fetch_more_loads_one_page_at_a_time_until_the_tab_is_exhausted(queue, runner, add_orders):
    add_orders(450)
    model = QueueModel(queue, Tab.SUSPENDED, runner)
    model.reload()
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    ids = [model.index(r, 0).data(ORDER_ID_ROLE) for r in range(450)]
    assert len(set(ids)) == 450  # keyset pages neither repeat nor skip


def test_a_changed_order_updates_in_place_with_data_changed_not_a_reset(qtbot, queue, runner, add_orders):
    ids = add_orders(5, Status.SUBMITTED)
    model = QueueModel(queue, Tab.PROGRESSING, runner)
    model.reload()
    target = ids[2]
    row = model.row_of(target)
    queue.change_status(target, Status.PENDING, "tester")
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_orders([target])
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert (top_left.row(), bottom_right.row()) == (row, row)
    assert (top_left.column(), bottom_right.column()) == (0, len(COLUMNS) - 1)
    assert model.index(row, 0).data(STATUS_ROLE) == "pending"
    assert model.rowCount() == 5


def test_an_order_that_moves_tab_leaves_one_model_and_joins_the_other(qtbot, queue, runner, add_orders):
    ids = add_orders(3, Status.DRAFT)
    suspended = QueueModel(queue, Tab.SUSPENDED, runner)
    progressing = QueueModel(queue, Tab.PROGRESSING, runner)
    suspended.reload()
    progressing.reload()
    queue.change_status(ids[0], Status.SUBMITTED, "tester")
    with qtbot.assertNotEmitted(suspended.modelReset), qtbot.waitSignal(suspended.rowsRemoved):
        suspended.refresh_orders([ids[0]])
    with qtbot.assertNotEmitted(progressing.modelReset), qtbot.waitSignal(progressing.rowsInserted):
        progressing.refresh_orders([ids[0]])
    assert suspended.row_of(ids[0]) == -1
    assert progressing.row_of(ids[0]) == 0


def test_sorting_by_a_column_asks_the_service_for_that_order(queue, runner, add_orders):
    add_orders(30)
    model = QueueModel(queue, Tab.SUSPENDED, runner, page_size=10)
    model.reload()
    model.sort(column_of("name"), Qt.SortOrder.AscendingOrder)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == [f"Customer {i:05d} - Denver" for i in range(10)]
    model.sort(column_of("name"), Qt.SortOrder.DescendingOrder)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names[0] == "Customer 00029 - Denver"
    assert model.sort_key == ("name", True)


def test_search_by_a_formatted_phone_number_filters_the_tab(queue, runner, add_orders):
    add_orders(20)
    model = QueueModel(queue, Tab.SUSPENDED, runner)
    model.reload()
    assert model.rowCount() == 20
    model.set_search("(303) 555-0007")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Customer 00007 - Denver"]
    model.set_search("+1 303.555.0012")
    assert model.rowCount() == 1
    model.set_search("")
    assert model.rowCount() == 20


def test_a_late_page_of_an_old_search_is_dropped(queue, add_orders):
    add_orders(10)
    runner = ManualRunner()
    model = QueueModel(queue, Tab.SUSPENDED, runner)
    model.reload()  # request 1: no search
    model.set_search("Customer 00003")  # request 2
    runner.run(1)  # the new search answers first …
    runner.run(0)  # … then the old page arrives late
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Customer 00003 - Denver"]


def test_status_column_carries_the_status_for_the_badge_and_a_readable_label(queue, runner, add_orders):
    add_orders(1, Status.DRAFT)
    model = QueueModel(queue, Tab.SUSPENDED, runner)
    model.reload()
    status_col = column_of("status")
    assert model.index(0, status_col).data(STATUS_ROLE) == "draft"
    assert model.index(0, status_col).data() == "Draft"
    assert model.headerData(status_col, Qt.Orientation.Horizontal) == "Status"
