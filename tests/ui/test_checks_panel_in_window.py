"""The checks panel and the Numbers… command inside the real main window, on a real SQLite queue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile, load_profiles
from portdesk.domain.status import Tab
from portdesk.services.checks import OVERRIDE_EVENT, ChecksService
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.checks.checks_panel import ChecksPanel
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.numbers.numbers_command import NumbersCommand
from tests.sqlite_template import migrated_url


def _order(**over: Any) -> PortOrder:
    data: dict[str, Any] = {
        "format": "portdesk.order/1", "name": "Rocky Mountain Dental", "kind": "local", "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {"name": "Rocky Mountain Dental Partners", "btn": "+13035550100",
                    "service_address": {"line1": "PO Box 1200", "city": "Denver", "state": "CO",
                                        "postal_code": "80202"}},
        "port_type": "full", "numbers": ["+13035550100"], "requested_date": "2026-12-10",
        "number_carriers": {"+13035550100": "Lumen"},
    }
    data.update(over)
    return PortOrder.from_dict(data)


@pytest.fixture
def queue(tmp_path: Path) -> QueueService:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    migrate(engine)
    return QueueService(SqlQueueStore(engine))


@pytest.fixture
def window(qtbot, queue: QueueService, tmp_path: Path):
    runner = SyncJobRunner()
    win = MainWindow(queue, runner, tmp_path / "ui.ini", "test", "amy")
    qtbot.addWidget(win)
    checks = ChecksService(queue, lambda pid: get_profile(pid or "kazoo"), today=lambda: dt.date(2026, 11, 20))
    win.detail.add_checks(ChecksPanel(checks, runner, "amy", debounce_ms=10))
    command = NumbersCommand(queue, runner, "amy", load_profiles(), parent=win)
    command.install(win)
    win.numbers_command = command  # type: ignore[attr-defined]
    win.show()
    qtbot.waitExposed(win)
    win.start()  # the queue's (empty) first page now, not when its view first lays out after the test adds orders
    return win


def _checks_done(qtbot, win: MainWindow, order_id: int) -> None:
    panel = win.detail.checks
    assert panel is not None
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        win.detail.show_order(order_id)


def test_detail_pane_shows_checks_for_the_selected_order_and_counts_errors_on_the_tab(qtbot, window, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    _checks_done(qtbot, window, order_id)
    panel = window.detail.checks
    codes = [c.finding.code for c in panel.model.findings()]
    assert "PO_BOX_ADDRESS" in codes and "ACCOUNT_NAME_TOO_LONG" in codes
    tabs = window.detail._tabs
    assert tabs.tabText(tabs.indexOf(panel)).startswith("Checks (") and "error" in tabs.tabText(tabs.indexOf(panel))


def test_clicked_finding_brings_its_field_into_view(qtbot, window, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    _checks_done(qtbot, window, order_id)
    panel = window.detail.checks
    window.detail._tabs.setCurrentWidget(panel)
    panel.field_focus_requested.emit("account.service_address.line1")
    assert window.detail._tabs.currentWidget() is window.detail.fields
    label = window.detail.fields._labels["address.line1"]
    assert label.selectedText() == "PO Box 1200"
    panel.field_focus_requested.emit("numbers[0]")
    assert window.detail._tabs.currentWidget() is window.detail.numbers


def test_override_from_the_pane_lands_in_the_timeline(qtbot, window, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    _checks_done(qtbot, window, order_id)
    panel = window.detail.checks
    row = [c.finding.code for c in panel.model.findings()].index("ACCOUNT_NAME_TOO_LONG")
    panel.list_view.setCurrentIndex(panel.model.index(row))
    panel.ask_reason = lambda finding: "carrier truncates names itself"
    panel.override_button.click()
    history = window.detail.detail.history
    assert [e.data["reason"] for e in history if e.kind == OVERRIDE_EVENT] == ["carrier truncates names itself"]


def test_numbers_action_is_ctrl_shift_n_and_follows_the_selection(window, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    command: NumbersCommand = window.numbers_command
    assert command.action.shortcut() == QKeySequence("Ctrl+Shift+N")
    assert not command.action.isEnabled()
    window.tabs.order_selected.emit(order_id)
    assert command.action.isEnabled()
    window.tabs.order_selected.emit(None)
    assert not command.action.isEnabled()


def test_numbers_added_in_the_dialog_are_saved_to_the_order(qtbot, window, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    window.detail.show_order(order_id)
    command: NumbersCommand = window.numbers_command
    command.action.setEnabled(True)
    command.action.trigger()
    dialog = command.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.read_text("303-555-0101\n303-555-01\n")
    dialog.add_button.click()

    detail = queue.detail(order_id)
    assert detail.order.numbers == ["+13035550100", "+13035550101"]
    assert detail.order.extra["number_carriers"] == {"+13035550100": "Lumen"}
    assert detail.version == 2 and detail.history[-1].kind == "edit"
    assert window.detail.detail.order.numbers == detail.order.numbers  # the pane reloaded


def test_split_from_the_window_shows_the_new_drafts(qtbot, window, queue):
    [order_id] = queue.create_orders([_order(profile="8x8")], "amy")
    window.detail.show_order(order_id)
    command: NumbersCommand = window.numbers_command
    command.action.setEnabled(True)
    command.action.trigger()
    dialog = command.dialog
    dialog.read_text("720-555-0110\n1-800-555-0199\n")
    with qtbot.waitSignal(command.drafts_created):
        dialog.split_panel.split_button.click()
    rows, _ = queue.page(Tab.SUSPENDED, sort="name", descending=False)
    assert [r.name for r in rows if r.id != order_id] == [f"Rocky Mountain Dental ({i}/3)" for i in (1, 2, 3)]
    assert "Created 3 draft orders" in window.statusBar().currentMessage()


def test_pasted_list_with_errors_fixed_inline_then_split_lands_in_the_suspended_tab(qtbot, window, queue):
    from portdesk.ui.numbers.numbers_model import COL_INPUT, COL_STATUS

    [order_id] = queue.create_orders([_order(profile="8x8", numbers=[])], "amy")
    window.start()
    window.detail.show_order(order_id)
    command: NumbersCommand = window.numbers_command
    command.action.setEnabled(True)
    command.action.trigger()
    dialog = command.dialog
    dialog.read_text("(303) 555-0100\n303-555-01\n720-555-0110\n1-800-555-0199\n")
    proxy = dialog.proxy
    statuses = [proxy.index(r, COL_STATUS).data() for r in range(proxy.rowCount())]
    assert statuses[1].startswith("Invalid: too short")
    assert proxy.setData(proxy.index(1, COL_INPUT), "303-555-0101")  # the coordinator fixes it in place
    assert proxy.index(1, COL_STATUS).data() == "valid"
    assert dialog.split_panel.split_button.text() == "Split into 3 orders"  # 303 local, 720 local, toll-free
    with qtbot.waitSignal(command.drafts_created) as blocker:
        dialog.split_panel.split_button.click()
    new_ids = blocker.args[0]
    view = window.tabs.view(Tab.SUSPENDED)
    shown = lambda: {view.model().index(r, 0).data() for r in range(view.model().rowCount())}  # noqa: E731
    qtbot.waitUntil(lambda: {f"Rocky Mountain Dental ({i}/3)" for i in (1, 2, 3)} <= shown(), timeout=5000)
    assert queue.detail(new_ids[0]).order.numbers == ["+13035550100", "+13035550101"]
    qtbot.waitUntil(lambda: window.tabs.counts()[Tab.SUSPENDED] == 4, timeout=5000)
