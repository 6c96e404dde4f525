"""The account step as typed into: "is empty" only once a field was left (or on Next), fields that stay put
while the checks run, and a form that never grows wider than its pane (messages wrap, nothing is cut)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from portdesk.ui.wizard.account_page import CHECK_DELAY_MS, AccountPage
from portdesk.ui.wizard.window import PortWizard
from tests.ui.wizard_drive import POPUP_NOTES, fill_name_and_bill, open_new_port, type_into
from tests.ui.wizard_support import make_adapters


def _account(qtbot: QtBot, tmp_path: Path, size: tuple[int, int] = (1280, 820)) -> tuple[PortWizard, AccountPage]:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'a.sqlite3'}"), size)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    wizard.go_to(2)
    page = wizard.page(2)
    assert isinstance(page, AccountPage)
    return wizard, page


def _shown_notes(page: AccountPage) -> str:
    return " ".join(label.text() for label in page.notes.values() if label.isVisible())


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_is_empty_is_shown_only_after_a_field_is_left_or_on_next(qtbot: QtBot, tmp_path: Path) -> None:
    wizard, page = _account(qtbot, tmp_path)
    assert "is empty" not in _shown_notes(page)  # nothing typed yet: nothing to complain about
    page.carrier.setFocus()
    qtbot.keyClicks(page.carrier, "L")  # completed inline to "Lumen"
    qtbot.keyClick(page.carrier, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.carrier, Qt.Key.Key_Delete)
    assert page.carrier.text() == ""
    qtbot.wait(CHECK_DELAY_MS + 100)
    assert "is empty" not in _shown_notes(page)  # still in the field
    qtbot.keyClick(page.carrier, Qt.Key.Key_Tab)  # left it empty
    assert "losing carrier is empty" in _shown_notes(page)
    assert "account name is empty" not in _shown_notes(page)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    wizard.go_to(2)  # back after Next: every empty field is named now
    assert "account name is empty" in _shown_notes(page)


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_fields_stay_put_while_the_checks_run_as_you_type(qtbot: QtBot, tmp_path: Path) -> None:
    _wizard, page = _account(qtbot, tmp_path)
    fields = [page.carrier, page.account_name, page.account_number, page.btn, page.authorized, page.address.city]
    page.btn.setFocus()  # (leaving the first field may show its note: that is a moment the coordinator chose)
    before = [f.mapTo(page, f.rect().topLeft()).y() for f in fields]
    qtbot.keyClicks(page.btn, "12")  # not a number: the check has something to say
    qtbot.wait(CHECK_DELAY_MS + 100)
    assert [f.mapTo(page, f.rect().topLeft()).y() for f in fields] == before


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_form_is_never_wider_than_its_pane_and_messages_wrap(qtbot: QtBot, tmp_path: Path) -> None:
    wizard, page = _account(qtbot, tmp_path, (1366, 740))
    fill_name_and_bill(wizard, tmp_path)
    wizard.go_to(2)
    type_into(page.account_name, "Foothills Family Dentistry and Orthodontics of Greater Lakewood, P.C.")
    page.truncate_button.click()
    type_into(page.btn, "12")
    page.btn.setFocus()
    page.authorized.setFocus()  # the BTN left: its message shows
    wizard.go_to(3)
    wizard.go_to(2)
    qtbot.wait(CHECK_DELAY_MS + 100)
    [scroll] = [s for s in page.findChildren(QScrollArea) if s.accessibleName() == "Account fields"]
    pane = scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.widget().width() <= pane
    shown = [w for w in scroll.widget().findChildren(QLabel) if w.isVisible() and w.text()]
    assert any("characters" in w.text() for w in shown)
    for widget in shown + [w for w in (page.truncate_button, page.account_name) if w.isVisible()]:
        right = widget.mapTo(scroll.widget(), widget.rect().topRight()).x()
        assert right <= pane, (widget.text()[:40] if hasattr(widget, "text") else widget, right, pane)
