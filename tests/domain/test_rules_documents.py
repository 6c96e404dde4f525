"""Document rules: bill and LOA present, readable PDFs, size, age, signature, and the bill check."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from test_rules import CLEAN, GOOD_DOCS, codes, good_pdf

from portdesk.domain.documents import BillCheck, DocumentFacts, FieldCheck, SigningRecord
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order

TODAY = dt.date(2026, 11, 22)


def order(bill: dict[str, Any] | None = None, loa: dict[str, Any] | None = None, **changes: Any) -> PortOrder:
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    if bill is not None:
        data["documents"]["bill"] = bill
    if loa is not None:
        data["documents"]["loa"] = loa
    data["documents"] = {k: v for k, v in data["documents"].items() if v}
    return PortOrder.from_dict(data)


def run(o: PortOrder, profile: str = "kazoo", docs: dict[str, DocumentFacts] | None = None,
        bill_check: BillCheck | None = None) -> list:  # type: ignore[type-arg]
    return check_order(o, get_profile(profile), TODAY, documents=GOOD_DOCS if docs is None else docs,
                       bill_check=bill_check)


def test_no_bill_where_required_is_bill_missing() -> None:
    found = run(order(bill={}), docs={"loa": good_pdf("loa")})
    assert [(f.code, f.field) for f in found] == [("BILL_MISSING", "documents.bill")]


def test_no_bill_where_not_required_is_fine() -> None:
    assert "BILL_MISSING" not in codes(run(order(bill={}), "bandwidth", docs={"loa": good_pdf("loa")}))


def test_no_loa_where_required_is_loa_missing() -> None:
    assert codes(run(order(loa={}), docs={"bill": good_pdf("bill")})) == ["LOA_MISSING"]


def test_named_file_that_is_not_there_is_missing() -> None:
    gone = DocumentFacts(kind="bill", path="bill.pdf", exists=False, problem="no such file")
    found = run(order(), docs={**GOOD_DOCS, "bill": gone})
    assert codes(found) == ["BILL_MISSING"] and "'bill.pdf'" in found[0].message


def test_named_file_that_is_not_there_is_no_finding_where_the_profile_does_not_require_it() -> None:
    gone = DocumentFacts(kind="bill", path="bill.pdf", exists=False, problem="no such file")
    assert codes(run(order(), "8x8", docs={**GOOD_DOCS, "bill": gone})) == []
    loa_gone = DocumentFacts(kind="loa", path="loa.pdf", exists=False, problem="no such file")
    assert codes(run(order(), "8x8", docs={**GOOD_DOCS, "loa": loa_gone})) == []


@pytest.mark.parametrize("kind", ["bill", "loa"])
def test_file_that_is_not_a_pdf_is_not_pdf(kind: str) -> None:
    text = DocumentFacts(kind=kind, path=f"{kind}.pdf", size=10, is_pdf=False, problem="it is a JPEG image")
    found = run(order(), docs={**GOOD_DOCS, kind: text})
    assert [(f.code, f.field) for f in found] == [(f"{kind.upper()}_NOT_PDF", f"documents.{kind}")]
    assert "JPEG" in found[0].message


def test_encrypted_pdf_is_not_readable() -> None:
    locked = replace(good_pdf("bill"), encrypted=True)
    assert codes(run(order(), docs={**GOOD_DOCS, "bill": locked})) == ["BILL_NOT_PDF"]


def test_bill_over_5_mb_is_too_large_at_2600hz() -> None:
    big = replace(good_pdf("bill"), size=5 * 1024 * 1024 + 1)
    assert codes(run(order(), docs={**GOOD_DOCS, "bill": big})) == ["BILL_TOO_LARGE"]
    exact = replace(good_pdf("bill"), size=5 * 1024 * 1024)
    assert run(order(), docs={**GOOD_DOCS, "bill": exact}) == []


@pytest.mark.parametrize("wrong", [
    {"is_pdf": False, "readable": False, "problem": "not a PDF"},
    {"readable": False, "problem": "page 1 is damaged and cannot be read"},
    {"encrypted": True, "readable": False, "problem": "the PDF is password-protected"},
])
def test_a_bill_over_the_limit_is_too_large_whatever_else_is_wrong(wrong: dict[str, Any]) -> None:
    big = replace(good_pdf("bill"), size=5 * 1024 * 1024 + 1, **wrong)
    found = run(order(), docs={**GOOD_DOCS, "bill": big})
    assert sorted(codes(found)) == ["BILL_NOT_PDF", "BILL_TOO_LARGE"]


@pytest.mark.parametrize(
    ("days_old", "expected"),
    [(19, []), (27, []), (28, ["BILL_AGE_RISK"]), (29, ["BILL_AGE_RISK"]), (30, ["BILL_AGE_RISK"]),
     (31, ["BILL_TOO_OLD"])],
)
def test_bill_age_at_2600hz(days_old: int, expected: list[str]) -> None:
    dated = (TODAY - dt.timedelta(days=days_old)).isoformat()
    assert codes(run(order(bill={"path": "bill.pdf", "date": dated}))) == expected


def test_bill_date_found_on_the_bill_is_used_when_the_order_has_none() -> None:
    found_old = replace(good_pdf("bill"), statement_date=TODAY - dt.timedelta(days=40))
    assert codes(run(order(bill={"path": "bill.pdf"}), docs={**GOOD_DOCS, "bill": found_old})) == ["BILL_TOO_OLD"]


def test_loa_without_signer_or_date_is_unsigned() -> None:
    assert codes(run(order(loa={"path": "loa.pdf"}))) == ["LOA_UNSIGNED"]
    assert codes(run(order(loa={"path": "loa.pdf", "signed_on": "2026-11-15"}))) == ["LOA_UNSIGNED"]
    assert codes(run(order(loa={"path": "loa.pdf", "signed_by": "Jane Doe"}))) == ["LOA_UNSIGNED"]


def test_loa_signed_by_portdesk_carries_its_record() -> None:
    record = SigningRecord(signer="Jane Doe", signed_at="2026-11-20T10:00:00-07:00", unsigned_sha256="ab" * 32)
    signed = replace(good_pdf("loa"), signing=record)
    assert run(order(loa={"path": "loa.pdf"}), docs={**GOOD_DOCS, "loa": signed}) == []


@pytest.mark.parametrize(
    ("days_old", "expected"), [(15, []), (16, ["LOA_AGE_RISK"]), (30, ["LOA_AGE_RISK"]), (31, ["LOA_TOO_OLD"])]
)
def test_loa_age_at_2600hz(days_old: int, expected: list[str]) -> None:
    signed = (TODAY - dt.timedelta(days=days_old)).isoformat()
    assert codes(run(order(loa={"path": "loa.pdf", "signed_on": signed, "signed_by": "Jane Doe"}))) == expected


def test_telnyx_accepts_a_60_day_old_loa() -> None:
    signed = (TODAY - dt.timedelta(days=60)).isoformat()
    o = order(loa={"path": "loa.pdf", "signed_on": signed, "signed_by": "Jane Doe"}, requested_date="2027-01-20")
    assert run(o, "telnyx") == []


def _bill_check(statuses: dict[str, str], *, text_layer: bool = True, not_on_bill: tuple[str, ...] = ()) -> BillCheck:
    fields = [
        FieldCheck(field=f, value="typed", status=s, found="printed" if s == "near" else None,  # type: ignore[arg-type]
                   differences=("bill has ',' after 'Company'",) if s == "near" else ())
        for f, s in statuses.items()
    ]
    return BillCheck(pages=1, text_layer=text_layer, date=None, age_days=None, fields=fields,
                     on_order_not_on_bill=list(not_on_bill))


@pytest.mark.parametrize(
    "field", ["account.name", "account.number", "account.service_address.line1", "account.service_address.postal_code"]
)
def test_key_field_missing_from_bill_is_an_error_and_near_a_warning(field: str) -> None:
    missing = run(order(), bill_check=_bill_check({field: "missing"}))
    assert [(f.code, f.severity, f.field) for f in missing] == [("BILL_FIELD_MISMATCH", "error", field)]
    near = run(order(), bill_check=_bill_check({field: "near"}))
    assert [(f.code, f.severity, f.field) for f in near] == [("BILL_FIELD_MISMATCH", "warning", field)]
    assert "','" in near[0].message


@pytest.mark.parametrize(
    "field",
    ["account.btn", "account.service_address.city", "account.service_address.state",
     "account.service_address.line2"],
)
def test_secondary_fields_only_warn(field: str) -> None:
    for status in ("near", "missing"):
        found = run(order(), bill_check=_bill_check({field: status}))
        assert [(f.code, f.severity) for f in found] == [("BILL_FIELD_MISMATCH", "warning")]


def test_authorised_user_and_exact_fields_are_not_judged() -> None:
    check = _bill_check({"account.authorized_user": "missing", "account.name": "exact", "account.number": "exact"})
    assert run(order(), bill_check=check) == []


def test_scanned_bill_without_text_is_not_held_against_the_order() -> None:
    check = _bill_check({"account.name": "missing"}, text_layer=False, not_on_bill=("+13035550101",))
    assert run(order(), bill_check=check) == []


def test_number_not_on_bill_points_at_its_index() -> None:
    found = run(order(), bill_check=_bill_check({}, not_on_bill=("+13035550102",)))
    assert [(f.code, f.severity, f.field) for f in found] == [("NUMBER_NOT_ON_BILL", "warning", "numbers[2]")]
