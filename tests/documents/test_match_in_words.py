"""The bill check as a coordinator reads it: a name the bill prints with a title is not an exact match,
two swapped digits are named as such (not "compare it by eye"), and the service address is found in the
bill's "Service location" block, not in the mailing window above it."""

from __future__ import annotations

import datetime as dt

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.match import check_bill
from portdesk.domain.documents import BillCheck, FieldCheck
from portdesk.domain.order import PortOrder
from portdesk.ui.viewer.fields_panel import describe

TODAY = dt.date(2026, 11, 22)


def _order(**account: object) -> PortOrder:
    values: dict[str, object] = {
        "name": "ABC Company, Inc.", "number": "8812-5520-01", "btn": "(303) 555-0100", "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO",
                            "postal_code": "80202"}}
    values.update(account)
    return PortOrder.from_dict({"format": "portdesk.order/1", "kind": "local", "account": values,
                                "numbers": ["(303) 555-0100"]})


def _field(check: BillCheck, name: str) -> FieldCheck:
    return next(f for f in check.fields if f.field == name)


def test_a_name_the_bill_prints_after_a_title_is_near_and_says_so() -> None:
    for layout in ("labels", "window"):
        pdf = build_bill_pdf(BillContents(authorized_user="Dr. Anita Shah"), layout)
        found = _field(check_bill(pdf, _order(authorized_user="Anita Shah"), TODAY), "account.authorized_user")
        assert found.status == "near", layout
        assert any("Dr." in d for d in found.differences), found.differences
        exact = _field(check_bill(pdf, _order(authorized_user="Dr. Anita Shah"), TODAY), "account.authorized_user")
        assert exact.status == "exact"


def test_two_swapped_digits_are_named_in_words() -> None:
    pdf = build_bill_pdf(BillContents(), "labels")
    found = _field(check_bill(pdf, _order(number="8812-5502-01"), TODAY), "account.number")
    assert found.status == "missing"  # a different digit is missing (the check-bill contract)
    assert any("digits 7 and 8 are swapped" in d and "8812-5520-01" in d for d in found.differences)
    tip = describe(found)
    assert "swapped" in tip and "Compare it by eye" not in tip
    btn = _field(check_bill(pdf, _order(btn="(303) 555-1000"), TODAY), "account.btn")
    assert btn.status == "missing" and any("swapped" in d for d in btn.differences)


def test_a_different_number_is_not_called_a_swap() -> None:
    pdf = build_bill_pdf(BillContents(), "labels")
    found = _field(check_bill(pdf, _order(number="8812-5520-77"), TODAY), "account.number")
    assert found.status == "missing" and not any("swapped" in d for d in found.differences)


def test_the_service_location_wins_over_the_mailing_window() -> None:
    pdf = build_bill_pdf(BillContents(), "window")  # the street is printed twice: window, then service block
    check = check_bill(pdf, _order(), TODAY)
    line1 = _field(check, "account.service_address.line1")
    assert line1.status == "exact"
    assert line1.rects and line1.rects[0][1] > 230  # below the mailing window (which ends near y=200)
    city = _field(check, "account.service_address.city")
    assert city.rects and city.rects[0][1] > 230
