"""The bill check: exact / near / missing per field, with the bill's text, page, boxes and differences."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.match import check_bill
from portdesk.documents.sheet_pdf import free_form_pdf
from portdesk.domain.documents import BillCheck, FieldCheck
from portdesk.domain.order import PortOrder

TODAY = dt.date(2026, 11, 22)
TEXT_LAYOUTS = ["labels", "window", "multipage", "glyphs", "reversed", "mixed_fonts"]


def make_order(numbers: list[str] | None = None, kind: str = "local", **account: Any) -> PortOrder:
    address = {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO",
               "postal_code": "80202"}
    address.update(account.pop("address", {}))
    values = {"name": "ABC Company, Inc.", "number": "8812-5520-01", "btn": "(303) 555-0100",
              "authorized_user": "Jane Doe", "service_address": address}
    values.update(account)
    return PortOrder.from_dict({
        "format": "portdesk.order/1", "kind": kind, "account": values,
        "numbers": numbers if numbers is not None else ["(303) 555-0100", "(303) 555-0101", "(303) 555-0102"],
    })


def order_typing(name: str, typed: str) -> PortOrder:
    """The usual order with one account field (`name`, "name" or "service_address.city") typed otherwise."""
    key = name.split(".")[-1]
    return make_order(address={key: typed}) if name.startswith("service_address.") else make_order(**{key: typed})


def field(check: BillCheck, name: str) -> FieldCheck:
    return next(f for f in check.fields if f.field == f"account.{name}")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {layout: build_bill_pdf(BillContents(), layout) for layout in [*TEXT_LAYOUTS, "scanned"]}


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_values_typed_as_printed_are_all_exact_in_every_layout(pdfs: dict[str, bytes], layout: str) -> None:
    check = check_bill(pdfs[layout], make_order(), TODAY)
    assert {f.field: f.status for f in check.fields} == {
        "account.name": "exact", "account.number": "exact", "account.btn": "exact",
        "account.authorized_user": "exact", "account.service_address.line1": "exact",
        "account.service_address.line2": "exact", "account.service_address.city": "exact",
        "account.service_address.state": "exact", "account.service_address.postal_code": "exact",
    }
    assert check.date == dt.date(2026, 11, 3)
    assert check.age_days == 19
    assert check.text_layer


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_missing_punctuation_is_near_and_the_differences_say_which(pdfs: dict[str, bytes], layout: str) -> None:
    name = field(check_bill(pdfs[layout], make_order(name="ABC Company Inc"), TODAY), "name")
    assert name.status == "near"
    assert name.found == "ABC Company, Inc."
    assert name.differences == ("bill has ',' after 'Company'", "bill has '.' after 'Inc'")
    assert name.page == 1
    assert len(name.rects) == 1


def test_rects_frame_the_found_text_in_top_left_points(pdfs: dict[str, bytes]) -> None:
    name = field(check_bill(pdfs["labels"], make_order(), TODAY), "name")
    x0, y0, x1, y1 = name.rects[0]
    assert x0 == pytest.approx(224.0, abs=0.5)  # the value column of the summary box
    assert 120 < y0 < y1 < 150  # the first row, near the top of the page
    assert x1 - x0 > 60


def test_an_abbreviation_that_ends_inside_a_bill_word_is_near_not_exact(pdfs: dict[str, bytes]) -> None:
    line1 = field(check_bill(pdfs["labels"], make_order(address={"line1": "1200 Market St"}), TODAY),
                  "service_address.line1")
    assert line1.status == "near"
    assert line1.found == "1200 Market Street"
    assert line1.differences == ("the bill writes 'Street', you typed 'St'",)


@pytest.mark.parametrize(("name", "typed", "found", "difference"), [
    ("service_address.line1", "1200 Market St", "1200 Market St.", "bill has '.' after 'St'"),
    ("name", "ABC Company, Inc", "ABC Company, Inc.", "bill has '.' after 'Inc'"),
])
def test_an_abbreviation_typed_without_the_bills_dot_is_near_not_exact(name: str, typed: str, found: str,
                                                                       difference: str) -> None:
    pdf = build_bill_pdf(BillContents(line1="1200 Market St.", account_name="ABC Company, Inc."), "labels")
    key = name.split(".")[-1]
    order = make_order(address={key: typed}) if name.startswith("service") else make_order(**{key: typed})
    checked = field(check_bill(pdf, order, TODAY), name)
    assert (checked.status, checked.found, checked.differences) == ("near", found, (difference,))
    assert field(check_bill(pdf, make_order(), TODAY), "service_address.city").status == "exact"  # "Denver,"


def test_abbreviation_on_the_bill_and_long_form_typed_is_near() -> None:
    pdf = build_bill_pdf(BillContents(line1="1200 N Market Ave", line2="Ste 400"), "labels")
    check = check_bill(pdf, make_order(address={"line1": "1200 North Market Avenue", "line2": "Suite 400"}), TODAY)
    assert field(check, "service_address.line1").status == "near"
    assert field(check, "service_address.line2").differences == ("the bill writes 'Ste', you typed 'Suite'",)


def test_case_only_difference_says_the_bill_uses_capitals() -> None:
    pdf = build_bill_pdf(BillContents(account_name="ABC COMPANY INC"), "window")
    name = field(check_bill(pdf, make_order(name="ABC Company Inc"), TODAY), "name")
    assert name.status == "near"
    assert name.differences == ("bill writes it all in capitals: 'ABC COMPANY INC'",)
    one_word = field(check_bill(pdf, make_order(name="ABC Company INC"), TODAY), "name")
    assert one_word.differences == ("bill has 'COMPANY' in capitals",)


def test_one_mistyped_letter_is_near_with_both_spellings() -> None:
    pdf = build_bill_pdf(BillContents(account_name="Smile Dental Group LLC"), "labels")
    name = field(check_bill(pdf, make_order(name="Smile Dentel Group LLC"), TODAY), "name")
    assert name.status == "near"
    assert name.found == "Smile Dental Group LLC"
    assert name.differences == ("one letter differs: you typed 'Dentel', the bill writes 'Dental'",)


def test_two_swapped_and_dropped_letters_in_a_long_word_are_near_but_three_are_missing(pdfs: dict[str, bytes]) -> None:
    near = check_bill(pdfs["labels"], make_order(address={"city": "Dnevr"}), TODAY)
    assert field(near, "service_address.city").status == "near"
    far = check_bill(pdfs["labels"], make_order(address={"city": "Boulder"}), TODAY)
    assert field(far, "service_address.city").status == "missing"


@pytest.mark.parametrize(("name", "typed", "found", "difference"), [
    ("name", "ABC Compnay, Inc.", "ABC Company, Inc.",
     "one letter differs: you typed 'Compnay', the bill writes 'Company'"),
    ("service_address.line1", "1200 Market Stret", "1200 Market Street",
     "one letter differs: you typed 'Stret', the bill writes 'Street'"),
    ("service_address.line2", "Suiet 400", "Suite 400",
     "one letter differs: you typed 'Suiet', the bill writes 'Suite'"),
])
def test_a_typo_in_a_word_that_has_an_abbreviation_is_near(pdfs: dict[str, bytes], name: str, typed: str,
                                                           found: str, difference: str) -> None:
    checked = [f for f in check_bill(pdfs["labels"], order_typing(name, typed), TODAY).fields if f.value == typed]
    assert [(f.status, f.found, f.differences) for f in checked] == [("near", found, (difference,))]


def test_one_typo_in_each_of_two_words_is_near(pdfs: dict[str, bytes]) -> None:
    line1 = field(check_bill(pdfs["window"], make_order(address={"line1": "1200 Marekt Stret"}), TODAY),
                  "service_address.line1")
    assert (line1.status, line1.found) == ("near", "1200 Market Street")


@pytest.mark.parametrize(("name", "typed", "found"), [
    ("service_address.line2", "Suite400", "Suite 400"),
    ("service_address.line1", "1200 MarketStreet", "1200 Market Street"),
    ("name", "ABCCompany, Inc.", "ABC Company, Inc."),
])
def test_words_run_together_where_the_bill_spaces_them_are_near(pdfs: dict[str, bytes], name: str, typed: str,
                                                                found: str) -> None:
    checked = field(check_bill(pdfs["labels"], order_typing(name, typed), TODAY), name)
    assert (checked.status, checked.found) == ("near", found)
    assert checked.differences == (f"spacing differs: the bill writes '{found}', you typed '{typed}'",)


def test_a_different_digit_in_an_address_is_missing_not_a_typo(pdfs: dict[str, bytes]) -> None:
    check = check_bill(pdfs["labels"], make_order(address={"line1": "1201 Market Street"}), TODAY)
    assert field(check, "service_address.line1").status == "missing"


@pytest.mark.parametrize(("typed", "status"), [
    ("8812-5520-01", "exact"), ("8812552001", "near"), ("8812 5520 01", "near"),
    ("8812-5520-02", "missing"), ("8812-5520", "missing"), ("88125520011", "missing"),
])
def test_account_number_only_separators_may_differ(pdfs: dict[str, bytes], typed: str, status: str) -> None:
    assert field(check_bill(pdfs["labels"], make_order(number=typed), TODAY), "number").status == status


@pytest.mark.parametrize("typed", ["303-555-0100", "+1 303 555 0100", "3035550100", "(303) 555.0100"])
def test_btn_in_any_format_is_exact(pdfs: dict[str, bytes], typed: str) -> None:
    btn = field(check_bill(pdfs["window"], make_order(btn=typed), TODAY), "btn")
    assert btn.status == "exact"
    assert btn.found == "(303) 555-0100"


def test_a_different_btn_is_missing(pdfs: dict[str, bytes]) -> None:
    assert field(check_bill(pdfs["labels"], make_order(btn="303-555-0177"), TODAY), "btn").status == "missing"


def test_zip_rules_five_digits_against_zip_plus_four() -> None:
    plus_four = build_bill_pdf(BillContents(postal_code="80202-1234"), "labels")
    five = build_bill_pdf(BillContents(postal_code="80202"), "labels")
    zip_of = lambda pdf, typed: field(check_bill(pdf, make_order(address={"postal_code": typed}), TODAY),  # noqa: E731
                                      "service_address.postal_code")
    assert zip_of(plus_four, "80202").status == "exact"
    assert zip_of(plus_four, "80202-1234").status == "exact"
    assert zip_of(plus_four, "802021234").status == "near"
    assert zip_of(five, "80202-1234").status == "near"
    assert zip_of(five, "80203").status == "missing"
    assert zip_of(plus_four, "80202-1235").status == "missing"


@pytest.mark.parametrize(("printed", "typed"), [("CO", "Colorado"), ("Colorado", "CO"), ("CO", "co"),
                                                ("New York", "NY"), ("Colorado", "Colarado")])
def test_state_name_and_code_are_near(printed: str, typed: str) -> None:
    pdf = build_bill_pdf(BillContents(state=printed), "labels")
    state = field(check_bill(pdf, make_order(address={"state": typed}), TODAY), "service_address.state")
    assert state.status == "near"
    assert state.found == printed


@pytest.mark.parametrize(("printed", "difference"), [
    ("CO", "one letter differs: you typed 'Colorodo' for 'Colorado'; the bill writes 'CO'"),
    ("Colorado", "one letter differs: you typed 'Colorodo', the bill writes 'Colorado'"),
])
def test_a_mistyped_state_name_says_how_many_letters_differ_and_which_state(printed: str, difference: str) -> None:
    pdf = build_bill_pdf(BillContents(state=printed), "labels")
    state = field(check_bill(pdf, make_order(address={"state": "Colorodo"}), TODAY), "service_address.state")
    assert (state.status, state.differences) == ("near", (difference,))


def test_dots_typed_between_letters_are_called_punctuation_not_only_spacing() -> None:
    pdf = build_bill_pdf(BillContents(state="CO"), "labels")
    state = field(check_bill(pdf, make_order(address={"state": "C.O."}), TODAY), "service_address.state")
    assert (state.status, state.differences) == (
        "near", ("spacing and punctuation differ: the bill writes 'CO', you typed 'C.O.'",))


def test_a_state_code_is_not_found_in_a_company_abbreviation() -> None:
    pdf = build_bill_pdf(BillContents(account_name="Front Range Co", state="Colorado"), "labels")
    state = field(check_bill(pdf, make_order(address={"state": "CO"}), TODAY), "service_address.state")
    assert state.status == "near"
    assert state.found == "Colorado"


def test_a_different_state_is_missing(pdfs: dict[str, bytes]) -> None:
    check = check_bill(pdfs["labels"], make_order(address={"state": "Wyoming"}), TODAY)
    assert field(check, "service_address.state").status == "missing"


def test_exact_wins_over_an_earlier_near_place() -> None:
    pdf = free_form_pdf([[(72, 100, "ABC COMPANY INC"), (72, 300, "Customer: ABC Company Inc")]])
    name = field(check_bill(pdf, make_order(name="ABC Company Inc"), TODAY), "name")
    assert name.status == "exact"
    assert name.rects[0][1] > 280


def test_among_near_places_the_closest_wins() -> None:
    pdf = free_form_pdf([[(72, 100, "abc company, inc."), (72, 300, "ABC Company, Inc")]])
    name = field(check_bill(pdf, make_order(name="ABC Company Inc"), TODAY), "name")
    assert name.status == "near"
    assert name.found == "ABC Company, Inc"


def test_a_value_wrapped_over_two_lines_of_one_block_is_exact() -> None:
    pdf = free_form_pdf([[(72, 100, "Rocky Mountain Family"), (72, 112, "Dental Associates LLC")]])
    name = field(check_bill(pdf, make_order(name="Rocky Mountain Family Dental Associates LLC"), TODAY), "name")
    assert name.status == "exact"
    assert len(name.rects) == 2


def test_fields_on_page_two_report_page_two() -> None:
    pdf = free_form_pdf([[(72, 100, "Account Name: ABC Company, Inc.")],
                         [(72, 100, "Service address"), (72, 140, "77 Pine Road, Boulder, CO 80301")]])
    check = check_bill(pdf, make_order(address={"line1": "77 Pine Rd", "city": "Boulder", "postal_code": "80301"}),
                       TODAY)
    line1 = field(check, "service_address.line1")
    assert (line1.status, line1.page) == ("near", 2)
    assert field(check, "service_address.city").page == 2
    assert field(check, "name").page == 1


def test_numbers_compared_by_value_and_toll_free_ignored_on_a_local_order() -> None:
    pdf = build_bill_pdf(BillContents(extra_pages=1), "multipage")
    order = make_order(numbers=["303-555-0100", "+1 303 555 0101", "303.555.0999"])
    check = check_bill(pdf, order, TODAY)
    assert check.on_order_not_on_bill == ["+13035550999"]
    assert check.on_bill_not_on_order == ["+13035550102"]  # the 1-800 customer-service number is not listed


def test_a_toll_free_order_ignores_the_local_numbers_on_the_bill() -> None:
    pdf = build_bill_pdf(BillContents(numbers=["1-888-555-0142", "(303) 555-0100"], customer_service="1-800-555-0199"),
                         "labels")
    check = check_bill(pdf, make_order(numbers=["888-555-0142"], kind="toll_free"), TODAY)
    assert check.on_order_not_on_bill == []
    assert check.on_bill_not_on_order == ["+18005550199"]


def test_a_scan_reports_every_filled_field_unchecked(pdfs: dict[str, bytes]) -> None:
    check = check_bill(pdfs["scanned"], make_order(authorized_user=None), TODAY)
    assert not check.text_layer
    assert [f.status for f in check.fields] == ["unchecked"] * 8
    assert "account.authorized_user" not in [f.field for f in check.fields]
    assert check.date is None and check.age_days is None


def test_empty_fields_are_not_checked(pdfs: dict[str, bytes]) -> None:
    order = make_order(btn=None, authorized_user="", address={"line2": None})
    names = [f.field for f in check_bill(pdfs["labels"], order, TODAY).fields]
    assert "account.btn" not in names and "account.authorized_user" not in names
    assert "account.service_address.line2" not in names


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize(("printed", "typed", "difference"), [
    ("ABC Company, Inc.", "ABC Company, Iec.", "one letter differs: you typed 'Iec', the bill writes 'Inc'"),
    ("ABC Company, Iec.", "ABC Company, Inc.", "one letter differs: you typed 'Inc', the bill writes 'Iec'"),
])
def test_one_mistyped_letter_in_a_three_letter_word_is_near_in_every_layout(
        layout: str, printed: str, typed: str, difference: str) -> None:
    pdf = build_bill_pdf(BillContents(account_name=printed), layout)
    name = field(check_bill(pdf, make_order(name=typed), TODAY), "name")
    assert (name.status, name.found, name.differences) == ("near", printed, (difference,))


def test_a_two_letter_word_still_has_to_match_as_it_is(pdfs: dict[str, bytes]) -> None:
    # One letter of two is half the word: CA typed for the bill's CO is another state, not a typo.
    state = field(check_bill(pdfs["labels"], make_order(address={"state": "CA"}), TODAY), "service_address.state")
    assert state.status == "missing"
