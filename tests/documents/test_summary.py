"""The order summary PDF: every field, PIN masked, every number, documents and findings listed."""

from __future__ import annotations

import datetime as dt

import pymupdf

from portdesk.documents.loa import format_number
from portdesk.documents.summary import PIN_MASK, SummaryDocument, SummaryHeader, generate_summary
from portdesk.domain.findings import finding
from portdesk.domain.order import Comment, Contact
from tests.documents.loa_samples import numbers, order, pdf_text

BILL = SummaryDocument("bill", "bill-nov.pdf", 123_456, "ab" * 32, "statement 2026-11-03")
LOA = SummaryDocument("loa", "loa-signed.pdf", 45_000, "cd" * 32, "signed by Jane Doe on 2026-11-15")
FINDINGS = [
    finding("ACCOUNT_NAME_TOO_LONG", "account.name", "The account name is longer than 25 characters."),
    finding("BILL_TOO_OLD", "documents.bill", "The bill is 41 days old; the carrier accepts 30."),
]


def _text(data: bytes) -> str:
    return " ".join("\n".join(pdf_text(data)).split())


def test_every_order_field_is_listed_and_the_pin_is_masked() -> None:
    o = order(3)
    o.contacts = [Contact(name="Sam Lee", email="sam@abc.example", phone="+13035550199")]
    o.comments = [Comment(text="Full legal name is ABC Company, Incorporated", author="coordinator")]
    text = _text(generate_summary(o, header=SummaryHeader(order_id=42, status="draft", provider_name="2600Hz Porting Manager")))
    for expected in (
        "ABC Company - Denver",
        "2600Hz Porting Manager",
        "Lumen",
        "ABC Company, Inc.",
        "8812-5520-01",
        "(720) 555-0100",
        "Jane Doe",
        "1200 Market Street, Suite 400, Denver, CO 80202",
        "Partial",
        "(720) 555-0199",
        "2026-12-10 09:00 (America/Denver)",
        "Order 42",
        "sam@abc.example",
        "ABC Company, Incorporated",
    ):
        assert expected in text, expected
    assert "97531" not in text
    assert PIN_MASK in text


def test_every_number_is_in_the_table_across_pages() -> None:
    data = generate_summary(order(600))
    text = _text(data)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count > 1
    assert "Numbers to port (600)" in text
    for number in numbers(600):
        assert format_number(number) in text, number


def test_documents_and_findings_are_listed_with_counts() -> None:
    text = _text(generate_summary(order(2), documents=[BILL, LOA], findings=FINDINGS))
    assert "Documents (2)" in text
    assert "bill-nov.pdf" in text and "loa-signed.pdf" in text
    assert "ab" * 32 in text.replace(" ", "")
    assert "statement 2026-11-03" in text
    assert "Findings (1 errors, 1 warnings)" in text
    assert "ACCOUNT_NAME_TOO_LONG" in text and "BILL_TOO_OLD" in text
    assert "41 days old" in text


def test_no_documents_and_no_findings_are_said_in_words() -> None:
    text = _text(generate_summary(order(1)))
    assert "No documents attached." in text
    assert "No findings" in text


def test_text_with_markup_characters_is_printed_as_written() -> None:
    o = order(1)
    o.account.name = "Smith & Sons <West>"
    assert "Smith & Sons <West>" in _text(generate_summary(o))


def test_same_input_same_bytes() -> None:
    header = SummaryHeader(order_id=1, generated_on=dt.date(2026, 11, 22))
    first = generate_summary(order(50), documents=[BILL], findings=FINDINGS, header=header)
    assert first == generate_summary(order(50), documents=[BILL], findings=FINDINGS, header=header)


def test_letters_beyond_latin_print_as_written() -> None:
    o = order(2)
    o.account.name = "Łódź Trading Sp. z o.o."
    o.contacts = [Contact(name="Жанна Иванова", email="zh@example.com")]
    text = _text(generate_summary(o))
    assert "Łódź Trading Sp. z o.o." in text
    assert "Жанна Иванова" in text
