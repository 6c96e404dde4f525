"""The statement date among the other dates a bill prints (due date, service period, previous statement)."""

from __future__ import annotations

import datetime as dt

import pytest

from portdesk.demo.bill_story import DATE_FORMATS, LAYOUTS, BillContents, build_bill_pdf
from portdesk.documents.bill import statement_date_of
from portdesk.documents.bill_dates import dates_in, label_score
from portdesk.documents.sheet_pdf import free_form_pdf

NOV_3 = dt.date(2026, 11, 3)


@pytest.mark.parametrize("text", ["11/03/2026", "November 3, 2026", "Nov 3, 2026", "2026-11-03", "03 Nov 2026",
                                  "Nov. 3, 2026", "3 November 2026", "11/03/26", "11-03-2026"])
def test_every_common_date_format_is_read(text: str) -> None:
    assert [d for d, _, _ in dates_in(f"Date: {text} thanks")] == [NOV_3]


def test_numbers_that_only_look_like_dates_are_not_dates() -> None:
    assert dates_in("Account 8812-5520-01 phone 303-555-0100 amount 13/45/2026 page 1/2") == []


@pytest.mark.parametrize(("label", "score"), [
    ("Statement Date:", 3), ("Bill Date", 3), ("Invoice Date", 3), ("Date of bill", 3), ("Date:", 1),
    ("Payment Due Date:", -1), ("Previous Statement Date:", -1), ("Service Period", -1), ("Amount", 0),
])
def test_labels_are_scored_for_the_statement_date(label: str, score: int) -> None:
    assert label_score(label) == score


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "scanned"])
@pytest.mark.parametrize("date_format", DATE_FORMATS)
def test_statement_date_is_found_among_decoys_in_every_layout_and_format(layout: str, date_format: str) -> None:
    bill = BillContents(date_format=date_format, statement_date=dt.date(2026, 11, 3),
                        due_date=dt.date(2026, 11, 28), previous_statement_date=dt.date(2026, 10, 3))
    assert statement_date_of(build_bill_pdf(bill, layout)) == dt.date(2026, 11, 3)


@pytest.mark.parametrize("label", ["Bill Date", "Invoice Date", "Date of bill", "Billing Date", "Date Issued"])
def test_other_labels_for_the_statement_date(label: str) -> None:
    bill = BillContents(statement_label=label, statement_date=dt.date(2026, 9, 14))
    assert statement_date_of(build_bill_pdf(bill, "labels")) == dt.date(2026, 9, 14)
    assert statement_date_of(build_bill_pdf(bill, "window")) == dt.date(2026, 9, 14)


def test_a_service_period_is_never_the_statement_date_even_alone() -> None:
    pdf = free_form_pdf([[(72, 100, "Service period 10/01/2026 - 10/31/2026"),
                          (72, 130, "Usage from Oct 1, 2026 through Oct 31, 2026")]])
    assert statement_date_of(pdf) is None


def test_label_on_the_same_line_after_another_date() -> None:
    pdf = free_form_pdf([[(72, 100, "Due Date: 12/01/2026    Bill Date: 11/09/2026    Previous bill: 10/09/2026")]])
    assert statement_date_of(pdf) == dt.date(2026, 11, 9)


def test_label_above_the_date_in_a_summary_row() -> None:
    pdf = free_form_pdf([[
        (300, 100, "Payment Due"), (400, 100, "Statement Date"), (500, 100, "Total"),
        (300, 114, "12/01/2026"), (400, 114, "11/09/2026"), (500, 114, "$10.00"),
    ]])
    assert statement_date_of(pdf) == dt.date(2026, 11, 9)


def test_statement_date_printed_on_page_two_is_found() -> None:
    pdf = free_form_pdf([[(72, 100, "Payment due by 12/01/2026")], [(72, 100, "Invoice date 2026-11-07")]])
    assert statement_date_of(pdf) == dt.date(2026, 11, 7)


def test_an_unlabelled_date_at_the_top_of_page_one_is_taken_when_nothing_is_labelled() -> None:
    pdf = free_form_pdf([[(400, 60, "November 5, 2026"), (72, 100, "Pay by December 1, 2026")]])
    assert statement_date_of(pdf) == dt.date(2026, 11, 5)


def test_no_date_at_all_is_none() -> None:
    assert statement_date_of(free_form_pdf([[(72, 100, "Thank you for your business")]])) is None


def test_the_end_of_a_period_written_without_its_year_at_the_start_is_not_the_date() -> None:
    pdf = free_form_pdf([[(72, 100, "Billing Period: Oct 1 - Oct 31, 2026"), (72, 120, "Bill Date: Nov 3, 2026"),
                          (72, 140, "Period 10/01/2026 - 10/31")]])
    assert statement_date_of(pdf) == dt.date(2026, 11, 3)


def test_a_period_alone_with_a_partial_start_leaves_no_statement_date() -> None:
    pdf = free_form_pdf([[(72, 100, "Charges Oct 1 - Oct 31, 2026")]])
    assert statement_date_of(pdf) is None
