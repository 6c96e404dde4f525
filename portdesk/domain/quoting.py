"""User values inside messages: short, on one line, always printable.

A value from a file can be 10 MB long, hold a newline, a NUL or a lone surrogate (which cannot
even be written to a UTF-8 terminal). Every message that shows such a value goes through
`quoted`, so an error stays one readable line whatever the input was.
"""

from __future__ import annotations

import unicodedata

QUOTE_LIMIT = 80  # characters of a user value shown in a message


def _visible(char: str) -> str:
    # Control, format, surrogate and private-use characters, and line/paragraph separators.
    if unicodedata.category(char)[0] in "CZ" and char != " ":
        return char.encode("unicode_escape").decode("ascii")
    return char


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters of `text` (then "…"), with invisible characters escaped."""
    shown = "".join(_visible(c) for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`value` in single quotes for a message; text is shortened, anything else shown by kind."""
    if isinstance(value, str):
        return f"'{shorten(value, limit)}'"
    if isinstance(value, bool) or value is None:
        return "true" if value is True else "false" if value is False else "null"
    if isinstance(value, int):
        digits = len(str(abs(value))) if value.bit_length() < 10_000 else None
        return str(value) if digits is not None and digits <= limit else "a very long number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    return "a list" if isinstance(value, list) else type(value).__name__
