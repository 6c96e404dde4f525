"""An order followed to its new tab (a sync moved it) leaves its old tab pointing at the row that is
highlighted there: back on the old tab, the detail pane and Order ▸ Resume act on that row, not on
the order that left (the demo: Fix sent, back to Suspended, Resume opened the FOC-confirmed order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portdesk.domain.status import Status, Tab
from portdesk.services.events import OrderEvents
from portdesk.services.queue import QueueService
from portdesk.ui.main_window import MainWindow
from portdesk.ui.order_signals import OrderSignals
from portdesk.ui.queue.queue_model import ORDER_ID_ROLE

from .conftest import TickingClock


@pytest.fixture
def hub() -> OrderEvents:
    return OrderEvents()


@pytest.fixture
def live_queue(store, hub) -> QueueService:
    return QueueService(store, clock=TickingClock(), events=hub)


@pytest.fixture
def window(qtbot, live_queue, runner, hub, tmp_path: Path) -> MainWindow:
    win = MainWindow(live_queue, runner, tmp_path / "window.ini", "test", "amy", events=OrderSignals(hub))
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    return win


def test_back_on_the_old_tab_the_highlighted_row_is_the_order_on_show(qtbot, window, live_queue,
                                                                     add_orders) -> None:
    ids = add_orders(3, Status.DRAFT)
    window.start()
    suspended = window.tabs.model(Tab.SUSPENDED)
    qtbot.waitUntil(lambda: suspended.rowCount() == 3)
    assert window.tabs.select_order(ids[1])
    qtbot.waitUntil(lambda: window.detail.order_id == ids[1])
    live_queue.change_status(ids[1], Status.SUBMITTED, "sync")  # the carrier has it now
    qtbot.waitUntil(lambda: window.tabs.current_tab() is Tab.PROGRESSING and window.detail.order_id == ids[1])

    window.tabs.set_current_tab(Tab.SUSPENDED)
    highlighted = [i.data(ORDER_ID_ROLE) for i in window.tabs.view(Tab.SUSPENDED).selectionModel().selectedRows()]
    assert len(highlighted) == 1 and highlighted[0] != ids[1]
    assert window.tabs.current_order_id() == highlighted[0]
    qtbot.waitUntil(lambda: window.detail.order_id == highlighted[0])
