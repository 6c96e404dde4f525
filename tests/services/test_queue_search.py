"""Search: names, account names and numbers as substrings; phone numbers typed in any format."""

from __future__ import annotations

import pytest

from portdesk.domain.status import Status, Tab
from portdesk.services.queue import make_search


@pytest.fixture
def orders(queue, make_order):
    denver = make_order(name="ABC Company - Denver", account={"name": "ABC Company, Inc.", "number": "8812-5520-01"},
                        numbers=["+13035550101", "+13035550102"])
    boston = make_order(name="Harbor Dental", account={"name": "Harbor Dental LLC", "number": "77-100_5%"},
                        numbers=["+16175550199"])
    plain = make_order(name="Zed Bakery", account={"name": None, "number": "4400"}, numbers=["+17205550123"])
    ids = queue.create_orders([denver, boston, plain], "ann")
    queue.change_status(ids[2], Status.SUBMITTED, "ann")
    return dict(zip(["denver", "boston", "plain"], ids, strict=True))


def _found(queue, text: str) -> set[int]:
    ids: set[int] = set()
    for tab in Tab:
        rows, _ = queue.page(tab, search=text, limit=50)
        ids |= {r.id for r in rows}
    return ids


@pytest.mark.parametrize("typed", ["(303) 555-0101", "303.555.0101", "+1 303 555 0101", "5550101",
                                   "1-303-555-0101", "3035550101"])
def test_a_phone_number_in_any_format_finds_its_order(queue, orders, typed):
    assert _found(queue, typed) == {orders["denver"]}


def test_name_search_is_case_insensitive_substring(queue, orders):
    assert _found(queue, "harbor") == {orders["boston"]}
    assert _found(queue, "DENVER") == {orders["denver"]}
    assert _found(queue, "company, inc") == {orders["denver"]}


def test_account_number_search(queue, orders):
    assert _found(queue, "8812-5520") == {orders["denver"]}


def test_short_digits_match_text_only_not_phone_numbers(queue, orders):
    # "4400" is 4 digits: it matches the account number; no number holds it
    assert _found(queue, "4400") == {orders["plain"]}
    # three digits are not a phone search: "555" is in every number but in no name or account
    assert _found(queue, "555") == set()


def test_like_wildcards_in_the_search_text_are_literal(queue, orders):
    assert _found(queue, "_5%") == {orders["boston"]}
    assert _found(queue, "%") == {orders["boston"]}


def test_counts_use_the_same_search(queue, orders):
    assert queue.counts("555-0123") == {Tab.SUSPENDED: 0, Tab.PROGRESSING: 1, Tab.COMPLETED: 0}


def test_blank_search_is_no_filter(queue, orders):
    assert make_search("   ") is None
    assert sum(queue.counts("  ").values()) == 3


def test_eleven_digits_with_a_leading_one_lose_the_country_code():
    search = make_search("1 (303) 555-0101")
    assert search is not None and search.digits == "3035550101"
