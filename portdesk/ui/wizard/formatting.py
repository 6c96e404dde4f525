"""Showing order values the way coordinators read them (the order file keeps E.164)."""

from __future__ import annotations

from portdesk.domain.numbers import display_number


def national(number: str | None) -> str:
    """+13035550100 as (303) 555-0100; anything that is not a valid number as it was typed."""
    return display_number(number) if number else ""


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
