"""The generated (unsigned) LOA: every field, every number, continuation pages, no PIN, deterministic."""

from __future__ import annotations

import hashlib

import pymupdf
import pytest

from portdesk.documents.loa import format_number, generate_loa, render_loa
from tests.documents.loa_samples import digits, numbers, order, pdf_text


@pytest.mark.parametrize("count", [1, 40, 600])
def test_every_number_appears_formatted_and_none_is_dropped(count: int) -> None:
    loa = render_loa(order(count))
    pages = pdf_text(loa.data)
    text = "\n".join(pages)
    assert loa.numbers == count
    for number in numbers(count):
        assert format_number(number) in text, number
    # each number printed exactly once: count the formatted numbers in the numbers sections
    shown = [line for page in pages for line in page.splitlines() if line.startswith("(303) 20")]
    assert len(shown) == count


def test_40_numbers_fit_on_one_page_with_no_continuation() -> None:
    loa = render_loa(order(40))
    pages = pdf_text(loa.data)
    assert loa.pages == len(pages) == 1
    assert "Numbers to port (continued)" not in pages[0]
    assert "page 1 of 1" in pages[0]


def test_600_numbers_flow_onto_continuation_pages_counted_page_i_of_n() -> None:
    loa = render_loa(order(600))
    pages = pdf_text(loa.data)
    n = len(pages)
    assert loa.pages == n >= 3
    for i, page in enumerate(pages, start=1):
        assert f"page {i} of {n}" in page
        assert ("Numbers to port (continued)" in page) == (i > 1)
    assert "continued on the following pages" in pages[0]
    # the last number is on the last page, the first on the first
    assert format_number(numbers(600)[-1]) in pages[-1]
    assert format_number(numbers(600)[0]) in pages[0]


def test_every_field_of_the_order_is_on_page_one() -> None:
    text = pdf_text(generate_loa(order(3)))[0]
    for expected in (
        "Letter of Authorization",
        "ABC Company, Inc.",
        "Jane Doe",
        "1200 Market Street, Suite 400",
        "Denver, CO 80202",
        "Lumen",
        "8812-5520-01",
        "(720) 555-0100",  # BTN, formatted
        "Partial port",
        "(720) 555-0199",  # the new BTN of a partial port
        "2026-12-10",
        "Signature",
        "Printed name",
        "Title",
        "Date",
    ):
        assert expected in text, expected


def test_the_pin_is_never_printed_but_said_to_be_provided_separately() -> None:
    data = generate_loa(order(600))
    text = "\n".join(pdf_text(data))
    assert "97531" not in text
    assert "97531" not in digits(text.replace("(303)", ""))
    assert b"97531" not in data
    assert "provided separately" in text


def test_an_order_without_a_pin_says_none() -> None:
    o = order(2)
    o.account.pin = None
    assert "provided separately" not in pdf_text(generate_loa(o))[0]


def test_full_port_is_said_in_words() -> None:
    text = pdf_text(generate_loa(order(2, port_type="full", new_btn=None)))[0]
    assert "Full port" in text
    assert "Partial port" not in text


def test_gaining_provider_name_is_printed_and_used_in_the_authorization_text() -> None:
    text = pdf_text(generate_loa(order(2), provider_name="Acme Voice Networks"))[0]
    assert text.count("Acme Voice Networks") >= 2


def test_the_authorization_text_comes_from_the_template_with_placeholders_filled() -> None:
    text = pdf_text(generate_loa(order(2)))[0]
    assert "authorizes" in text
    assert "$" not in text


def test_same_order_gives_the_same_bytes_and_a_change_gives_others() -> None:
    first = generate_loa(order(40))
    assert hashlib.sha256(first).digest() == hashlib.sha256(generate_loa(order(40))).digest()
    other = order(40)
    other.numbers[17] = "+13032009998"
    assert generate_loa(other) != first


def test_an_empty_order_still_makes_a_readable_loa() -> None:
    from portdesk.domain.order import PortOrder

    loa = render_loa(PortOrder())
    text = pdf_text(loa.data)[0]
    assert loa.pages == 1 and loa.numbers == 0
    assert "(no numbers entered)" in text
    assert "(not entered)" in text


def test_invalid_numbers_are_printed_as_typed_not_dropped() -> None:
    o = order(2)
    o.numbers.append("555-01")
    assert "555-01" in pdf_text(generate_loa(o))[0]


def test_metadata_marks_the_document_as_a_portdesk_loa() -> None:
    with pymupdf.open(stream=generate_loa(order(1)), filetype="pdf") as doc:
        assert doc.metadata is not None
        assert doc.metadata["subject"] == "Letter of Authorization"
        assert doc.metadata["creator"] == "PortDesk"


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("+13035550100", "(303) 555-0100"),
        ("+18005551234", "(800) 555-1234"),
        ("+442079460958", "+44 20 7946 0958"),
        ("555-01", "555-01"),  # not a number: as typed, never dropped
    ],
)
def test_numbers_are_formatted_the_way_people_read_them(number: str, shown: str) -> None:
    assert format_number(number) == shown


def test_letters_beyond_latin_print_as_written_not_as_boxes() -> None:
    o = order(3)
    o.account.name = "Łódź Trading Sp. z o.o."
    o.account.authorized_user = "Жанна Иванова"
    text = pdf_text(generate_loa(o))[0]
    assert "Łódź Trading Sp. z o.o." in text
    assert "Жанна Иванова" in text
    assert format_number(numbers(3)[2]) in text
