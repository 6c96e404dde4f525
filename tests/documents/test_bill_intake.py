"""Bill intake on bills drawn every way: every proposed field, its page and place, and what is left out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pymupdf
import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import ocr_available
from portdesk.documents.bill_intake import intake_bill
from portdesk.domain.address_parts import AddressParts
from portdesk.domain.bill_intake import BillIntake, Proposal

TEXT_LAYOUTS = ("labels", "window", "glyphs", "reversed", "multipage", "mixed_fonts")
# What a bill-check layout labels (labels) and what a mailing window only implies (window): the confidence.
LABELLED = {"labels", "glyphs", "multipage", "mixed_fonts"}
ELSEWHERE = dict(
    mailing_lines=["789 Broadway", "Denver, CO 80203"],
    remit_to=["Lumen Payment Center", "100 Centurylink Dr", "Monroe, LA 71203"],
    carrier_address="1025 Eldorado Blvd, Broomfield, CO 80021",
)


def _printed_at(pdf: bytes, proposal: Proposal) -> str:
    """The bill's characters whose boxes sit inside the proposal's rectangles (spaces dropped)."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    page = doc.load_page(proposal.page - 1)
    chars = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                    if any(r[0] - 1 <= cx <= r[2] + 1 and r[1] - 1 <= cy <= r[3] + 1 for r in proposal.rects):
                        chars.append((round(cy), cx, ch["c"]))
    doc.close()
    return "".join(c for _, _, c in sorted(chars) if not c.isspace())


def _assert_at(pdf: bytes, proposal: Proposal | None, value: str, page: int = 1, printed: str | None = None) -> None:
    assert proposal is not None, f"{value!r} not proposed"
    assert proposal.value == value and proposal.page == page
    assert _printed_at(pdf, proposal) == (printed or value).replace(" ", "")


@pytest.fixture(scope="module")
def read() -> dict[str, tuple[bytes, BillIntake]]:
    out = {}
    for layout in TEXT_LAYOUTS:
        pdf = build_bill_pdf(BillContents(**ELSEWHERE), layout)  # type: ignore[arg-type]
        out[layout] = (pdf, intake_bill(pdf))
    return out


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_every_account_field_is_proposed_where_the_bill_prints_it(layout: str, read: Any) -> None:
    pdf, intake = read[layout]
    bill = BillContents()
    assert intake.date == bill.statement_date and intake.text_layer and not intake.ocr
    _assert_at(pdf, intake.losing_carrier, "Lumen", printed="Lumen" if layout in LABELLED else "LUMEN")
    _assert_at(pdf, intake.name, "ABC Company, Inc.")
    _assert_at(pdf, intake.number, "8812-5520-01")
    _assert_at(pdf, intake.btn, "+13035550100", printed="(303) 555-0100")
    _assert_at(pdf, intake.authorized_user, "Jane Doe")
    address = intake.service_address
    assert address is not None
    _assert_at(pdf, address.line1, "1200 Market Street")
    _assert_at(pdf, address.line2, "Suite 400")
    _assert_at(pdf, address.city, "Denver")
    _assert_at(pdf, address.state, "CO")
    _assert_at(pdf, address.postal_code, "80202")
    assert address.parts == AddressParts("1200", None, "Market", "Street", None, "Suite 400")
    assert intake.numbers == ["+13035550100", "+13035550101", "+13035550102"]  # not the help line


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_the_service_location_wins_over_mailing_remit_to_and_the_carriers_address(layout: str, read: Any) -> None:
    intake = read[layout][1]
    assert intake.service_address.line1.value == "1200 Market Street"
    assert intake.service_address.line1.confidence == "high"


def test_labelled_values_are_sure_and_the_mailing_windows_name_is_to_be_checked(read: Any) -> None:
    assert read["labels"][1].name.confidence == "high"
    assert read["window"][1].name.confidence == "low"
    assert read["window"][1].authorized_user.confidence == "low"


