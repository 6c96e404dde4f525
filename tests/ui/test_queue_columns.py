"""The queue's columns (issues 14 and 15): the carrier column from the order's submission, FOC date and last
synced shown by default, less important columns hidden from the header's menu and remembered, a click on a
column the store cannot sort by leaves the sort alone, and at 1920 px the essentials fit without scrolling."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt

from portdesk.domain.status import Status, Tab
from portdesk.services.outbox import CarrierPart, Submission
from portdesk.store.outbox import SqlSyncStore
from portdesk.ui.main_window import MainWindow
from portdesk.ui.queue.columns import COLUMNS, column_of
from portdesk.ui.queue.queue_model import QueueModel

SYNCED = dt.datetime(2026, 11, 3, 14, 5, tzinfo=dt.UTC)


def _submit(store, order_id: int, connection: str | None, parts: list[str]) -> None:
    with SqlSyncStore(store.engine).unit_of_work() as repo:
        repo.save_submission(Submission(order_id, connection, "telnyx", f"portdesk-{order_id}-k", SYNCED,
                                        sent_at=SYNCED, last_synced_at=SYNCED,
                                        carrier_orders=[CarrierPart(p, "in-process") for p in parts]))


def _column(title: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.title == title)


def test_carrier_column_shows_the_connection_and_the_carriers_order_id(queue, runner, store, add_orders) -> None:
    one, split, queued = add_orders(3, Status.SUBMITTED)
    _submit(store, one, "telnyx-main", ["9e1f7c2a-4b1e-a0d3-5f6e00000001"])
    _submit(store, split, "telnyx-main", ["aaa111", "bbb222"])
    queue.change_status(queued, Status.EXCEPTION, "t")  # any row without a submission has no carrier
    model = QueueModel(queue, Tab.PROGRESSING, runner)
    model.reload()
    carrier, synced = _column("Carrier"), _column("Last synced")
    assert model.index(model.row_of(one), carrier).data() == "telnyx-main · 9e1f7c2a…"  # a UUID's start
    assert "9e1f7c2a-4b1e-a0d3-5f6e00000001" in model.index(model.row_of(one), carrier).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(model.row_of(split), carrier).data() == "telnyx-main · aaa111 (+1)"
    tip = model.index(model.row_of(split), carrier).data(Qt.ItemDataRole.ToolTipRole)
    assert "split it into 2 orders" in tip and "bbb222" in tip
    assert model.index(model.row_of(one), synced).data() != ""


def test_a_queued_order_not_sent_yet_says_so_in_the_carrier_column(queue, runner, add_orders) -> None:
    [order_id] = add_orders(1, Status.QUEUED)
    model = QueueModel(queue, Tab.PROGRESSING, runner)
    model.reload()
    assert model.index(model.row_of(order_id), _column("Carrier")).data() == "not sent yet"


def _window(qtbot, queue, runner, settings: Path) -> MainWindow:
    win = MainWindow(queue, runner, settings, "test", "amy")
    qtbot.addWidget(win)
    return win


def test_foc_date_and_last_synced_are_shown_by_default_and_a_hidden_column_is_remembered(
        qtbot, queue, runner, add_orders, tmp_path: Path) -> None:
    add_orders(2)
    settings = tmp_path / "window.ini"
    win = _window(qtbot, queue, runner, settings)
    header = win.tabs.view(Tab.SUSPENDED).horizontalHeader()
    assert not header.isSectionHidden(column_of("foc_date"))
    assert not header.isSectionHidden(_column("Last synced"))
    menu = win.tabs.header_menu(win.tabs.view(Tab.SUSPENDED))
    losing = next(a for a in menu.actions() if a.text() == "Losing carrier")
    name = next(a for a in menu.actions() if a.text() == "Name")
    assert losing.isChecked() and not name.isEnabled()  # the name always stays
    losing.setChecked(False)  # the coordinator unticks it
    assert all(win.tabs.view(t).horizontalHeader().isSectionHidden(column_of("carrier")) for t in Tab)
    assert "Losing carrier" in QSettings(str(settings), QSettings.Format.IniFormat).value("queue/hidden_columns")
    win.close()
    again = _window(qtbot, queue, runner, settings)
    assert again.tabs.view(Tab.COMPLETED).horizontalHeader().isSectionHidden(column_of("carrier"))
    assert not again.tabs.view(Tab.COMPLETED).horizontalHeader().isSectionHidden(column_of("foc_date"))


def test_a_click_on_a_column_the_store_cannot_sort_keeps_the_sort(qtbot, queue, runner, add_orders,
                                                                  tmp_path: Path) -> None:
    add_orders(3)
    win = _window(qtbot, queue, runner, tmp_path / "w.ini")
    win.start()
    header = win.tabs.view(Tab.SUSPENDED).horizontalHeader()
    header.setSortIndicator(_column("Carrier"), Qt.SortOrder.AscendingOrder)
    assert win.tabs.model(Tab.SUSPENDED).sort_key == ("updated_at", True)
    assert header.sortIndicatorSection() == column_of("updated_at")


def test_at_1920_the_essential_columns_fit_without_a_sideways_scroll(qtbot, queue, runner, add_orders,
                                                                     tmp_path: Path) -> None:
    add_orders(30, name="Foothills Family Dentistry - Lakewood West Office")
    win = _window(qtbot, queue, runner, tmp_path / "w.ini")
    win.resize(1920, 1040)
    win.show()
    win.start()
    view = win.tabs.view(Tab.SUSPENDED)
    qtbot.waitUntil(lambda: view.model().rowCount() == 30)
    qtbot.wait(20)
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().value() == 0
    for key in ("name", "status", "foc_date", "updated_at"):
        column = column_of(key)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= view.viewport().width(), f"{COLUMNS[column].title} ends at {right} of {view.viewport().width()}"


def test_a_header_saved_by_an_older_portdesk_is_not_put_on_the_new_columns(qtbot, queue, runner,
                                                                          tmp_path: Path) -> None:
    settings = tmp_path / "old.ini"
    old = QSettings(str(settings), QSettings.Format.IniFormat)
    from PySide6.QtWidgets import QHeaderView, QTableView

    view = QTableView()
    qtbot.addWidget(view)
    model = QueueModel(queue, Tab.SUSPENDED, runner)
    view.setModel(model)
    view.horizontalHeader().setSectionHidden(column_of("status"), True)  # an old layout: status hidden
    view.horizontalHeader().resizeSection(0, 37)
    old.setValue("queue/header_suspended", view.horizontalHeader().saveState())
    old.sync()
    win = _window(qtbot, queue, runner, settings)
    header: QHeaderView = win.tabs.view(Tab.SUSPENDED).horizontalHeader()
    assert not header.isSectionHidden(column_of("status")) and header.sectionSize(0) != 37


def test_a_tab_not_on_show_is_fitted_when_first_shown_and_to_its_rows_on_screen(qtbot, queue, runner, add_orders,
                                                                               tmp_path: Path) -> None:
    """Start-up sizes only the tab on show (issue 17: sizing three tabs' 200 rows was ~40% of the time to
    the first rows); another tab's columns fit its rows when it is first shown, as wide as the rows on
    screen need — a long name further down, off screen, does not widen the column."""
    add_orders(60, Status.SUBMITTED, name="Short Name")
    add_orders(1, Status.SUBMITTED, start=900, name="A Very Long Customer Name That Sits Far Below The Screen")
    add_orders(5, name="Suspended One")
    with queue._store.unit_of_work() as repo:  # the long name sorts last: newest first, it is made oldest
        repo.session.execute(sa.text(
            "UPDATE orders SET updated_at = '2001-01-01 00:00:00.000000' WHERE name LIKE 'A Very Long%'"))
    win = _window(qtbot, queue, runner, tmp_path / "w.ini")
    win.resize(1440, 700)
    win.show()
    win.start()
    progressing = win.tabs.view(Tab.PROGRESSING)
    qtbot.waitUntil(lambda: progressing.model().rowCount() == 61)
    name = column_of("name")
    default = COLUMNS[name].width
    assert progressing.horizontalHeader().sectionSize(name) == default  # not on show: left alone
    win.tabs.set_current_tab(Tab.PROGRESSING)
    fitted = progressing.horizontalHeader().sectionSize(name)
    assert fitted != default
    model = progressing.model()
    last = model.index(model.rowCount() - 1, name)
    assert progressing.visualRect(last).top() > progressing.viewport().height()  # the long name is off screen
    assert fitted < progressing.fontMetrics().horizontalAdvance(str(last.data()))


def test_an_empty_table_reading_a_page_says_so_instead_of_staying_blank(qtbot, queue, runner, add_orders) -> None:
    """The first search of a session also loads the SQL stack (issue 17): meanwhile the emptied table
    says "Searching…" (or "Loading…" without a search) where a blank body would look broken."""
    from PySide6.QtGui import QImage

    from portdesk.ui.queue.queue_tabs import QueueTabs

    add_orders(2)
    tabs = QueueTabs(queue, runner)
    qtbot.addWidget(tabs)
    tabs.resize(900, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    view, model = tabs.view(Tab.SUSPENDED), tabs.model(Tab.SUSPENDED)

    def body() -> QImage:
        view.viewport().repaint()
        return view.viewport().grab().toImage()

    model.set_search("no such order")  # the synchronous runner: the (empty) answer is in at once
    assert model.rowCount() == 0 and not model.is_loading()
    blank = body()
    model._loading = True  # as while a real runner's worker reads the page
    searching = body()
    assert searching != blank  # words drawn in the empty body
    model._loading = False
    assert body() == blank
