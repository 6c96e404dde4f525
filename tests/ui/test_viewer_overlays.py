"""The bill beside the order: green, amber and red overlays in PDF coordinates on the right page,
field tooltips with the differences, and a click on a field that scrolls to its place and flashes it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.ui.viewer.overlays import STATUS_COLORS
from portdesk.ui.viewer.page_view import FLASH_MS

from .viewer_support import bill_order, centre, edge_colors, make_viewer, viewport_point

GREEN, AMBER, RED = (STATUS_COLORS[s].name() for s in ("exact", "near", "missing"))


@pytest.fixture(scope="module")
def labels_pdf() -> bytes:
    return build_bill_pdf(BillContents(), "labels")


@pytest.fixture(scope="module")
def window_pdf_two_pages() -> bytes:
    # The mailing-window layout with call detail after it: fields on page 1 of 3, written bottom-up.
    return build_bill_pdf(BillContents(extra_pages=2), "reversed")


def test_check_statuses_reach_the_fields_panel_with_icons(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    panel = viewer.fields
    assert panel.status_of("account.number") == "exact"
    assert panel.status_of("account.name") == "near"
    assert panel.status_of("account.authorized_user") == "missing"
    assert "1 near, 1 missing" in viewer.summary.text() and "11/03/2026" in viewer.summary.text()


def test_exact_field_is_painted_green_over_its_words_on_the_page(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    check = next(f for f in viewer.check.fields if f.field == "account.number")
    assert check.found == "8812-5520-01" and check.page == 1
    assert GREEN in edge_colors(viewer, 0, check.rects[0])


def test_near_field_is_painted_amber_and_missing_field_gets_a_red_outline_at_its_best_candidate(
        qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    near = next(f for f in viewer.check.fields if f.field == "account.name")
    missing = next(f for f in viewer.check.fields if f.field == "account.authorized_user")
    assert AMBER in edge_colors(viewer, 0, near.rects[0])
    # John Smith is not on the bill; the bill's authorised contact (Jane Doe) is what to compare.
    assert missing.status == "missing" and missing.found == "Jane Doe"
    assert RED in edge_colors(viewer, 0, missing.rects[0])


def test_overlays_follow_the_page_through_zoom(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    check = next(f for f in viewer.check.fields if f.field == "account.service_address.line1")
    viewer.view.set_zoom(viewer.view.zoom * 1.6)
    viewer.view.reveal(0, check.rects, flash=False)
    assert GREEN in edge_colors(viewer, 0, check.rects[0])


def test_overlays_land_on_the_page_the_field_is_printed_on(qtbot, window_pdf_two_pages):
    viewer = make_viewer(qtbot, window_pdf_two_pages)
    assert viewer.view.page_count == 3
    marks = {m.field: m for m in viewer.view.marks}
    checks = {f.field: f for f in viewer.check.fields}
    for name, mark in marks.items():
        assert mark.page == checks[name].page - 1
    city = checks["account.service_address.city"]
    assert city.status == "exact"
    # Move page 2 to the top: page 1's overlays are not drawn onto page 2's image.
    viewer.view.scroll_to_page(1)
    top_of_page_2 = viewer.view.page_origin(1).y()
    assert top_of_page_2 < 20
    viewer.view.reveal(city.page - 1, city.rects, flash=False)
    assert GREEN in edge_colors(viewer, city.page - 1, city.rects[0])


def test_hovering_an_amber_field_or_its_overlay_shows_the_differences(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf)
    tip = viewer.fields.icons["account.name"].toolTip()
    assert "Close, but not exactly" in tip and "ABC Company, Inc." in tip and "','" in tip
    near = next(f for f in viewer.check.fields if f.field == "account.name")
    on_bill = viewer.view.tooltip_at(viewport_point(viewer, 0, *centre(near.rects[0])))
    assert on_bill.startswith("Account name:") and "','" in on_bill
    missing_tip = viewer.fields.editors["account.authorized_user"].toolTip()
    assert "Not found" in missing_tip and "Jane Doe" in missing_tip
    assert viewer.view.tooltip_at(viewport_point(viewer, 0, 5, 5)) == ""


def test_clicking_a_field_name_scrolls_to_its_place_and_flashes_it(qtbot, window_pdf_two_pages):
    viewer = make_viewer(qtbot, window_pdf_two_pages)
    view = viewer.view
    view.set_zoom(3.0)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # far away, on page 3
    zip_check = next(f for f in viewer.check.fields if f.field == "account.service_address.postal_code")
    place = viewport_point(viewer, zip_check.page - 1, *centre(zip_check.rects[0]))
    assert not view.viewport().rect().contains(place.toPoint())

    qtbot.mouseClick(viewer.fields.names["account.service_address.postal_code"], Qt.MouseButton.LeftButton)

    place = viewport_point(viewer, zip_check.page - 1, *centre(zip_check.rects[0]))
    assert view.viewport().rect().contains(place.toPoint())
    assert view._flash == (zip_check.page - 1, zip_check.rects) and view._flash_timer.isActive()
    flash_blue = "#1565c0"
    assert flash_blue in edge_colors(viewer, zip_check.page - 1, zip_check.rects[0], pad=6.0)
    qtbot.waitUntil(lambda: view._flash is None, timeout=FLASH_MS + 1500)


def test_clicking_a_field_with_no_place_on_the_bill_says_so_and_stays_put(qtbot, labels_pdf):
    order = bill_order(authorized_user="")
    viewer = make_viewer(qtbot, labels_pdf, order)
    before = viewer.view.verticalScrollBar().value()
    qtbot.mouseClick(viewer.fields.names["account.authorized_user"], Qt.MouseButton.LeftButton)
    assert "not found on the bill" in viewer.summary.text()
    assert viewer.view.verticalScrollBar().value() == before
    assert viewer.view._flash is None
