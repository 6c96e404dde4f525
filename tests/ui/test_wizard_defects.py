"""Defects of the wizard that made it save wrong data or lose input (issue 15), each proven here."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.wizard_drive import POPUP_NOTES, open_new_port
from tests.ui.wizard_support import make_adapters


def _wizard(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'd.sqlite3'}"))


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_date_the_calendar_shows_as_picked_is_saved_without_a_click(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.go_to(5)
    schedule = wizard.page(5)
    shown = schedule.calendar.selectedDate().toPython()  # type: ignore[attr-defined]
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # through the step without a day clicked
    assert wizard.step == 6
    assert wizard.ctx.order.requested_date == shown.isoformat()
    assert f"<td style=\"padding:3px 12px 3px 0\">{shown.isoformat()}" in wizard.review_page.summary.text()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_an_order_that_skipped_the_date_step_gets_a_finding_for_the_missing_date(
        qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.go_to(6)  # Ctrl+7, or a finding's link, straight past the date step
    assert wizard.step == 6 and wizard.ctx.order.requested_date is None
    listed = [wizard.review_page.findings.item(i).text() for i in range(wizard.review_page.findings.count())]
    assert any("No requested port date" in text and "step 6" in text for text in listed)


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_enter_in_the_date_step_is_next_with_the_shown_date(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    wizard.go_to(5)
    focused = wizard.focusWidget()
    assert focused is not None and wizard.page(5).isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert wizard.step == 6 and wizard.ctx.order.requested_date is not None


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_no_submission_package_is_written_for_an_order_with_errors_and_the_wizard_says_why(
        qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.go_to(6)
    review = wizard.review_page
    asked: list[str] = []
    review.ask_path = lambda *args: (asked.append(args[1]), tmp_path / "package.zip")[1]  # type: ignore[method-assign]
    errors = [f for f in wizard.ctx.findings() if f.is_error]
    assert errors
    qtbot.mouseClick(review.package_button, Qt.MouseButton.LeftButton)
    assert asked == [] and not (tmp_path / "package.zip").exists()
    said = review.result.text()
    assert "No package" in said and f"{len(errors)} error" in said and errors[0].code in said


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_after_alt_n_into_the_account_step_typing_lands_in_its_first_field(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    wizard.go_to(1)
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.step == 2)
    page = wizard.page(2)
    focused = QApplication.focusWidget()
    assert focused is page.carrier  # type: ignore[attr-defined]
    qtbot.keyClicks(focused, "Lumen")
    assert wizard.ctx.order.losing_carrier == "Lumen"


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_every_step_puts_the_keyboard_in_a_visible_field_of_its_own(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    for step in range(7):
        wizard.go_to(step)
        focused = QApplication.focusWidget()
        assert focused is not None and focused.isVisible(), step
        assert wizard.page(step).isAncestorOf(focused), (step, focused)


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_field_with_the_keyboard_has_a_two_pixel_ring_in_the_highlight_colour(
        qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    edit = wizard.page(0).name_edit  # type: ignore[attr-defined]
    other = wizard.page(0).profile_combo  # type: ignore[attr-defined]
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    highlight = edit.palette().highlight().color().rgb()
    focused = edit.grab().toImage()
    middle = focused.height() // 2
    assert focused.pixel(0, middle) == highlight and focused.pixel(1, middle) == highlight
    other.setFocus()
    qtbot.waitUntil(lambda: not edit.hasFocus())
    assert edit.grab().toImage().pixel(1, middle) != highlight  # the ring goes with the focus


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_split_button_counts_the_orders_the_split_makes(qtbot: QtBot, tmp_path: Path) -> None:
    # 8x8: 50 numbers a request and one area code + prefix each: 55 + 5 numbers make 3 orders, not 2.
    wizard = _wizard(qtbot, tmp_path)
    combo = wizard.page(0).profile_combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData("8x8"))
    wizard.ctx.order.numbers = [f"+1303555{i:04d}" for i in range(100, 155)] + [
        f"+1720555{i:04d}" for i in range(100, 105)]
    wizard.go_to(3)
    page = wizard.numbers_page
    asked: list[str] = []
    page.confirm = lambda _parent, _title, text: (asked.append(text), False)[1]  # type: ignore[method-assign]
    assert "3 orders" in page.split_button.text()
    page.split_button.click()
    assert asked and "into 3 orders" in asked[0]


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_at_1366_by_768_the_wizard_opens_with_back_and_next_on_the_screen(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QRect, QSize

    from portdesk.ui.widgets.screen_fit import FRAME_ALLOWANCE, fitted

    room = QRect(0, 0, 1366, 768)  # a laptop screen with no panel
    client = fitted(QSize(1280, 820), room)  # what the wizard asks for, fitted to the laptop
    width, height = client.width(), client.height()
    assert width <= room.width() and height + FRAME_ALLOWANCE.height() <= room.height()
    wizard = _wizard(qtbot, tmp_path)
    for step in range(7):  # every step lays out in that room: nothing pushes the buttons off
        wizard.go_to(step)
        hint = wizard.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (step, hint)
