"""Telephone numbers: parse, normalise to E.164, classify.

phonenumbers is allowed in the domain: it is pure data and code, no I/O.
"""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "US"


def to_e164(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164 (`+13035550100`), or None when the text is not a valid number."""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
