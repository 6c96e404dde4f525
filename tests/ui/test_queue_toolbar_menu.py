"""The queue as a coordinator works it (issue 15): a toolbar with New port, double-click opens an order, a
row's context menu (resume, bill beside, export, change date, cancel — a disabled one saying why), and the
detail pane's Cancel / Change the date in the Order menu. The real window, tools and SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from portdesk.app.gui import build_window
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab
from tests.sqlite_template import migrated_sqlite

from .conftest import order_data


@pytest.fixture
def built(qtbot, monkeypatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "home"))
    result = build_window(db_url=migrated_sqlite(tmp_path / "queue.sqlite3"))
    assert not isinstance(result, int)
    win, runner = result
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    yield win
    runner.wait()


def _texts(actions) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text().replace("&", "") for a in actions if not a.isSeparator()]


def test_the_queue_toolbar_starts_with_new_port(built) -> None:
    texts = _texts(built.tabs.toolbar.actions())
    assert texts[0] == "New port…" and "Import order file(s)…" in texts and "Refresh" in texts


def test_cancel_and_change_date_sit_in_the_one_order_menu(built) -> None:
    menus = [a.menu() for a in built.menuBar().actions() if a.text().replace("&", "") == "Order"]
    assert len(menus) == 1
    items = _texts(menus[0].actions())
    assert {"Cancel the order…", "Change the date…", "Numbers…", "Resume in wizard",
            "Bill beside the order…"} <= set(items)


def _double_click(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    """As a hand does it: a click (the view remembers the pressed row), then the double-click."""
    centre = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def _add(win, status: Status, name: str) -> int:  # type: ignore[no-untyped-def]
    [order_id] = win._queue.create_orders([PortOrder.from_dict(order_data(3, name=name))], "amy", status=status)
    return order_id


def test_the_row_menu_offers_the_order_actions_and_says_why_one_is_disabled(qtbot, built) -> None:
    order_id = _add(built, Status.COMPLETED, "Done Deal LLC")
    built.start()
    built.tabs.set_current_tab(Tab.COMPLETED)
    qtbot.waitUntil(lambda: built.tabs.current_order_id() == order_id, timeout=5000)
    qtbot.waitUntil(lambda: built.detail.carrier_info is not None, timeout=5000)
    menu: QMenu = built.tabs.row_menu()
    items = {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}
    assert {"Resume in wizard", "Bill beside the order…", "Export order…", "Change the date…",
            "Cancel the order…"} <= set(items)
    cancel = items["Cancel the order…"]
    assert not cancel.isEnabled() and "completed" in cancel.toolTip()
    assert menu.toolTipsVisible()


def test_double_click_on_a_draft_opens_it_in_the_wizard(qtbot, built) -> None:
    order_id = _add(built, Status.DRAFT, "Open Me Dental")
    built.start()
    view = built.tabs.view(Tab.SUSPENDED)
    qtbot.waitUntil(lambda: built.tabs.current_order_id() == order_id, timeout=5000)
    qtbot.waitUntil(lambda: built.wizard_command.resume_action.isEnabled(), timeout=5000)
    _double_click(qtbot, view, 0)
    qtbot.waitUntil(lambda: order_id in built.wizard_command.wizards, timeout=5000)
    wizard = built.wizard_command.wizards[order_id]
    wizard.close()


def test_double_click_on_an_order_at_the_carrier_shows_its_details(qtbot, built) -> None:
    order_id = _add(built, Status.PENDING, "At Carrier Inc")
    built.start()
    built.tabs.set_current_tab(Tab.PROGRESSING)
    view = built.tabs.view(Tab.PROGRESSING)
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(built.tabs.order_activated) as activated:
        _double_click(qtbot, view, 0)
    assert activated.args == [order_id]
    qtbot.waitUntil(lambda: built.detail.detail is not None and built.detail.detail.id == order_id, timeout=5000)
    assert built.wizard_command.wizards == {}
