"""Reading pasted text and CSV number lists: every number found, nothing silently dropped."""

from __future__ import annotations

import pytest

from portdesk.domain.number_input import find_columns, judge, read_any_text, read_rows, read_text, split_line


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("(303) 555-0100", ["(303) 555-0100"]),
        ("+1 303 555 0100", ["+1 303 555 0100"]),
        ("1 303 555 0100", ["1 303 555 0100"]),
        ("3035550100 x12", ["3035550100 x12"]),
        ("303-555-0100 ext. 5", ["303-555-0100 ext. 5"]),
        ("3035550100, 3035550101;303.555.0102", ["3035550100", "3035550101", "303.555.0102"]),
        ("303 555 0100 303 555 0101", ["303 555 0100", "303 555 0101"]),
        ("(303) 555-0100 (303) 555-0101", ["(303) 555-0100", "(303) 555-0101"]),
        ("3035550100\t3035550101", ["3035550100", "3035550101"]),
        ("+13035550100+13035550101", ["+13035550100", "+13035550101"]),
        ("+44 20 7946 0958 +61 2 9374 4000", ["+44 20 7946 0958", "+61 2 9374 4000"]),
        ("1. 303-555-0100", ["303-555-0100"]),
        ("Main fax 303-555-0100", ["303-555-0100"]),
        ("555-01", ["555-01"]),
        ("303/555-0100", ["303/555-0100"]),
        ("(303) / 555-0100, 303-555-0101", ["(303) / 555-0100", "303-555-0101"]),
        ("3035550100/3035550101", ["3035550100", "3035550101"]),
        ("303-555-0100 / 303-555-0101", ["303-555-0100", "303-555-0101"]),
        ("(303) 555 - 0100", ["(303) 555 - 0100"]),
        ("303 . 555 . 0100; 303-555-0101 - 303-555-0102", ["303 . 555 . 0100", "303-555-0101", "303-555-0102"]),
        ("555-01 - 303-555-0100", ["555-01", "303-555-0100"]),
        ("1-800-FLOWERS", ["1-800-FLOWERS"]),
        ("2. (800) GOT-JUNK, 303-555-0100", ["(800) GOT-JUNK", "303-555-0100"]),
        ("1-800-555-0100 MAIN LINE", ["1-800-555-0100"]),
        ("no numbers here", ["no numbers here"]),  # judged (and found invalid), never dropped
    ],
)
def test_split_line_finds_each_number_as_typed(line: str, found: list[str]) -> None:
    assert split_line(line) == found


def test_read_text_keeps_line_numbers() -> None:
    raw = read_text("303-555-0100\n\n303-555-0101, 303-555-0102\n")
    assert [(r.line, r.text) for r in raw] == [(1, "303-555-0100"), (3, "303-555-0101"), (3, "303-555-0102")]


def test_csv_with_header_reads_the_number_column_and_the_carrier() -> None:
    text = "Account Number,Phone Number,Losing Carrier\n8812,303-555-0100,Lumen\n8812,303-555-0101,Comcast\n"
    raw = read_any_text(text)
    assert [(r.line, r.text, r.losing_carrier) for r in raw] == [
        (2, "303-555-0100", "Lumen"),
        (3, "303-555-0101", "Comcast"),
    ]


@pytest.mark.parametrize("header", ["number", "Phone", "TN", "telephone", "Telephone Number", "DID"])
def test_number_column_is_found_by_usual_names(header: str) -> None:
    assert find_columns(["Site", header, "Carrier"]) == (1, 2)


def test_csv_with_a_title_line_above_the_header_reads_the_number_column_and_the_carrier() -> None:
    text = "ACME numbers to port\n\nSite,Phone,Carrier\nDenver,303-555-0100,Lumen\nBoulder,720-555-0100,Comcast\n"
    raw = read_any_text(text)
    assert [(r.line, r.text, r.losing_carrier) for r in raw] == [
        (4, "303-555-0100", "Lumen"),
        (5, "720-555-0100", "Comcast"),
    ]


def test_a_single_column_header_on_the_first_row_is_still_a_header() -> None:
    raw = read_rows([["Phone numbers to port"], ["303-555-0100"], ["303 555 0101"]])
    assert [(r.line, r.text) for r in raw] == [(2, "303-555-0100"), (3, "303 555 0101")]


def test_rows_with_digits_before_any_header_are_data_not_titles() -> None:
    raw = read_rows([["303-555-0100", "Lumen"], ["Site", "Phone", "Carrier"], ["x", "303-555-0101", "Comcast"]])
    # The words-only row is judged (invalid), not dropped.
    assert [(r.text, r.losing_carrier) for r in raw] == [
        ("303-555-0100", None), ("Site, Phone, Carrier", None), ("303-555-0101", None),
    ]


@pytest.mark.parametrize(
    ("header", "carrier_col"),
    [(["TN", "Old Provider"], 1), (["TN", "Previous Carrier"], 1), (["TN", "New Provider", "Carrier Name"], 2),
     (["TN", "Gaining Carrier"], None)],
)
def test_losing_carrier_column_is_found_by_usual_names(header: list[str], carrier_col: int | None) -> None:
    assert find_columns(header) == (0, carrier_col)


def test_account_number_is_not_mistaken_for_the_phone_column() -> None:
    assert find_columns(["Account Number", "Notes"]) == (None, None)


def test_rows_without_header_are_read_as_text() -> None:
    raw = read_rows([["303-555-0100", None], ["3035550101", "x"]])
    assert [r.text for r in raw] == ["303-555-0100", "3035550101"]


def test_a_vanity_toll_free_number_is_read_as_its_digits() -> None:
    [entry] = judge(read_text("1-800-FLOWERS"))
    assert (entry.input, entry.e164, entry.kind) == ("1-800-FLOWERS", "+18003569377", "toll_free")


def test_judge_classifies_and_flags_repeats() -> None:
    entries = judge(read_text("303-555-0100\n(303) 555-0100\n555-01"))
    assert [(e.valid, e.duplicate) for e in entries] == [(True, False), (True, True), (False, False)]


def test_a_line_without_digits_is_an_entry_judged_invalid_not_dropped() -> None:
    entries = judge(read_text("303-555-0100\nhello\n\n   \n---\n"))
    assert [(e.line, e.input, e.valid) for e in entries] == [
        (1, "303-555-0100", True), (2, "hello", False), (5, "---", False),
    ]
    assert "no digits" in (entries[1].error or "")


def test_a_heading_that_names_the_number_column_is_not_an_entry() -> None:
    raw = read_text("Phone numbers\n303-555-0100\n")
    assert [(r.line, r.text) for r in raw] == [(2, "303-555-0100")]


def test_a_csv_row_with_text_but_no_number_is_listed_with_its_reason() -> None:
    text = "Site,Phone,Carrier\nDenver,,Lumen\nBoulder,hello,Comcast\n,,\nAurora,303-555-0100,Lumen\n"
    entries = judge(read_any_text(text))
    assert [(e.line, e.input, e.valid) for e in entries] == [
        (2, "", False), (3, "hello", False), (5, "303-555-0100", True),
    ]
    assert "'Phone' column is empty" in (entries[0].error or "")
    assert "no digits" in (entries[1].error or "")


def test_a_table_without_header_lists_a_row_of_words() -> None:
    entries = judge(read_rows([["303-555-0100", None], ["Total", "x"]]))
    assert [(e.line, e.valid) for e in entries] == [(1, True), (2, False)]
