"""Street lines in parts with usaddress: the bill's own characters per part, USPS abbreviations apart."""

from __future__ import annotations

import pytest

from portdesk.domain.address_parts import (
    AddressParts,
    parse_us_street,
    read_city_line,
    read_street_line,
    state_code,
)


def test_the_cli_example_keeps_the_bills_word_for_the_suffix() -> None:
    parts = parse_us_street("1200 Market Street", "Suite 400")
    assert parts == AddressParts("1200", None, "Market", "Street", None, "Suite 400")


@pytest.mark.parametrize(("line", "expected"), [
    ("4 W 21st St Fl 3", AddressParts("4", "W", "21st", "St", None, "Fl 3")),
    ("1600 Pennsylvania Ave NW", AddressParts("1600", None, "Pennsylvania", "Ave", "NW", None)),
    ("500 N. Broadway Ave., #12", AddressParts("500", "N.", "Broadway", "Ave.", None, "#12")),
    ("1200 Market Street, Suite 400", AddressParts("1200", None, "Market", "Street", None, "Suite 400")),
])
def test_each_part_is_the_lines_own_characters(line: str, expected: AddressParts) -> None:
    assert parse_us_street(line) == expected


def test_the_unit_on_the_street_line_is_located_so_line1_and_line2_can_be_split() -> None:
    read = read_street_line("1200 Market Street, Suite 400")
    assert read.street == (0, 18) and read.unit == (20, 29)


def test_usps_abbreviations_come_from_publication_28_tables() -> None:
    parts = parse_us_street("1200 North Market Street", "Suite 400")
    assert parts.usps() == AddressParts("1200", "N", "MARKET", "ST", None, "STE 400")
    assert parts.usps_line1() == "1200 N MARKET ST"


def test_a_po_box_is_no_street_and_a_unit_line_is_only_a_unit() -> None:
    assert read_street_line("PO Box 91155").po_box and not read_street_line("PO Box 91155").is_street
    assert read_street_line("Suite 400").is_unit_only
    assert not read_street_line("ABC Company, Inc.").is_street


def test_city_lines_need_a_known_state_and_a_zip() -> None:
    line = read_city_line("Salt Lake City, UT 84101-1234")
    assert line is not None and (line.city, line.state, line.postal_code) == ("Salt Lake City", "UT", "84101-1234")
    assert read_city_line("Page 1 of 2") is None
    assert read_city_line("1200 Market Street") is None
    assert state_code("Colorado") == "CO" and state_code("Narnia") is None


def test_a_one_line_address_says_where_its_city_begins() -> None:
    text = "1200 Market Street, Suite 400, Denver, CO 80202"
    line = read_city_line(text)
    assert line is not None and text[line.start:] == "Denver, CO 80202"


def test_an_absurdly_long_line_is_not_parsed() -> None:
    assert read_street_line("1 " * 500).parts == AddressParts()
