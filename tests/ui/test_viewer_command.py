"""Order ▸ "Bill beside the order…" and "Attach bill…" in the real main window, on a real SQLite queue:
the latest bill opens beside the fields, fills and added numbers are saved with the order's version,
a concurrent edit is refused with a message and never overwritten, a bad file is never attached."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from portdesk.app.pdf_adapters import inspect_bytes
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.sheet_pdf import protect
from portdesk.services.queue import NewDocument, QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.numbers.numbers_command import NumbersCommand
from portdesk.ui.viewer.command import BillViewerCommand
from tests.sqlite_template import migrated_url

from .viewer_support import TODAY, bill_order, bill_service, words_on


@pytest.fixture(scope="module")
def bill_pdf() -> bytes:
    return build_bill_pdf(BillContents(), "labels")


@pytest.fixture
def queue(tmp_path: Path) -> QueueService:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    migrate(engine)
    return QueueService(SqlQueueStore(engine))


@pytest.fixture
def window(qtbot, queue: QueueService, tmp_path: Path):
    win = MainWindow(queue, SyncJobRunner(), tmp_path / "ui.ini", "test", "amy")
    qtbot.addWidget(win)
    numbers = NumbersCommand(queue, SyncJobRunner(), "amy", {}, parent=win)
    numbers.install(win)  # makes the Order menu first, as app.py does
    command = BillViewerCommand(queue, bill_service(), SyncJobRunner(), "amy", parent=win,
                                inspect_document=inspect_bytes, today=lambda: TODAY)
    command.install(win)
    win.viewer_command = command  # type: ignore[attr-defined]
    win.messages = []  # type: ignore[attr-defined]
    win.show_message = lambda icon, title, text: win.messages.append((title, text))  # type: ignore[method-assign]
    win.show()
    return win


def _order_with_bill(queue: QueueService, data: bytes, window) -> int:
    [order_id] = queue.create_orders([bill_order()], "amy")
    version = queue.detail(order_id).version
    queue.attach_document(order_id, NewDocument("bill", "old.pdf", b"%PDF-1.4 old"), version, "amy")
    version = queue.detail(order_id).version
    queue.attach_document(order_id, NewDocument("bill", "lumen-nov.pdf", data), version, "amy")
    window.detail.show_order(order_id)
    window.tabs.order_selected.emit(order_id)
    return order_id


def test_both_actions_sit_in_the_one_order_menu_and_follow_the_selection(window, queue):
    command: BillViewerCommand = window.viewer_command
    order_menus = [a for a in window.menuBar().actions() if a.text() == "&Order"]
    assert len(order_menus) == 1
    texts = [a.text() for a in order_menus[0].menu().actions()]
    assert "&Numbers…" in texts and "&Bill beside the order…" in texts and "&Attach bill…" in texts
    assert command.open_action.shortcut() == QKeySequence("Ctrl+B")
    assert not command.open_action.isEnabled()
    [order_id] = queue.create_orders([bill_order()], "amy")
    window.tabs.order_selected.emit(order_id)
    assert command.open_action.isEnabled() and command.attach_action.isEnabled()
    window.tabs.order_selected.emit(None)
    assert not command.open_action.isEnabled()


def test_ctrl_b_opens_the_latest_bill_beside_the_order(qtbot, window, queue, bill_pdf):
    _order_with_bill(queue, bill_pdf, window)
    command: BillViewerCommand = window.viewer_command
    command.open_action.trigger()
    viewer = command.viewer
    assert viewer is not None and viewer.isVisible() and viewer.isWindow()
    assert viewer.error is None  # the latest bill, not the broken older one
    assert viewer.fields.status_of("account.name") == "near"


def test_a_field_taken_from_the_bill_is_saved_to_the_order_with_its_version(qtbot, window, queue, bill_pdf):
    order_id = _order_with_bill(queue, bill_pdf, window)
    before = queue.detail(order_id).version
    command: BillViewerCommand = window.viewer_command
    command.open_action.trigger()
    viewer = command.viewer
    first, *_, last = words_on(viewer, 0, "ABC", "Company,", "Inc.")
    viewer.view.selection.select(0, viewer.view.words_of(0), first)
    viewer.view.selection.extend_to(0, last)
    viewer.fields.set_selection_available(True)
    with qtbot.waitSignal(command.order_updated):
        viewer.fields.take_buttons["account.name"].click()
    detail = queue.detail(order_id)
    assert detail.order.account.name == "ABC Company, Inc." and detail.version == before + 1
    assert window.detail.detail.order.account.name == "ABC Company, Inc."  # the pane was reloaded

    with qtbot.waitSignal(command.order_updated):  # a second save uses the version the first returned
        viewer.numbers.add_buttons["+13035550101"].click()
    detail = queue.detail(order_id)
    assert detail.order.numbers == ["+13035550100", "+13035550199", "+13035550101"]
    assert detail.order.account.name == "ABC Company, Inc." and detail.version == before + 2
    assert window.messages == []


def test_a_concurrent_edit_is_refused_with_a_message_and_never_overwritten(qtbot, window, queue, bill_pdf):
    order_id = _order_with_bill(queue, bill_pdf, window)
    command: BillViewerCommand = window.viewer_command
    command.open_action.trigger()
    viewer = command.viewer
    theirs = queue.detail(order_id)
    theirs.order.account.authorized_user = "Jane Doe"
    queue.update_order(order_id, theirs.order, theirs.version, "bob")  # bob saves while the bill is open

    viewer.fields.editors["account.service_address.city"].setText("Denver")
    viewer._apply_field("account.name", "ABC Company, Inc.")

    after = queue.detail(order_id)
    assert after.order.account.name == "ABC Company Inc." and after.order.account.authorized_user == "Jane Doe"
    [(title, text)] = window.messages
    assert "not saved" in title and "someone else changed this order" in text
    assert viewer.warning.isVisible() and "someone else" in viewer.warning.text()
    viewer.numbers.add_buttons["+13035550101"].click()  # later changes are refused too
    assert queue.detail(order_id).order.numbers == after.order.numbers


def test_ctrl_b_on_an_order_without_a_bill_says_how_to_attach_one(window, queue):
    [order_id] = queue.create_orders([bill_order()], "amy")
    window.detail.show_order(order_id)
    command: BillViewerCommand = window.viewer_command
    command.open_action.setEnabled(True)
    command.open_action.trigger()
    assert command.viewer is None and "Attach bill" in window.statusBar().currentMessage()


def test_attach_bill_stores_the_file_names_it_in_the_order_and_opens_the_viewer(window, queue, bill_pdf,
                                                                               tmp_path):
    path = tmp_path / "Lumen bill.pdf"
    path.write_bytes(bill_pdf)
    [order_id] = queue.create_orders([bill_order()], "amy")
    window.detail.show_order(order_id)
    window.tabs.order_selected.emit(order_id)
    command: BillViewerCommand = window.viewer_command
    command.ask_bill_path = lambda: path
    command.attach_action.trigger()
    detail = queue.detail(order_id)
    [document] = detail.documents
    assert document.kind == "bill" and queue.document(document.id).data == bill_pdf
    assert detail.order.documents["bill"].path == "Lumen bill.pdf"
    assert detail.order.documents["bill"].date == "2026-11-03"  # the statement date, read from the bill
    assert command.viewer is not None and command.viewer.error is None
    assert command.session is not None and command.session.version == detail.version
    assert path.read_bytes() == bill_pdf


@pytest.mark.parametrize(("content", "words"), [
    (b"", "empty"),
    (b"Account Name: ABC Company\n" * 20, "not a PDF"),
])
def test_a_file_that_is_no_bill_is_refused_and_nothing_is_stored(window, queue, tmp_path, content, words):
    path = tmp_path / "bill.pdf"
    path.write_bytes(content)
    [order_id] = queue.create_orders([bill_order()], "amy")
    window.detail.show_order(order_id)
    command: BillViewerCommand = window.viewer_command
    command.ask_bill_path = lambda: path
    command.attach_action.setEnabled(True)
    command.attach_action.trigger()
    assert queue.detail(order_id).documents == [] and command.viewer is None
    [(title, text)] = window.messages
    assert title == "This file cannot be the bill" and words in text


def test_a_protected_bill_is_attached_and_opens_once_its_password_is_given(qtbot, window, queue, bill_pdf, tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(protect(bill_pdf, "s3cret"))
    [order_id] = queue.create_orders([bill_order()], "amy")
    window.detail.show_order(order_id)
    command: BillViewerCommand = window.viewer_command
    command.ask_password = lambda _message: "s3cret"
    command.ask_bill_path = lambda: path
    command.attach_action.setEnabled(True)
    command.attach_action.trigger()
    assert len(queue.detail(order_id).documents) == 1
    viewer = command.viewer
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.view, timeout=3000)
    assert viewer.fields.status_of("account.number") == "exact"
