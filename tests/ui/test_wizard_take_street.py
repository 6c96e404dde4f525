"""Take from the bill, street line: the whole line taken in the viewer fills the structured parts a carrier
takes separately (house number, pre-direction, street, type), through the address parser — not Street
alone with the rest left empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from portdesk.ui.wizard.account_page import AccountPage
from tests.ui.wizard_drive import POPUP_NOTES, fill_name_and_bill, open_new_port
from tests.ui.wizard_support import make_adapters


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
@pytest.mark.parametrize(("line", "parts", "unit"), [
    ("8200 W Colfax Ave", ("8200", "W", "Colfax", "Ave", ""), ""),
    ("1200 Market Street", ("1200", "", "Market", "Street", ""), ""),
    ("500 N. Broadway Ave., #12", ("500", "N.", "Broadway", "Ave.", ""), "#12"),
    ("77 Sunset Strip SW", ("77", "", "Sunset", "Strip", "SW"), ""),
])
def test_taking_the_street_line_from_the_bill_fills_the_address_parts(
        qtbot: QtBot, tmp_path: Path, line: str, parts: tuple[str, ...], unit: str) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'take.sqlite3'}"))
    fill_name_and_bill(wizard, tmp_path)
    wizard.go_to(2)
    page = wizard.page(2)
    assert isinstance(page, AccountPage)
    page.address.pre_dir.setCurrentText("NE")  # a stale part from before must not survive the take
    page.bill_side.viewer.fields.text_dropped.emit("account.service_address.line1", line)

    a = page.address
    shown = (a.number.text(), a.pre_dir.currentText(), a.street.text(), a.street_type.currentText(),
             a.post_dir.currentText())
    assert shown == parts
    assert a.unit.text() == unit
    address = wizard.ctx.order.account.service_address
    assert address.extra["street_number"] == parts[0] and address.extra["street_name"] == parts[2]
    assert address.line1 == " ".join(p for p in parts if p)  # the line the LOA and the rules read
    assert (address.line2 or "") == unit


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_street_line_the_parser_cannot_split_goes_whole_into_street(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'take.sqlite3'}"))
    fill_name_and_bill(wizard, tmp_path)
    wizard.go_to(2)
    page = wizard.page(2)
    assert isinstance(page, AccountPage)
    page.bill_side.viewer.fields.text_dropped.emit("account.service_address.line1", "Rural Route Farm")
    assert page.address.street.text() == "Rural Route Farm"
    assert page.address.number.text() == ""