def test_without_a_service_location_the_mailing_block_is_proposed_with_low_confidence() -> None:
    bill = BillContents(service_block=False, remit_to=ELSEWHERE["remit_to"],
                        remit_label="Please make checks payable to:")
    intake = intake_bill(build_bill_pdf(bill, "window"))
    assert intake.service_address is not None
    assert intake.service_address.line1.value == "1200 Market Street"
    assert intake.service_address.line1.confidence == "low"


def test_a_remit_to_or_carrier_address_alone_is_never_the_service_address() -> None:
    bill = BillContents(service_block=False, mailing_lines=["PO Box 500", "Denver, CO 80201"], **{
        k: v for k, v in ELSEWHERE.items() if k != "mailing_lines"})
    intake = intake_bill(build_bill_pdf(bill, "window"))
    assert intake.service_address is None


def test_absent_fields_are_absent_not_guessed() -> None:
    pdf = build_bill_pdf(BillContents(authorized_user=None, line2=None, carrier="Acme Telephone"), "labels")
    intake = intake_bill(pdf)
    assert intake.authorized_user is None and intake.losing_carrier is None
    account = intake.to_json()["account"]
    assert "authorized_user" not in account and "line2" not in account["service_address"]
    assert "losing_carrier" not in intake.to_json()
    assert account["service_address"]["parts"]["unit"] is None


def test_a_unit_on_the_street_line_becomes_line2_and_its_parts() -> None:
    pdf = build_bill_pdf(BillContents(line1="500 N. Broadway Ave., #12", line2=None), "window")
    address = intake_bill(pdf).service_address
    assert address is not None
    _assert_at(pdf, address.line1, "500 N. Broadway Ave.")
    _assert_at(pdf, address.line2, "#12")
    assert address.parts == AddressParts("500", "N.", "Broadway", "Ave.", None, "#12")


def test_a_carrier_printed_in_capitals_is_proposed_by_its_known_name() -> None:
    intake = intake_bill(build_bill_pdf(BillContents(carrier="Comcast Business"), "window"))
    assert intake.losing_carrier is not None and intake.losing_carrier.value == "Comcast Business"


def test_a_scan_is_not_read_without_ocr() -> None:
    intake = intake_bill(build_bill_pdf(BillContents(), "scanned"))
    assert not intake.readable and intake.to_json()["account"] == {} and intake.numbers == []


@pytest.mark.skipif(not ocr_available(), reason="Tesseract is not installed")
def test_a_scan_read_with_ocr_proposes_every_field_with_low_confidence() -> None:
    pdf = build_bill_pdf(BillContents(), "scanned")
    intake = intake_bill(pdf, ocr=True)
    assert intake.ocr and not intake.text_layer and intake.date == dt.date(2026, 11, 3)
    values = {k: getattr(intake, k).value for k in ("losing_carrier", "name", "number", "btn", "authorized_user")}
    assert values == {"losing_carrier": "Lumen", "name": "ABC Company, Inc.", "number": "8812-5520-01",
                      "btn": "+13035550100", "authorized_user": "Jane Doe"}
    address = intake.service_address
    assert address is not None and address.line1.value == "1200 Market Street" and address.postal_code.value == "80202"
    assert {p.confidence for p in (intake.name, address.line1)} == {"low"}
    # The place is where the scan shows the words: the label's column, on the name's line.
    x0, y0, x1, _y1 = intake.name.rects[0]
    assert 215 < x0 < 232 and 120 < y0 < 140 and x1 > 300


def test_the_draft_order_holds_the_values_the_numbers_and_the_bill(read: Any) -> None:
    order = read["labels"][1].draft_order(bill_path="order-bill.pdf")
    data = order.to_dict()
    assert data["name"] == "ABC Company, Inc. - Denver" and data["losing_carrier"] == "Lumen"
    assert data["kind"] == "local"
    assert data["account"]["service_address"]["line1"] == "1200 Market Street"
    assert data["documents"]["bill"] == {"path": "order-bill.pdf", "date": "2026-11-03"}
    assert data["numbers"] == ["+13035550100", "+13035550101", "+13035550102"]
