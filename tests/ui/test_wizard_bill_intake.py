"""Starting a port from the bill: a bill PDF dropped on the main window (or picked with File ▸ New port from
bill…) opens the wizard with the bill attached and dated, the account step filled from the bill with every
proposed field marked, the request name suggested and the numbers step offering the bill's numbers — with
no key typed. Nothing is confirmed for the coordinator: the bill date stays unticked."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.services.queue import QueueService
from portdesk.ui.jobs import JobRunner, SyncJobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.wizard.account_page import AccountPage
from portdesk.ui.wizard.bill_marks import mark_of
from portdesk.ui.wizard.command import WizardCommand
from tests.ui.wizard_drive import POPUP_NOTES, keep, open_new_port, type_into
from tests.ui.wizard_support import make_adapters

NUMBERS = [f"(720) 555-01{i:02d}" for i in range(20)]
BILL = BillContents(carrier="Lumen", account_name="Foothills Family Dentistry", account_number="4417-2290-08",
                    btn="(720) 555-0100", authorized_user="Dr. Anita Shah", line1="8200 W Colfax Ave",
                    line2="Suite 110", city="Lakewood", state="CO", postal_code="80214", numbers=NUMBERS)


class KeyCounter(QObject):
    """Counts every key press any widget receives, application-wide (the test's own clicks are counted by
    `_click`: a press travels up the parents, so a filter would count it once per parent)."""

    def __init__(self) -> None:
        super().__init__()
        self.keys = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            self.keys += 1
        return False


def _window(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, WizardCommand]:
    db_url = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    adapters = make_adapters(db_url, settings_path=tmp_path / "window.ini")
    window = MainWindow(QueueService(adapters.drafts.store), SyncJobRunner(), tmp_path / "window.ini", db_url, "amy")
    qtbot.addWidget(window)
    command = WizardCommand(adapters, window)
    command.install(window)
    window.show()
    window.start()
    return window, command


def _drop(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


CLICKS: list[object] = []


def _click(qtbot: QtBot, widget: object) -> None:
    CLICKS.append(widget)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _account_texts(page: AccountPage) -> dict[str, str]:
    a = page.address
    return {"carrier": page.carrier.text(), "name": page.account_name.text(), "number": page.account_number.text(),
            "btn": page.btn.text(), "authorised": page.authorized.text(), "house": a.number.text(),
            "pre": a.pre_dir.currentText(), "street": a.street.text(), "type": a.street_type.currentText(),
            "post": a.post_dir.currentText(), "unit": a.unit.text(), "city": a.city.text(), "state": a.state.text(),
            "zip": a.zip.text()}


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_bill_dropped_on_the_window_reaches_the_numbers_step_filled_with_no_key_typed(
        qtbot: QtBot, tmp_path: Path) -> None:
    bill = tmp_path / "foothills-lumen-2026-11.pdf"
    bill.write_bytes(build_bill_pdf(BILL, "labels"))
    window, command = _window(qtbot, tmp_path)
    counter = KeyCounter()
    CLICKS.clear()
    QApplication.instance().installEventFilter(counter)
    try:
        started = time.perf_counter()
        _drop(window, bill)
        [wizard] = command.wizards.values()
        keep(qtbot, wizard)
        filled_ms = (time.perf_counter() - started) * 1000
        print(f"\ndrop → account filled: {filled_ms:.0f} ms (intake flow: {wizard.intake.elapsed_ms:.0f} ms)")

        # Step 2: the bill attached, its statement date set — but not confirmed for the coordinator.
        assert wizard.step == 1
        order = wizard.ctx.order
        assert order.documents["bill"].path == bill.name
        page2 = wizard.bill_page
        assert page2.date_edit.date().toString("yyyy-MM-dd") == "2026-11-03"
        assert not page2.confirm_box.isChecked() and order.documents["bill"].date is None
        assert not wizard.ctx.state.get("bill_date_confirmed")
        assert "Read 13 account fields" in page2.intake_label.text()
        assert "20 numbers" in page2.intake_label.text()
        _click(qtbot, page2.confirm_box)  # the coordinator confirms the date: the one thing intake cannot

        _click(qtbot, wizard.next_button)
        page = wizard.page(2)
        assert isinstance(page, AccountPage) and wizard.step == 2
        assert _account_texts(page) == {
            "carrier": "Lumen", "name": "Foothills Family Dentistry", "number": "4417-2290-08",
            "btn": "(720) 555-0100", "authorised": "Dr. Anita Shah", "house": "8200", "pre": "W",
            "street": "Colfax", "type": "Ave", "post": "", "unit": "Suite 110", "city": "Lakewood", "state": "CO",
            "zip": "80214"}
        marked = {key: mark_of(widget) for key, widget in page.field_widgets().items()}
        assert marked == {**dict.fromkeys(marked, "high"), "address.post_direction": None}
        assert "From the bill (page 1)" in page.account_name.toolTip()
        assert page.from_bill_note.isVisible() and "13 fields read from the bill" in page.from_bill_note.text()
        assert wizard.page(0).name_edit.text() == "Foothills Family Dentistry - Lakewood"  # type: ignore[attr-defined]
        address = order.account.service_address
        assert (address.line1, address.line2) == ("8200 W Colfax Ave", "Suite 110")
        page._on_check_timeout()  # the bill check the step runs a moment after it opens
        check = wizard.ctx.bill_check
        assert check is not None
        assert {f: check.status_of(f) for f in ("account.name", "account.number", "account.btn",
                                                "account.service_address.line1")} == dict.fromkeys(
            ("account.name", "account.number", "account.btn", "account.service_address.line1"), "exact")

        _click(qtbot, wizard.next_button)
        numbers = wizard.numbers_page
        assert wizard.step == 3
        assert numbers.bill_box.isVisible() and "The bill lists 20 numbers" in numbers.bill_hint.text()
        _click(qtbot, numbers.bill_add_button)
        assert order.numbers == [f"+1720555{n[-4:]}" for n in NUMBERS]
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert counter.keys == 0
    # The drop, the date ticked, Next, Next, the bill's numbers added: 5 input events.
    print(f"input events from the drop to the numbers added: 1 drop + {len(CLICKS)} clicks + {counter.keys} keys")
    assert len(CLICKS) == 4
    assert wizard.autosave.flush()
    saved = wizard.ctx.adapters.drafts.open(wizard.ctx.draft.order_id).order  # type: ignore[union-attr]
    assert saved.account.service_address.extra["street_number"] == "8200" and len(saved.numbers) == 20
    wizard.close()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_new_port_from_bill_in_the_file_menu_opens_the_wizard_on_that_bill(qtbot: QtBot, tmp_path: Path) -> None:
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(build_bill_pdf(BILL, "glyphs"))
    _, command = _window(qtbot, tmp_path)
    assert command.from_bill_action.shortcut().toString() == "Ctrl+Shift+B"
    command.ask_bill_path = lambda: bill  # type: ignore[method-assign]
    command.from_bill_action.trigger()
    [wizard] = command.wizards.values()
    keep(qtbot, wizard)
    assert wizard.ctx.order.account.number == "4417-2290-08" and wizard.ctx.order.losing_carrier == "Lumen"
    wizard.close()


def test_a_pdf_is_not_taken_by_a_window_without_the_wizard(qtbot: QtBot, queue, tmp_path: Path) -> None:
    window = MainWindow(queue, SyncJobRunner(), tmp_path / "w.ini", "db", "amy")
    qtbot.addWidget(window)
    got: list[list[Path]] = []
    window.bills_dropped.connect(got.append)
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(b"%PDF-1.4")
    _drop(window, bill)
    assert got == []


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_field_read_from_a_mailing_block_is_marked_unsure_and_an_edit_removes_its_mark(
        qtbot: QtBot, tmp_path: Path) -> None:
    # No "Service location" printed: the address comes from the mailing window, which may not be it.
    bill = tmp_path / "window.pdf"
    bill.write_bytes(build_bill_pdf(BillContents(service_block=False), "window"))
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'w.sqlite3'}"))
    wizard.start_from_bill(bill)
    wizard.go_to(2)
    page = wizard.page(2)
    assert isinstance(page, AccountPage)
    assert mark_of(page.address.city) == "low" and "not sure" in page.address.city.toolTip()
    assert mark_of(page.account_number) == "high"
    assert "not sure of (marked ?)" in page.from_bill_note.text()
    type_into(page.account_number, "9")  # the coordinator corrects it: it is theirs now
    assert mark_of(page.account_number) is None
    assert "account.number" not in wizard.ctx.state["from_bill"]
    wizard.close()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_intake_never_overwrites_what_the_coordinator_typed(qtbot: QtBot, tmp_path: Path) -> None:
    bill = tmp_path / "bill.pdf"
    bill.write_bytes(build_bill_pdf(BILL, "labels"))
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'w.sqlite3'}"))
    type_into(wizard.page(0).name_edit, "Foothills Dental (Amy)")  # type: ignore[attr-defined]
    wizard.go_to(2)
    type_into(wizard.page(2).account_name, "Foothills Family Dentistry LLC")  # type: ignore[attr-defined]
    wizard.start_from_bill(bill)
    order = wizard.ctx.order
    assert order.name == "Foothills Dental (Amy)"
    assert order.account.name == "Foothills Family Dentistry LLC"
    assert order.account.number == "4417-2290-08"  # the empty ones are filled
    assert "account.name" not in wizard.ctx.state["from_bill"]
    wizard.close()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_step_two_lists_the_pdfs_of_the_last_folder_and_a_pick_attaches_and_offers_the_account(
        qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "bills"
    folder.mkdir()
    for age, name in enumerate(("newest.pdf", "older.PDF", "oldest.pdf")):
        path = folder / name
        path.write_bytes(build_bill_pdf(BILL, "labels"))
        stamp = time.time() - 3600 * (age + 1)
        os.utime(path, (stamp, stamp))
    (folder / "notes.txt").write_text("not a bill")
    settings = tmp_path / "window.ini"
    adapters = make_adapters(f"sqlite:///{tmp_path / 'f.sqlite3'}", settings_path=settings)

    first = open_new_port(qtbot, adapters)
    first.go_to(1)
    assert not first.bill_page.folder_list.isVisible()  # no folder used yet: nothing to list
    first.bill_page.attach_file(folder / "oldest.pdf")  # attached from that folder once
    first.close()

    wizard = open_new_port(qtbot, adapters)  # the next port lists that folder
    wizard.go_to(1)
    page = wizard.bill_page
    listed = page.folder_list.list
    assert page.folder_list.isVisible()
    assert [listed.item(i).text() for i in range(listed.count())] == ["newest.pdf", "older.PDF", "oldest.pdf"]
    listed.setFocus()
    qtbot.keyClick(listed, Qt.Key.Key_Return)  # the newest is current: Enter picks it
    order = wizard.ctx.order
    assert order.documents["bill"].path == "newest.pdf"
    assert wizard.step == 1  # Enter picked the bill; it did not also press Next
    assert order.account.name is None  # picked by hand: offered, not filled behind the coordinator's back
    assert page.fill_button.isVisible()
    _click(qtbot, page.fill_button)
    assert order.account.name == "Foothills Family Dentistry" and not page.fill_button.isVisible()
    assert order.documents["bill"].date is None  # still the coordinator's to confirm
    wizard.close()



def test_every_shortcut_of_the_main_window_is_its_own(qtbot: QtBot, seeded_demo: Path) -> None:
    # Two actions on one shortcut: Qt says "ambiguous" and runs neither (New port from bill met Numbers…).
    from portdesk.app.gui import build_window

    built = build_window(demo=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: hasattr(win, "wizard_command"), timeout=10_000)
    seen: dict[str, str] = {}
    for action in win.findChildren(QAction) + [a for c in win.children() for a in c.findChildren(QAction)]:
        for key in action.shortcuts():
            text = key.toString()
            assert seen.setdefault(text, action.text()) == action.text(), f"{text}: {seen[text]} and {action.text()}"
    assert seen["Ctrl+Shift+B"] == "New port from &bill…"
    runner.wait()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_intake_reads_on_the_pdf_thread_and_the_wizard_says_it_is_reading(qtbot: QtBot, tmp_path: Path) -> None:
    import threading

    from portdesk.documents.bill_intake import intake_bill

    bill = tmp_path / "bill.pdf"
    bill.write_bytes(build_bill_pdf(BILL, "labels"))
    adapters = make_adapters(f"sqlite:///{tmp_path / 't.sqlite3'}", pdf=JobRunner())
    threads: list[threading.Thread] = []

    def read(data: bytes):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return intake_bill(data)

    adapters.read_intake = read
    wizard = open_new_port(qtbot, adapters)
    label = wizard.bill_page.intake_label
    shown: list[str] = []
    label.setText = lambda text: (shown.append(text), QLabel.setText(label, text))  # type: ignore[method-assign]
    wizard.start_from_bill(bill)
    assert wizard.ctx.order.account.name is None  # nothing read on the GUI thread meanwhile
    qtbot.waitUntil(lambda: wizard.ctx.order.account.name is not None, timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    assert shown[0] == "Reading the account off the bill…" and shown[-1].startswith("Read 13 account fields")
    assert wizard.ctx.order.account.name == "Foothills Family Dentistry"
    wizard.close()
    adapters.jobs.wait()
