"""Issue 15 item 9, as a coordinator met it: per-number "Pending" on orders no carrier has seen, a finished
order counting "Checks (1 error)", and a search that leaves the queue on a tab with no match."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.status import Status, Tab
from portdesk.services.checks import ChecksService
from portdesk.ui.checks.checks_panel import ChecksPanel
from portdesk.ui.main_window import MainWindow

from .conftest import order_data


@pytest.fixture
def window(qtbot, queue, runner, tmp_path: Path) -> MainWindow:
    win = MainWindow(queue, runner, tmp_path / "window.ini", "test", "amy")
    qtbot.addWidget(win)
    win.show()
    win.start()
    return win


@pytest.mark.parametrize("status", [Status.DRAFT, Status.AWAITING_DOCUMENTS, Status.QUEUED])
def test_numbers_of_an_order_no_carrier_has_seen_do_not_say_pending(qtbot, window, queue, status) -> None:
    [order_id] = queue.create_orders([PortOrder.from_dict(order_data(1))], "amy", status=status)
    window.detail.show_order(order_id)
    qtbot.waitUntil(lambda: window.detail.detail is not None)
    shown = window.detail.numbers.statuses()
    assert shown, "the number is listed"
    assert all("pending" not in text.lower() for text in shown.values()), shown
    assert all(text == "Not sent yet" for text in shown.values())


def test_numbers_of_an_order_at_the_carrier_show_the_carriers_status(qtbot, window, queue) -> None:
    [order_id] = queue.create_orders([PortOrder.from_dict(order_data(1))], "amy", status=Status.PENDING)
    queue.set_number_statuses(order_id, {"+13035550001": "foc_confirmed"}, "telnyx-main")
    window.detail.show_order(order_id)
    qtbot.waitUntil(lambda: window.detail.detail is not None)
    assert window.detail.numbers.statuses() == {"+13035550001": "Foc confirmed"}


def test_a_completed_order_does_not_count_check_errors_on_its_tab(qtbot, window, queue) -> None:
    # an old requested date and a PO box: errors for a draft, history for an order that has ported
    data = order_data(2, requested_date="2026-10-01")
    data["account"]["service_address"]["line1"] = "PO Box 1200"
    [order_id] = queue.create_orders([PortOrder.from_dict(data)], "amy", status=Status.COMPLETED)
    [draft_id] = queue.create_orders([PortOrder.from_dict(data)], "amy")
    checks = ChecksService(queue, lambda pid: get_profile(pid or "kazoo"), today=lambda: dt.date(2026, 11, 20))
    panel = ChecksPanel(checks, window.jobs, "amy", debounce_ms=10)
    window.detail.add_checks(panel)
    tabs = window.detail._tabs
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        window.detail.show_order(draft_id)
    assert "error" in tabs.tabText(tabs.indexOf(panel))  # the same content in a draft is an error
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        window.detail.show_order(order_id)
    title = tabs.tabText(tabs.indexOf(panel))
    assert "error" not in title and "warning" not in title, title
    assert "completed" in tabs.tabToolTip(tabs.indexOf(panel)).lower()


def test_a_search_that_matches_only_on_another_tab_switches_to_it(qtbot, window, queue) -> None:
    queue.create_orders([PortOrder.from_dict(order_data(1))], "amy")  # a draft: Suspended
    [sent] = queue.create_orders([PortOrder.from_dict(order_data(2, name="Zephyr Dental"))], "amy",
                                 status=Status.PENDING)
    window.tabs.set_current_tab(Tab.SUSPENDED)
    window.apply_search("zephyr")
    qtbot.waitUntil(lambda: window.tabs.current_tab() is Tab.PROGRESSING, timeout=3000)
    qtbot.waitUntil(lambda: window.tabs.current_order_id() == sent, timeout=3000)
    assert window.tabs.tab_title(Tab.SUSPENDED).endswith("(0)")


def test_a_search_with_matches_on_the_current_tab_stays_there(qtbot, window, queue) -> None:
    queue.create_orders([PortOrder.from_dict(order_data(1, name="Zephyr North"))], "amy")
    queue.create_orders([PortOrder.from_dict(order_data(2, name="Zephyr South"))], "amy", status=Status.PENDING)
    window.tabs.set_current_tab(Tab.SUSPENDED)
    window.apply_search("zephyr")
    qtbot.waitUntil(lambda: window.tabs.tab_title(Tab.PROGRESSING).endswith("(1)"), timeout=3000)
    assert window.tabs.current_tab() is Tab.SUSPENDED
