"""Account rules: required fields, account name length, PO boxes, BTN and port type."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules import CLEAN, GOOD_DOCS, codes

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order, is_po_box

TODAY = dt.date(2026, 11, 22)


def run(profile: str = "kazoo", account: dict[str, Any] | None = None, address: dict[str, Any] | None = None,
        **changes: Any) -> list:  # type: ignore[type-arg]
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    data["account"].update(account or {})
    data["account"]["service_address"].update(address or {})
    return check_order(PortOrder.from_dict(data), get_profile(profile), TODAY, documents=GOOD_DOCS)


def test_each_empty_required_field_is_one_finding() -> None:
    found = run(account={"name": "", "btn": None}, address={"city": "  "})
    assert [(f.code, f.field) for f in found] == [
        ("FIELD_REQUIRED", "account.btn"),
        ("FIELD_REQUIRED", "account.name"),
        ("FIELD_REQUIRED", "account.service_address.city"),
    ]


def test_required_fields_come_from_the_profile() -> None:
    assert codes(run("kazoo", account={"number": None})) == []
    assert [(f.code, f.field) for f in run("plivo", account={"number": None})] == [
        ("FIELD_REQUIRED", "account.number"),
    ]


def test_empty_number_list_is_required() -> None:
    assert ("FIELD_REQUIRED", "numbers") in [(f.code, f.field) for f in run(numbers=[])]


def test_account_name_over_25_characters_is_a_warning_at_2600hz() -> None:
    name = "ABC Company Incorporated Denver"
    found = run(account={"name": name})
    assert [(f.code, f.severity) for f in found] == [("ACCOUNT_NAME_TOO_LONG", "warning")]
    assert f"'{name[:25]}'" in found[0].message and "comment" in found[0].message
    assert run(account={"name": "A" * 25}) == []
    assert run("bandwidth", account={"name": name}) == []


@pytest.mark.parametrize(
    "line",
    ["PO Box 12", "P.O. Box 12", "P O Box 12", "p.o. box 7", "Post Office Box 99", "POB 12", "P.O.B. 4",
     "PMB 220", "1200 Market St PMB 45", "Box 12", "1200 Market St, Box 12", "POBox 5",
     # glued to the box number, and the private mailbox spelled out
     "PO Box12", "P.O.Box 12", "POB12", "PMB12", "Private Mailbox 9", "Private Mail Box 9"],
)
def test_po_box_spellings_are_caught(line: str) -> None:
    assert is_po_box(line)
    found = run(address={"line1": line})
    assert [(f.code, f.field) for f in found] == [("PO_BOX_ADDRESS", "account.service_address.line1")]


@pytest.mark.parametrize(
    "line",
    ["12 Pope Street", "400 Boxwood Lane", "1 Post Office Square", "77 Boxer Road", "9 Pobst Way", "12 Pob Road",
     "3 PO Boxer Road"],
)
def test_real_streets_are_not_po_boxes(line: str) -> None:
    assert not is_po_box(line)
    assert run(address={"line1": line}) == []


def test_po_box_in_line2_is_flagged_on_line2() -> None:
    assert [f.field for f in run(address={"line2": "PO Box 4"})] == ["account.service_address.line2"]


def test_btn_among_numbers_without_port_type_is_undecided() -> None:
    found = run(port_type=None)
    assert [(f.code, f.field) for f in found] == [("BTN_PORT_TYPE_UNDECIDED", "port_type")]


def test_btn_not_among_numbers_needs_no_port_type() -> None:
    assert run(port_type=None, numbers=["+13035550101"]) == []


def test_partial_port_taking_the_btn_needs_a_new_btn() -> None:
    found = run(new_btn=None)
    assert [(f.code, f.field) for f in found] == [("PARTIAL_PORT_NEEDS_NEW_BTN", "new_btn")]
    assert run(new_btn=None, port_type="full") == []


def test_new_btn_that_is_porting_is_an_error() -> None:
    found = run(new_btn="303-555-0102")
    assert [(f.code, f.field) for f in found] == [("NEW_BTN_IS_PORTING", "new_btn")]


def test_btn_that_is_not_a_number_is_flagged_on_the_field() -> None:
    found = run(account={"btn": "303-555"}, port_type="full")
    assert [(f.code, f.field) for f in found] == [("NUMBER_INVALID", "account.btn")]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="pPoObBxXmMsStTfFiIcCeE .#,;0123456789ɓᵇ", max_size=24))
def test_the_letter_b_filter_never_changes_the_po_box_verdict(text: str) -> None:
    """is_po_box skips the pattern for a line without a "b": the pattern alone must say the same."""
    from portdesk.domain.rules_account import po_box_pattern

    assert is_po_box(text) == bool(text and po_box_pattern().search(text))
