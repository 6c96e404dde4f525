"""Find on the bill (Ctrl+F, next/previous), zoom (fit width, fit page, ±, Ctrl+wheel), thumbnails,
and the numbers panel (order numbers not on the bill; bill numbers added to the order in one click)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.ui.viewer.page_layout import GAP
from portdesk.ui.viewer.page_view import ZOOM_STEP

from .viewer_support import centre, make_viewer, viewport_point


@pytest.fixture(scope="module")
def multipage_pdf() -> bytes:
    # Summary on page 1, the numbers on page 2, call detail on pages 3-6.
    return build_bill_pdf(BillContents(extra_pages=4), "multipage")


def _search(qtbot, viewer, text: str) -> None:
    qtbot.keyClick(viewer.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.find_bar.isVisible() and viewer.find_bar.edit.hasFocus()
    qtbot.keyClicks(viewer.find_bar.edit, text)
    qtbot.waitUntil(lambda: viewer.find_bar.count_label.text() not in ("", "Searching…"), timeout=2000)


def test_ctrl_f_finds_every_hit_and_enter_walks_them_across_pages(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    _search(qtbot, viewer, "555-0101")
    pages = sorted({h.page for h in viewer.hits})
    assert len(viewer.hits) >= 2 and len(pages) >= 2  # page 2's list and the call detail
    assert viewer.current_hit == 0
    assert viewer.find_bar.count_label.text() == f"1 of {len(viewer.hits)}"

    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
    assert viewer.current_hit == 1
    assert viewer.find_bar.count_label.text() == f"2 of {len(viewer.hits)}"
    hit = viewer.hits[1]
    place = viewport_point(viewer, hit.page, *centre(hit.rect)).toPoint()
    assert viewer.view.viewport().rect().contains(place)  # scrolled to the hit

    viewer.find_bar.previous_button.click()
    assert viewer.current_hit == 0
    viewer.find_bar.previous_button.click()  # wraps round to the last
    assert viewer.current_hit == len(viewer.hits) - 1


def test_find_with_no_match_says_so_and_escape_closes_the_bar(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    _search(qtbot, viewer, "Verizon")
    assert viewer.find_bar.count_label.text() == "No matches" and viewer.hits == []
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible()


def test_fit_width_and_fit_page_fit_the_viewport(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    view = viewer.view
    view.fit_page()
    _width, height = view.layout_.page_size_px(0)
    assert height <= view.viewport().height() - 2 * GAP + 1
    assert view.fit_mode == "page"
    view.fit_width()
    width, _height = view.layout_.page_size_px(0)
    assert abs(width - (view.viewport().width() - 2 * GAP)) <= 2
    assert view.horizontalScrollBar().maximum() == 0  # no sideways scrolling at fit width


def test_zoom_buttons_and_keys_step_the_zoom_and_update_the_label(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    start = viewer.view.zoom
    viewer.zoom_in_action.trigger()
    assert viewer.view.zoom == pytest.approx(start * ZOOM_STEP)
    assert viewer.zoom_label.text() == f"{round(start * ZOOM_STEP * 75)} %"
    assert viewer.view.fit_mode is None  # the coordinator's zoom sticks through resizes
    viewer.zoom_out_action.trigger()
    viewer.zoom_out_action.trigger()
    assert viewer.view.zoom == pytest.approx(start / ZOOM_STEP)
    qtbot.keyClick(viewer.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoom == pytest.approx(start)


def test_ctrl_wheel_zooms_around_the_mouse_and_a_plain_wheel_scrolls(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    view = viewer.view
    start = view.zoom
    anchor = QPointF(200, 150)
    page_point = view.pdf_point(anchor)

    def wheel(delta: int, modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(anchor, view.viewport().mapToGlobal(anchor), QPoint(0, 0), QPoint(0, delta),
                            Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)

    wheel(120, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(start * ZOOM_STEP)
    after = view.pdf_point(anchor)
    assert after is not None and page_point is not None
    assert after[0] == page_point[0] and abs(after[1] - page_point[1]) < 2 and abs(after[2] - page_point[2]) < 2
    top = view.verticalScrollBar().value()
    wheel(-120, Qt.KeyboardModifier.NoModifier)
    assert view.zoom == pytest.approx(start * ZOOM_STEP) and view.verticalScrollBar().value() > top


def test_thumbnail_click_goes_to_its_page(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    assert viewer.thumbnails.rowCount() == 6
    qtbot.waitUntil(lambda: viewer.thumbnails.has_thumbnail(0))
    rect = viewer.thumb_list.visualRect(viewer.thumbnails.index(3))
    qtbot.mouseClick(viewer.thumb_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert 3 in viewer.view.visible_pages()
    assert viewer.page_label.text() == "Page 4 of 6"


def test_numbers_panel_lists_both_differences_and_adds_a_bill_number_in_one_click(qtbot, multipage_pdf):
    viewer = make_viewer(qtbot, multipage_pdf)
    assert viewer.check.on_order_not_on_bill == ["+13035550199"]
    assert set(viewer.check.on_bill_not_on_order) == {"+13035550101", "+13035550102"}
    assert viewer.numbers.order_only_labels() == ["⚠ (303) 555-0199"]
    button = viewer.numbers.add_buttons["+13035550101"]
    with qtbot.waitSignal(viewer.numbers_added) as added, qtbot.waitSignal(viewer.check_updated):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert added.args == [["+13035550101"]]
    assert "+13035550101" in viewer.order.numbers
    assert viewer.check.on_bill_not_on_order == ["+13035550102"]  # checked again: one left
    with qtbot.waitSignal(viewer.numbers_added) as added:
        viewer.numbers.add_buttons["+13035550102"].click()
    assert added.args == [["+13035550102"]] and viewer.check.on_bill_not_on_order == []
