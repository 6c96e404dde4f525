"""Canonical words, typo allowances and the differences told to the coordinator."""

from __future__ import annotations

import pytest

from portdesk.documents.match_diff import identifier_differences, text_differences
from portdesk.documents.match_text import edit_distance, tokens, typo_allowance


def canon(text: str) -> list[str]:
    return [t.canon for t in tokens(text)]


def test_abbreviations_states_case_and_punctuation_share_one_canonical_form() -> None:
    assert canon("1200 N. Market Street, Suite #4") == canon("1200 north market st ste 4")
    assert canon("Denver, Colorado") == canon("DENVER CO")
    assert canon("New York") == ["ny"]


def test_token_spans_point_back_into_the_text() -> None:
    text = "Rochester, New York 14604"
    assert [t.surface(text) for t in tokens(text)] == ["Rochester", "New York", "14604"]


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("dental", "dental", 0), ("dentel", "dental", 1), ("dnetal", "dental", 1), ("denvr", "denver", 1),
    ("dnevr", "denver", 2), ("boulder", "denver", 3),
])
def test_edit_distance_counts_swapped_neighbours_once_and_stops_past_the_limit(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 2) == distance


def test_typos_are_allowed_only_in_words_of_text_long_enough() -> None:
    assert [typo_allowance(w) for w in ("st", "main", "denver", "80202", "b12")] == [0, 1, 2, 0, 0]


def test_differences_name_punctuation_case_abbreviation_and_typos() -> None:
    assert text_differences("ABC Company Inc", "ABC Company, Inc.") == [
        "bill has ',' after 'Company'", "bill has '.' after 'Inc'"]
    assert text_differences("abc Company", "ABC Company") == ["bill has 'ABC' in capitals"]
    assert text_differences("1200 Market St", "1200 Market Street") == ["the bill writes 'Street', you typed 'St'"]
    assert text_differences("Dentel Care", "Dental Care") == [
        "one letter differs: you typed 'Dentel', the bill writes 'Dental'"]
    assert text_differences("ABC Co., Inc", "ABC Co Inc") == ["you typed '.,' after 'Co'; the bill has none"]


def test_spacing_differences_are_reported_as_such() -> None:
    assert text_differences("ABC Company", "ABCCompany")[0].startswith("spacing differs")


def test_identifier_differences_are_about_separators() -> None:
    assert identifier_differences("8812552001", "8812-5520-01") == [
        "separators differ: the bill writes '8812-5520-01', you typed '8812552001'"]
    assert identifier_differences("8812-5520-01", "8812-5520-01") == []
