"""Showing order values the way coordinators read them (the order file keeps E.164)."""

from __future__ import annotations

import phonenumbers


def national(number: str | None) -> str:
    """+13035550100 as (303) 555-0100; anything that is not a valid number as it was typed."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 1
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, style)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
