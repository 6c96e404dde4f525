"""Small helpers the dialects share: number shapes, toll-free prefixes, ISO times."""

from __future__ import annotations

import datetime as dt
import re

TOLL_FREE_NPAS = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def is_e164(text: object) -> bool:
    return isinstance(text, str) and bool(_E164.match(text))


def number_type(e164: str) -> str:
    return "toll_free" if e164.startswith("+1") and e164[2:5] in TOLL_FREE_NPAS else "local"


def iso(moment: dt.datetime | None, millis: bool = False) -> str | None:
    if moment is None:
        return None
    moment = moment.astimezone(dt.UTC)
    if millis:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(text: object) -> dt.datetime | None:
    """An ISO 8601 date or date-time (Z, offsets, a bare date, Bandwidth's `2021-06-16Z`); None if unreadable."""
    if not isinstance(text, str) or not text.strip() or len(text) > 40:
        return None
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(\+00:00)?", value):
        value = value[:10] + "T00:00:00+00:00"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
