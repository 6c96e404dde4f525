"""check_order as a whole: a clean order passes every profile's rules; findings come sorted."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from portdesk.domain.documents import DocumentFacts
from portdesk.domain.findings import CODES, Finding, sort_findings
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order

TODAY = dt.date(2026, 11, 22)

CLEAN: dict[str, Any] = {
    "format": "portdesk.order/1",
    "name": "ABC Company - Denver",
    "kind": "local",
    "losing_carrier": "Lumen",
    "account": {
        "name": "ABC Company, Inc.",
        "number": "8812-5520-01",
        "pin": "4321",
        "btn": "+13035550100",
        "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                            "state": "CO", "postal_code": "80202", "country": "US"},
    },
    "port_type": "partial",
    "new_btn": "+13035550117",
    "numbers": ["+13035550100", "(303) 555-0101", "303-555-0102"],
    "requested_date": "2026-12-10",
    "requested_time": "09:00",
    "requested_timezone": "America/Denver",
    "documents": {
        "bill": {"path": "bill.pdf", "date": "2026-11-03"},
        "loa": {"path": "loa.pdf", "signed_on": "2026-11-15", "signed_by": "Jane Doe"},
    },
}


def good_pdf(kind: str) -> DocumentFacts:
    return DocumentFacts(kind=kind, path=f"{kind}.pdf", size=80_000, is_pdf=True, readable=True, pages=1,
                         text_layer=True)


GOOD_DOCS = {"bill": good_pdf("bill"), "loa": good_pdf("loa")}


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


@pytest.mark.parametrize("profile_id", ["kazoo", "plivo", "8x8", "8x8-managed", "bandwidth", "telnyx"])
def test_clean_us_order_has_no_findings_on_us_profiles(profile_id: str) -> None:
    data = copy.deepcopy(CLEAN)
    data["requested_date"] = "2027-01-20"  # far enough for every lead time
    data["requested_time"] = "04:00" if profile_id == "8x8" else "09:00"
    data["requested_timezone"] = "America/Los_Angeles"
    order = PortOrder.from_dict(data)
    assert check_order(order, get_profile(profile_id), TODAY, documents=GOOD_DOCS) == []


def test_findings_are_sorted_errors_first_then_field_then_code() -> None:
    unsorted = [
        Finding("NUMBER_DUPLICATE", "warning", "numbers[1]", "m"),
        Finding("PO_BOX_ADDRESS", "error", "account.service_address.line1", "m"),
        Finding("NUMBER_INVALID", "error", "numbers[10]", "m"),
        Finding("NUMBER_INVALID", "error", "numbers[9]", "m"),
        Finding("FIELD_REQUIRED", "error", "account.name", "m"),
    ]
    assert [(f.code, f.field) for f in sort_findings(unsorted)] == [
        ("FIELD_REQUIRED", "account.name"),
        ("PO_BOX_ADDRESS", "account.service_address.line1"),
        ("NUMBER_INVALID", "numbers[9]"),
        ("NUMBER_INVALID", "numbers[10]"),
        ("NUMBER_DUPLICATE", "numbers[1]"),
    ]


def test_check_order_is_deterministic_and_sorted() -> None:
    data = copy.deepcopy(CLEAN)
    data["numbers"] += ["555-01", "+13035550101", "+18005550100"]
    data["account"]["service_address"]["line1"] = "PO Box 12"
    order = PortOrder.from_dict(data)
    first = check_order(order, get_profile("kazoo"), TODAY, documents=GOOD_DOCS)
    assert first == check_order(order, get_profile("kazoo"), TODAY, documents=GOOD_DOCS)
    assert first == sort_findings(first)
    assert all(f.severity == CODES[f.code] or f.code == "BILL_FIELD_MISMATCH" for f in first)
    assert all(f.message.endswith(".") and len(f.message) > 40 for f in first)
