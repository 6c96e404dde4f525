"""Fill from the bill: click a word, drag or shift-click across words, press the field's Take button
(or drop the words on it): the field gets the bill's exact characters, field_filled fires, the check
runs again and the field turns green."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent

from portdesk.demo.bill_story import BillContents, build_bill_pdf

from .viewer_support import click, make_viewer, point_of, words_on


@pytest.fixture(scope="module")
def labels_pdf() -> bytes:
    return build_bill_pdf(BillContents(), "labels")


@pytest.fixture(scope="module")
def glyphs_pdf() -> bytes:
    # Every letter its own text object: the words still come out whole, in reading order.
    return build_bill_pdf(BillContents(), "glyphs")


def test_clicking_a_word_selects_it_and_enables_take(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    assert not viewer.fields.take_buttons["account.name"].isEnabled()
    [word] = words_on(viewer, 0, "Denver,")
    click(qtbot, viewer, point_of(viewer, 0, word))
    # "Denver, CO 80202": the comma separates the city from the state, it is not the city's.
    assert viewer.view.selection.text == "Denver"
    assert viewer.fields.take_buttons["account.name"].isEnabled()


def test_clicking_between_words_clears_the_selection(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    [word] = words_on(viewer, 0, "Denver,")
    click(qtbot, viewer, point_of(viewer, 0, word))
    origin = viewer.view.page_origin(0)
    click(qtbot, viewer, (origin + QPointF(10, 10)).toPoint())
    assert viewer.view.selection.text == ""
    assert not viewer.fields.take_buttons["account.name"].isEnabled()


def test_dragging_across_words_then_take_copies_the_bills_exact_characters(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    first, *_, last = words_on(viewer, 0, "ABC", "Company,", "Inc.")
    port = viewer.view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=point_of(viewer, 0, first))
    qtbot.mouseMove(port, point_of(viewer, 0, last))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=point_of(viewer, 0, last))
    assert viewer.view.selection.text == "ABC Company, Inc."
    assert viewer.fields.status_of("account.name") == "near"

    with qtbot.waitSignal(viewer.field_filled) as filled, qtbot.waitSignal(viewer.check_updated):
        qtbot.mouseClick(viewer.fields.take_buttons["account.name"], Qt.MouseButton.LeftButton)

    assert filled.args == ["account.name", "ABC Company, Inc."]
    assert viewer.fields.editors["account.name"].text() == "ABC Company, Inc."
    assert viewer.order.account.name == "ABC Company, Inc."
    assert viewer.fields.status_of("account.name") == "exact"


def test_shift_click_extends_the_selection_in_reading_order(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    first, _, last = words_on(viewer, 0, "1200", "Market", "Street")
    click(qtbot, viewer, point_of(viewer, 0, first))
    click(qtbot, viewer, point_of(viewer, 0, last), Qt.KeyboardModifier.ShiftModifier)
    assert viewer.view.selection.text == "1200 Market Street"


def test_take_fills_a_missing_field_and_turns_it_green(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    assert viewer.fields.status_of("account.authorized_user") == "missing"
    jane, doe = words_on(viewer, 0, "Jane", "Doe")
    click(qtbot, viewer, point_of(viewer, 0, jane))
    click(qtbot, viewer, point_of(viewer, 0, doe), Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(viewer.field_filled) as filled:
        viewer.fields.take_buttons["account.authorized_user"].click()
    assert filled.args == ["account.authorized_user", "Jane Doe"]
    assert viewer.fields.status_of("account.authorized_user") == "exact"


def test_words_drawn_letter_by_letter_are_taken_whole(qtbot, glyphs_pdf):
    viewer = make_viewer(qtbot, glyphs_pdf)
    [number] = words_on(viewer, 0, "8812-5520-01")
    click(qtbot, viewer, point_of(viewer, 0, number))
    viewer.fields.take_buttons["account.number"].click()
    assert viewer.order.account.number == "8812-5520-01"
    assert viewer.fields.status_of("account.number") == "exact"


def test_dropping_the_bills_words_on_a_field_fills_it(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    editor = viewer.fields.editors["account.service_address.city"]
    mime = QMimeData()
    mime.setText("Denver")
    editor.setText("Denvr")
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(viewer.field_filled) as filled:
        editor.dropEvent(drop)
    assert filled.args == ["account.service_address.city", "Denver"]
    assert editor.text() == "Denver" and viewer.fields.status_of("account.service_address.city") == "exact"


def test_typing_in_a_field_rechecks_it(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    editor = viewer.fields.editors["account.service_address.city"]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Denvr")
    with qtbot.waitSignal(viewer.check_updated):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert viewer.order.account.service_address.city == "Denvr"
    assert viewer.fields.status_of("account.service_address.city") == "near"
