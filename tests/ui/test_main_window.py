"""The main window on a real SQLite queue: demo start, import (menu and drop), export, comments,
search by a formatted number, persisted geometry, and errors as messages rather than tracebacks."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QMessageBox

from portdesk.app.gui import build_window
from portdesk.domain.status import Status, Tab
from portdesk.ui.main_window import MainWindow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Messages:
    """Stands in for the message box: records what the user would have read."""

    def __init__(self, window: MainWindow) -> None:
        self.shown: list[tuple[QMessageBox.Icon, str, str]] = []
        window.show_message = lambda icon, title, text: self.shown.append((icon, title, text))  # type: ignore[method-assign]


@pytest.fixture
def window(qtbot, queue, runner, tmp_path: Path) -> MainWindow:
    win = MainWindow(queue, runner, tmp_path / "window.ini", str(tmp_path / "queue.sqlite3"), "amy")
    qtbot.addWidget(win)
    win.show()
    win.start()
    return win


def _suspended_rows(win: MainWindow) -> int:
    return win.tabs.view(Tab.SUSPENDED).model().rowCount()


def test_demo_opens_on_a_populated_desk_and_saves_a_screenshot(qtbot, seeded_demo: Path, tmp_path: Path) -> None:
    built = build_window(demo=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: _suspended_rows(win) > 0, timeout=10_000)
    qtbot.waitUntil(lambda: all(n > 0 for n in win.tabs.counts().values()), timeout=10_000)
    assert "demo" in win.windowTitle()
    home = Path(os.environ["PORTDESK_HOME"])
    assert home == tmp_path / "home" / "demo"  # the demo's own folder in the data folder, never the user's queue
    label = win.findChild(QLabel, "database-label")
    assert label is not None and str(home) in label.text()
    view = win.tabs.view(Tab.SUSPENDED)
    view.selectRow(0)
    qtbot.waitUntil(lambda: win.detail.detail is not None, timeout=5000)
    assert win.detail.detail.documents, "every demo order carries its generated bill"
    checks = win.detail.checks
    assert checks is not None  # app.py installed the checks tab
    tabs = win.detail._tabs
    qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(checks)) != "Checks", timeout=10_000)  # the checks ran
    target = SCREENSHOTS / "main-window.png" if os.environ.get("PORTDESK_SCREENSHOTS") else tmp_path / "main.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)  # let the last layout settle (an event loop, not processEvents: see tests/ui/test_tasks.py)
    assert win.grab().save(str(target))
    runner.wait()


ORDER: dict[str, Any] = {
    "format": "portdesk.order/1", "name": "ABC Company - Denver", "losing_carrier": "Lumen",
    "account": {"name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": "987654"},
    "numbers": ["(303) 555-0101", "303-555-0102"],
    "documents": {"bill": {"path": "bill.pdf", "date": "2026-11-03"}},
    "x-vendor": {"kept": True},
}


def _order_file(folder: Path, name: str = "abc.json", **over: Any) -> Path:
    (folder / "bill.pdf").write_bytes(b"%PDF-1.4\n% stand-in bill\n")
    path = folder / name
    path.write_text(json.dumps({**ORDER, **over}), encoding="utf-8")
    return path


def test_import_from_the_file_menu_lands_drafts_in_suspended(qtbot, window, tmp_path: Path) -> None:
    path = _order_file(tmp_path)
    window.ask_import_paths = lambda: [path]  # type: ignore[method-assign]
    window.import_action.trigger()
    qtbot.waitUntil(lambda: _suspended_rows(window) == 1, timeout=5000)
    assert window.tabs.counts()[Tab.SUSPENDED] == 1
    assert "Imported 1 order" in window.statusBar().currentMessage()


def test_a_malformed_order_file_is_a_message_and_nothing_is_imported(qtbot, window, queue, tmp_path: Path) -> None:
    good = _order_file(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something.else/9"}', encoding="utf-8")
    messages = Messages(window)
    window.import_files([good, bad])
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=5000)
    icon, title, text = messages.shown[0]
    assert icon == QMessageBox.Icon.Critical and title == "Could not import"
    assert "bad.json" in text and "Nothing was imported" in text and "Traceback" not in text
    assert queue.counts()[Tab.SUSPENDED] == 0  # one transaction: the good file did not slip in


def test_order_files_dropped_on_the_window_are_imported(qtbot, window, tmp_path: Path) -> None:
    path = _order_file(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(tmp_path / "bill.pdf"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: _suspended_rows(window) == 1, timeout=5000)


def test_export_writes_the_order_file_and_its_documents_beside_it(qtbot, window, queue, tmp_path: Path) -> None:
    [order_id] = queue.import_files([_order_file(tmp_path)], "amy")
    out = tmp_path / "out"
    out.mkdir()
    messages = Messages(window)
    window.export_order(order_id, out)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=5000)
    written = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert written["x-vendor"] == {"kept": True}
    bill = out / written["documents"]["bill"]["path"]
    assert bill.read_bytes() == (tmp_path / "bill.pdf").read_bytes()


def test_the_export_is_private_and_its_message_says_it_contains_the_pin(qtbot, window, queue,
                                                                       tmp_path: Path) -> None:
    [order_id] = queue.import_files([_order_file(tmp_path)], "amy")
    out = tmp_path / "out"
    out.mkdir()
    messages = Messages(window)
    window.export_order(order_id, out)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=5000)
    _icon, title, text = messages.shown[-1]
    assert title == "Order exported" and "contains the account PIN" in text
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())


def test_a_comment_added_in_the_detail_pane_joins_the_timeline(qtbot, window, queue, tmp_path: Path) -> None:
    [order_id] = queue.import_files([_order_file(tmp_path)], "amy")
    window.detail.show_order(order_id)
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=5000)
    window.detail.timeline.set_comment_text("Customer says the PIN changed; asked for the new one.")
    window.detail.timeline.submit_comment()
    qtbot.waitUntil(lambda: any("PIN changed" in c.text for c in window.detail.detail.comments), timeout=5000)
    assert window.detail.timeline.comment_text() == ""
    assert [c.author for c in queue.detail(order_id).comments] == ["amy"]


def test_search_by_a_number_typed_in_another_format_finds_the_order(qtbot, window, queue, add_orders) -> None:
    add_orders(30)
    window.apply_search("(303) 555-0017")
    qtbot.waitUntil(lambda: _suspended_rows(window) == 1, timeout=5000)
    row = window.tabs.view(Tab.SUSPENDED).model().index(0, 0).data()
    assert row == "Customer 00017 - Denver"


def test_geometry_and_splitters_come_back_after_a_restart(qtbot, queue, runner, tmp_path: Path) -> None:
    first = MainWindow(queue, runner, tmp_path / "w.ini", "db", "amy")
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 520)  # the offscreen screen is 800 x 600
    first.splitter.setSizes([260, 430])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(queue, runner, tmp_path / "w.ini", "db", "amy")
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (700, 520) and second.splitter.sizes() == sizes


def test_a_cancelled_order_shows_in_completed_with_its_count(qtbot, window, add_orders) -> None:
    add_orders(2)
    add_orders(3, status=Status.CANCELLED, start=10)
    window.refresh()
    qtbot.waitUntil(lambda: window.tabs.counts()[Tab.COMPLETED] == 3, timeout=5000)
    assert window.tabs.counts()[Tab.SUSPENDED] == 2


def test_per_order_tools_arrive_right_after_the_first_rows_are_painted(qtbot, seeded_demo: Path) -> None:
    built = build_window(demo=True, tools_after_first_paint=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    assert win.detail.checks is None  # nothing beyond the queue before the first paint
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.detail.checks is not None, timeout=10_000)
    assert _suspended_rows(win) > 0 and hasattr(win, "numbers_command")
    # The order the window opened on (shown before the tools came) is checked too, without selecting it again.
    qtbot.waitUntil(lambda: win.detail.detail is not None, timeout=5000)
    tabs, checks = win.detail._tabs, win.detail.checks
    qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(checks)) != "Checks", timeout=10_000)
    # ... and its commands are on: Ctrl+B, Numbers…, Resume in wizard (a suspended order).
    assert win.viewer_command.open_action.isEnabled()
    assert win.numbers_command.action.isEnabled()
    assert win.wizard_command.resume_action.isEnabled()
    runner.wait()


def test_an_empty_queue_still_gets_its_tools(qtbot, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "home"))
    built = build_window(db_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}", tools_after_first_paint=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.detail.checks is not None, timeout=10_000)
    assert win.tabs.counts() == {tab: 0 for tab in Tab}
    runner.wait()


def test_a_database_from_a_newer_portdesk_is_refused_with_a_message(qapp, monkeypatch, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from portdesk.app import gui as app_module

    url = f"sqlite:///{tmp_path / 'newer.sqlite3'}"
    built = build_window(db_url=url)  # creates the schema
    assert not isinstance(built, int)
    built[0].deleteLater()
    built[1].wait()
    with sa.create_engine(url).begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "show_startup_error", lambda title, text: shown.append((title, text)))
    assert build_window(db_url=url) == 2
    assert shown and "newer" in shown[0][1] and "Traceback" not in shown[0][1]


def test_the_demo_window_opens_a_bill_beside_its_order_and_offers_the_wizard(qtbot, seeded_demo: Path) -> None:
    built = build_window(demo=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: _suspended_rows(win) > 0, timeout=10_000)
    menus = {a.text().replace("&", ""): a.menu() for a in win.menuBar().actions()}
    file_items = [a.text().replace("&", "") for a in menus["File"].actions()]
    order_items = [a.text().replace("&", "") for a in menus["Order"].actions()]
    assert "New port…" in file_items
    assert {"Numbers…", "Bill beside the order…", "Attach bill…", "Resume in wizard"} <= set(order_items)
    win.tabs.view(Tab.SUSPENDED).selectRow(0)
    qtbot.waitUntil(lambda: win.detail.detail is not None, timeout=5000)
    command = win.viewer_command
    qtbot.waitUntil(command.open_action.isEnabled, timeout=5000)
    command.open_action.trigger()
    qtbot.waitUntil(lambda: command.viewer is not None, timeout=10_000)
    viewer = command.viewer
    qtbot.waitUntil(lambda: viewer.check is not None and viewer.check.pages > 0, timeout=15_000)  # the real check
    check = viewer.check
    assert check.fields and any(f.status == "exact" for f in check.fields)  # the demo bill matches its order
    viewer.close()
    runner.wait()


def test_opening_the_bill_from_the_documents_tab_shows_it_beside_the_order(qtbot, seeded_demo: Path) -> None:
    built = build_window(demo=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: _suspended_rows(win) > 0, timeout=10_000)
    win.tabs.view(Tab.SUSPENDED).selectRow(0)
    qtbot.waitUntil(lambda: win.detail.detail is not None, timeout=5000)
    opened_externally: list[Path] = []
    win.detail.open_file = opened_externally.append  # type: ignore[method-assign]
    [bill] = [d for d in win.detail.detail.documents if d.kind == "bill"]
    win.detail.documents.document_activated.emit(bill.id)
    qtbot.waitUntil(lambda: win.viewer_command.viewer is not None, timeout=10_000)
    assert opened_externally == []  # PortDesk's own viewer, not the system one
    win.viewer_command.viewer.close()
    runner.wait()


def test_a_search_says_searching_until_its_counts_are_in(qtbot, queue, add_orders, tmp_path: Path) -> None:
    """The first search of a session also loads the SQL stack on the db worker: the window says it is
    searching meanwhile (a real runner, so the answer comes later), and stops saying so when it is in."""
    from portdesk.ui.jobs import JobRunner
    from portdesk.ui.main_window import SEARCHING

    add_orders(3, name="Lakewood Dental")
    add_orders(2, start=10, name="Golden Bakery")
    jobs = JobRunner()
    win = MainWindow(queue, jobs, tmp_path / "w.ini", "test", "amy")
    qtbot.addWidget(win)
    win.start()
    qtbot.waitUntil(lambda: sum(win.tabs.counts().values()) == 5)
    win.apply_search("dental")
    assert win.statusBar().currentMessage() == SEARCHING
    qtbot.waitUntil(lambda: sum(win.tabs.counts().values()) == 3)
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() == "")
    win.apply_search("")  # clearing the search is not a search: nothing to say
    assert win.statusBar().currentMessage() == ""
    qtbot.waitUntil(lambda: sum(win.tabs.counts().values()) == 5)
    jobs.wait()
