"""Small value conversions the adapters share: numbers, times, addresses."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from portdesk.domain.order import PortOrder

GREGORIAN_OFFSET = 62167219200  # seconds from year 0 (KAZOO's epoch) to 1970-01-01
DEFAULT_TZ = "America/New_York"
_HOUSE = re.compile(r"^\s*(\d+[A-Za-z]?(?:-\d+)?)\s+(.+?)\s*$")


def e164(number: str) -> str:
    """'+13035550100' from '3035550100', '13035550100' or '+13035550100' (NANP)."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return "+" + digits
    if len(digits) == 10:
        return "+1" + digits
    return "+" + digits


def ten_digits(number: str) -> str:
    """Bandwidth v1's form: '3035550100' from '+13035550100'."""
    digits = re.sub(r"\D", "", number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def from_gregorian(seconds: float | int | None) -> dt.datetime | None:
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        return None
    try:
        return dt.datetime.fromtimestamp(seconds - GREGORIAN_OFFSET, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def to_gregorian(when: dt.datetime) -> int:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp()) + GREGORIAN_OFFSET


def parse_time(text: object) -> dt.datetime | None:
    """An ISO 8601 time from a provider ('Z' or an offset; a bare date is midnight UTC)."""
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def requested_datetime(order: PortOrder) -> dt.datetime | None:
    """The order's requested port date and time as an aware datetime (09:00 local when no time)."""
    if not order.requested_date:
        return None
    try:
        day = dt.date.fromisoformat(order.requested_date)
        hh, mm = (order.requested_time or "09:00").split(":")[:2]
        zone = ZoneInfo(order.requested_timezone or DEFAULT_TZ)
        return dt.datetime.combine(day, dt.time(int(hh), int(mm)), zone)
    except (ValueError, KeyError, LookupError):
        return None


def split_street(line1: str | None) -> tuple[str | None, str | None]:
    """('1200', 'Market Street') from '1200 Market Street'; (None, line) when there is no house number."""
    if not line1:
        return None, None
    match = _HOUSE.match(line1)
    if match:
        return match.group(1), match.group(2)
    return None, line1.strip()
