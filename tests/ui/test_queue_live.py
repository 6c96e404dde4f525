"""The queue lives (issue 14): a status change published on the events hub moves the row between tabs
without a reset, the order on show is followed to its new tab, the scroll position stays, and a burst of
changes is one read and a few grouped inserts — on a real SQLite queue."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from portdesk.domain.status import Status, Tab
from portdesk.services.events import OrderEvents
from portdesk.services.queue import QueueService
from portdesk.ui.main_window import MainWindow
from portdesk.ui.order_signals import OrderSignals
from portdesk.ui.queue.columns import column_of
from portdesk.ui.queue.queue_model import ORDER_ID_ROLE, QueueModel

from .conftest import TickingClock


class CountingQueue(QueueService):
    """The real service, counting the row reads a refresh makes."""

    row_reads = 0

    def rows(self, ids, search=None):  # type: ignore[no-untyped-def]
        self.row_reads += 1
        return super().rows(ids, search=search)


@pytest.fixture
def hub() -> OrderEvents:
    return OrderEvents()


@pytest.fixture
def live_queue(store, hub) -> CountingQueue:
    return CountingQueue(store, clock=TickingClock(), events=hub)


@pytest.fixture
def window(qtbot, live_queue, runner, hub, tmp_path: Path) -> MainWindow:
    win = MainWindow(live_queue, runner, tmp_path / "window.ini", "test", "amy", events=OrderSignals(hub))
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    return win


def _ids(model: QueueModel) -> list[int]:
    return [model.index(r, 0).data(ORDER_ID_ROLE) for r in range(model.rowCount())]


def test_a_status_event_moves_the_row_to_progressing_and_keeps_the_selection(qtbot, window, live_queue,
                                                                             add_orders) -> None:
    ids = add_orders(3, Status.DRAFT)
    window.start()
    qtbot.waitUntil(lambda: window.tabs.model(Tab.SUSPENDED).rowCount() == 3)
    window.tabs.select_order(ids[1])
    qtbot.waitUntil(lambda: window.detail.order_id == ids[1])
    suspended, progressing = window.tabs.model(Tab.SUSPENDED), window.tabs.model(Tab.PROGRESSING)
    with qtbot.assertNotEmitted(suspended.modelReset), qtbot.assertNotEmitted(progressing.modelReset), \
            qtbot.waitSignal(progressing.rowsInserted, timeout=3000):
        live_queue.change_status(ids[1], Status.SUBMITTED, "sync")  # publishes on the hub after its commit
    assert ids[1] not in _ids(suspended) and _ids(progressing) == [ids[1]]
    assert window.tabs.current_tab() is Tab.PROGRESSING  # followed to its new tab
    assert window.tabs.current_order_id() == ids[1]
    assert window.tabs.view(Tab.PROGRESSING).selectionModel().selectedRows()[0].row() == 0
    assert window.detail.order_id == ids[1]
    qtbot.waitUntil(lambda: window.tabs.tab_title(Tab.PROGRESSING) == "Progressing (1)")
    assert window.tabs.tab_title(Tab.SUSPENDED) == "Suspended (2)"


def test_another_orders_move_leaves_the_selection_and_the_tab_alone(qtbot, window, live_queue, add_orders) -> None:
    ids = add_orders(3, Status.DRAFT)
    window.start()
    qtbot.waitUntil(lambda: window.tabs.model(Tab.SUSPENDED).rowCount() == 3)
    window.tabs.select_order(ids[0])
    live_queue.change_status(ids[2], Status.SUBMITTED, "sync")
    qtbot.waitUntil(lambda: window.tabs.model(Tab.PROGRESSING).rowCount() == 1)
    assert window.tabs.current_tab() is Tab.SUSPENDED
    assert window.tabs.current_order_id() == ids[0] and window.detail.order_id == ids[0]


def test_rows_arriving_above_keep_the_rows_on_screen_where_they_are(qtbot, window, live_queue, add_orders) -> None:
    add_orders(400, Status.SUBMITTED)
    window.start()
    window.tabs.set_current_tab(Tab.PROGRESSING)
    view = window.tabs.view(Tab.PROGRESSING)
    qtbot.waitUntil(lambda: window.tabs.model(Tab.PROGRESSING).rowCount() >= 200)
    view.scrollTo(view.model().index(120, 0), view.ScrollHint.PositionAtTop)
    top_before = view.indexAt(view.viewport().rect().topLeft()).data(ORDER_ID_ROLE)
    assert top_before is not None and view.verticalScrollBar().value() > 0
    new = add_orders(5, Status.DRAFT, start=500)
    for order_id in new:
        live_queue.change_status(order_id, Status.SUBMITTED, "sync")  # newest: they belong at the top
    qtbot.waitUntil(lambda: all(window.tabs.model(Tab.PROGRESSING).row_of(i) >= 0 for i in new), timeout=3000)
    assert window.tabs.model(Tab.PROGRESSING).row_of(new[-1]) == 0
    assert view.indexAt(view.viewport().rect().topLeft()).data(ORDER_ID_ROLE) == top_before


def test_a_burst_of_changes_is_one_read_and_grouped_inserts(qtbot, window, live_queue, add_orders) -> None:
    ids = add_orders(300, Status.DRAFT)
    window.start()
    qtbot.waitUntil(lambda: window.tabs.model(Tab.SUSPENDED).rowCount() == 200)
    progressing = window.tabs.model(Tab.PROGRESSING)
    inserts: list[tuple[int, int]] = []
    progressing.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    live_queue.row_reads = 0
    for order_id in ids:
        live_queue.change_status(order_id, Status.SUBMITTED, "sync")
    qtbot.waitUntil(lambda: progressing.rowCount() == 300 and not window.tabs.is_refreshing(), timeout=5000)
    assert live_queue.row_reads == 1, live_queue.row_reads  # coalesced: one read for the burst, all tabs
    assert len(inserts) <= 3, inserts  # the newest first: all of them at the top, in one go
    assert window.tabs.model(Tab.SUSPENDED).rowCount() == 0
    assert _ids(progressing) == sorted(ids, reverse=True)


def test_finding_a_loaded_row_does_not_walk_the_rows(queue, runner, add_orders) -> None:
    add_orders(3000, Status.DRAFT)
    model = QueueModel(queue, Tab.SUSPENDED, runner, page_size=3000)
    model.reload()
    ids = _ids(model)
    last = ids[-1]
    started = time.thread_time()  # this thread's own work: other test workers sharing the cores do not count
    for _ in range(20_000):
        assert model.row_of(last) == 2999
    elapsed = time.thread_time() - started
    assert elapsed < 0.2, f"{elapsed:.3f} s for 20,000 lookups"  # a walk of 3,000 rows each takes seconds


def test_a_newcomer_lands_where_the_sort_puts_it_or_waits_for_its_page(queue, runner, add_orders) -> None:
    add_orders(30, Status.SUBMITTED)
    model = QueueModel(queue, Tab.PROGRESSING, runner, page_size=10)
    model.sort(column_of("name"), Qt.SortOrder.AscendingOrder)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names) and len(names) == 10
    [early] = add_orders(1, Status.DRAFT, start=-1, name="Aardvark Plumbing")
    [late] = add_orders(1, Status.DRAFT, start=999, name="Zulu Freight")
    for order_id in (early, late):
        queue.change_status(order_id, Status.SUBMITTED, "sync")
    model.refresh_orders([early, late])
    assert model.row_of(early) == 0  # sorts first by name
    assert model.row_of(late) == -1  # past the loaded page: it comes with its page, in order
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.row_of(late) == model.rowCount() - 1
    assert len(set(_ids(model))) == model.rowCount() == 32


def test_the_model_stays_consistent_through_grouped_inserts_removes_and_updates(qtmodeltester, queue, runner,
                                                                                add_orders) -> None:
    drafts = add_orders(40, Status.DRAFT)
    model = QueueModel(queue, Tab.SUSPENDED, runner, page_size=25)
    model.reload()
    qtmodeltester.check(model, force_py=True)  # and it keeps checking on every signal below
    row_before = model.row_of(drafts[1])
    assert row_before >= 0  # the tester fetched every page
    for order_id in drafts[::3]:
        queue.change_status(order_id, Status.SUBMITTED, "sync")  # leave the tab: grouped removes
    fresh = add_orders(6, Status.DRAFT, start=100)  # newest: grouped inserts at the top
    queue.change_status(drafts[1], Status.AWAITING_DOCUMENTS, "t")  # stays: updated in place
    changed = [*drafts[::3], *fresh, drafts[1]]
    model.apply_rows(changed, queue.rows(changed))
    ids = _ids(model)
    assert len(ids) == len(set(ids))
    assert not set(drafts[::3]) & set(ids) and ids[:6] == sorted(fresh, reverse=True)
    assert all(model.row_of(i) == r for r, i in enumerate(ids))
    assert model.index(model.row_of(drafts[1]), column_of("status")).data() == "Awaiting documents"
    assert model.row_of(drafts[1]) == len(ids) - 1  # in place (the oldest), though its update is the newest
