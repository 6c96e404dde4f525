"""User values in messages: at most ~80 characters, one line, printable whatever the input."""

from __future__ import annotations

from portdesk.domain.quoting import QUOTE_LIMIT, quoted


def test_a_ten_megabyte_value_is_cut_to_the_limit() -> None:
    shown = quoted("x" * 10_000_000)
    assert shown == "'" + "x" * QUOTE_LIMIT + "…'"


def test_newlines_nul_and_lone_surrogates_are_escaped_so_the_message_is_one_printable_line() -> None:
    shown = quoted("a\nb\x00c\ud800d\u2028e")
    assert shown == "'a\\nb\\x00c\\ud800d\\u2028e'"
    shown.encode("utf-8")  # a lone surrogate would make this (and writing to stderr) fail


def test_escapes_do_not_make_the_quote_unbounded() -> None:
    assert len(quoted("\x00" * 1000)) <= QUOTE_LIMIT * 4 + 3


def test_an_integer_too_long_to_print_is_named_not_printed() -> None:
    assert quoted(10**5000) == "a very long number"
    assert quoted(4321) == "4321"


def test_other_json_values_are_named_by_kind() -> None:
    assert [quoted(v) for v in ([1], {"a": 1}, None, True, 1.5)] == ["a list", "an object", "null", "true", "1.5"]
