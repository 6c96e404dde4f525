"""The core at run time: no store call on the GUI thread, and every view follows committed changes.

The store is wrapped so each unit of work notes the thread it runs on; the wizard and the queue are
driven as a coordinator would. The stale-screen case: four fields edited in the wizard reach the
detail pane and the open bill viewer without a refresh.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from portdesk.demo.bill_story import build_bill_pdf
from portdesk.domain.order import PortOrder
from portdesk.services.events import OrderEvents
from portdesk.services.queue import NewDocument, QueueService
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.main_window import MainWindow, OrderTools
from portdesk.ui.order_signals import OrderSignals
from portdesk.ui.viewer.command import BillViewerCommand
from portdesk.ui.wizard.command import WizardCommand
from tests.ui.conftest import TickingClock, order_data
from tests.ui.viewer_support import bill_service
from tests.ui.wizard_drive import POPUP_NOTES, fill_account, fill_name_and_bill, keep, type_into
from tests.ui.wizard_support import make_adapters


class ThreadNotingStore:
    """The real store; each unit of work records whether it ran on the GUI (main) thread."""

    def __init__(self, store: SqlQueueStore) -> None:
        self.store = store
        self.on_gui_thread: list[bool] = []

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Any]:
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        with self.store.unit_of_work(write=write) as repo:
            yield repo


def _desk(qtbot: QtBot, db_url: str, tmp_path: Path) -> tuple[MainWindow, ThreadNotingStore, WizardCommand,
                                                                BillViewerCommand]:
    adapters = make_adapters(db_url)
    store = ThreadNotingStore(adapters.drafts.store)  # type: ignore[arg-type]
    hub = OrderEvents()
    adapters.drafts._store = store  # type: ignore[assignment]  # the wizard's saves go through the wrapper
    adapters.drafts.events = hub
    jobs = SyncJobRunner()
    queue = QueueService(store, clock=TickingClock(), events=hub)  # type: ignore[arg-type]
    window = MainWindow(queue, jobs, tmp_path / "w.ini", db_url, "amy", events=OrderSignals(hub))
    qtbot.addWidget(window)
    wizard = WizardCommand(adapters, window)
    viewer = BillViewerCommand(queue, bill_service(), jobs, "amy", parent=window)
    window.install_tools(OrderTools(wizard=wizard, viewer=viewer))
    window.show()
    window.start()
    return window, store, wizard, viewer


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_no_store_call_runs_on_the_gui_thread_across_a_wizard_run_and_queue_actions(
        qtbot: QtBot, db_url: str, tmp_path: Path) -> None:
    window, store, wizard_command, _viewer = _desk(qtbot, db_url, tmp_path)
    wizard = wizard_command.open_new()
    keep(qtbot, wizard)
    fill_name_and_bill(wizard, tmp_path)
    fill_account(wizard)
    assert wizard.autosave.flush(for_later=True)
    order_id = wizard.ctx.draft.order_id  # type: ignore[union-attr]
    wizard.close()
    window.tabs.set_current_tab(window.tabs.current_tab())
    assert window.tabs.select_order(order_id)
    qtbot.waitUntil(lambda: window.detail.detail is not None and window.detail.detail.id == order_id)
    window.detail._on_comment_written("called the customer")
    window.apply_search("ABC Company")
    window.refresh()
    assert len(store.on_gui_thread) > 10  # the run did reach the store, many times
    assert not any(store.on_gui_thread), f"{store.on_gui_thread.count(True)} unit(s) of work on the GUI thread"


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_four_fields_edited_in_the_wizard_reach_the_detail_pane_and_the_bill_viewer_without_f5(
        qtbot: QtBot, db_url: str, tmp_path: Path) -> None:
    window, _store, wizard_command, viewer_command = _desk(qtbot, db_url, tmp_path)
    queue: QueueService = window._queue
    bill = NewDocument("bill", "bill.pdf", build_bill_pdf())
    [order_id] = queue.create_orders([PortOrder.from_dict(order_data(7))], "amy", documents={0: [bill]})
    window.tabs.show_new_orders([order_id])
    qtbot.waitUntil(lambda: window.detail.detail is not None and window.detail.detail.id == order_id)
    viewer_command.open_for(window.detail.detail)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: viewer_command.viewer is not None)
    viewer = viewer_command.viewer
    assert viewer is not None

    wizard = wizard_command.open_resume(order_id)
    assert wizard is not None
    wizard.go_to(0)
    wizard.page(0).name_edit.clear()  # type: ignore[attr-defined]
    type_into(wizard.page(0).name_edit, "Renamed - Boulder")  # type: ignore[attr-defined]
    wizard.go_to(2)
    account = wizard.page(2)
    for widget, text in ((account.account_name, "Renamed Holdings LLC"), (account.pin, "9876"),  # type: ignore[attr-defined]
                         (account.address.city, "Boulder")):  # type: ignore[attr-defined]
        widget.clear()
        type_into(widget, text)
    wizard.close()

    def shows_new_values() -> bool:
        detail = window.detail.detail
        return (detail is not None and detail.order.name == "Renamed - Boulder"
                and detail.order.account.name == "Renamed Holdings LLC" and detail.order.account.pin == "9876"
                and detail.order.account.service_address.city == "Boulder"
                and viewer.order.account.name == "Renamed Holdings LLC"
                and viewer.order.account.service_address.city == "Boulder")

    qtbot.waitUntil(shows_new_values, timeout=5000)
    row = window.tabs.view(window.tabs.current_tab()).model().index(0, 0).data()
    assert row == "Renamed - Boulder"  # the queue row too
