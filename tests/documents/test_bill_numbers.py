"""Every telephone number printed on a bill, in any format, with its page and box."""

from __future__ import annotations

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import open_bill, read_bill
from portdesk.documents.sheet_pdf import free_form_pdf


def _numbers(pdf: bytes) -> list[tuple[str, bool, int]]:
    with open_bill(pdf) as bill:
        return [(n.e164, n.toll_free, n.page) for n in read_bill(bill).numbers]


def test_numbers_in_many_formats_are_read_by_value() -> None:
    pdf = free_form_pdf([[(72, 100, "Main (303) 555-0100, fax 303.555.0101"),
                          (72, 120, "Lines: 303-555-0102 / +1 303 555 0103 / 3035550104")]])
    assert sorted(e for e, _, _ in _numbers(pdf)) == [f"+1303555010{i}" for i in range(5)]


def test_toll_free_numbers_are_marked_and_pages_are_one_based() -> None:
    pdf = build_bill_pdf(BillContents(numbers=["(303) 555-0101"]), "multipage")
    found = set(_numbers(pdf))
    assert ("+13035550101", False, 2) in found  # the lines table is on page 2
    assert ("+18005550199", True, 1) in found  # customer service, in the footer


def test_account_numbers_and_amounts_are_not_phone_numbers() -> None:
    pdf = free_form_pdf([[(72, 100, "Account 8812-5520-01   Total $1,234,567.89   Invoice 2026110312")]])
    assert _numbers(pdf) == []


def test_each_number_has_a_box_around_it_on_its_page() -> None:
    pdf = free_form_pdf([[(72, 100, "Call 303-555-0100 today")]])
    with open_bill(pdf) as bill:
        (number,) = read_bill(bill).numbers
    x0, y0, x1, y1 = number.rects[0]
    assert 90 < x0 < x1 < 200 and 85 < y0 < y1 < 105
    assert number.text == "303-555-0100"


def test_a_bare_ten_digit_account_number_in_the_value_column_is_not_a_phone_number() -> None:
    pdf = free_form_pdf([[(72, 100, "Account Number:"), (250, 100, "3035550177"),
                          (72, 120, "Billing Telephone Number:"), (250, 120, "3035550100")]])
    assert [e for e, _, _ in _numbers(pdf)] == ["+13035550100"]
