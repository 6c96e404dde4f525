"""Business days (weekends and US federal holidays) and port windows across time zones.

Carriers count lead times in business days, and a holiday moves the count: the day after
Thanksgiving is a business day, Thanksgiving is not. Holidays on a weekend are observed on the
Friday or Monday (the `holidays` package follows the federal observance rule).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from portdesk.domain.quoting import quoted

# order-file.md: dates are YYYY-MM-DD, times HH:MM (24 h). fromisoformat alone also takes
# "20261210", "2026-W50-4" and "09:00+05:00", which a carrier would not read as meant.
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d{2}:\d{2}(?::\d{2})?")


@lru_cache(maxsize=32)
def _us_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("US", years=year, observed=True))


def holiday_name(day: dt.date) -> str | None:
    """The US federal holiday on this day (observed dates included), or None."""
    return _us_holidays(day.year).get(day)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def why_not_business_day(day: dt.date) -> str | None:
    """'a Saturday', 'Thanksgiving Day (a US federal holiday)', or None on a business day."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    name = holiday_name(day)
    return f"{name} (a US federal holiday)" if name else None


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            count += 1
    return count


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date `days` business days after `start`."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            left -= 1
    return day


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date that exists; ValueError in words otherwise."""
    try:
        if _DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{quoted(text)} is not a date in the calendar") from None
    raise ValueError(f"{quoted(text)} is not a date; write it as YYYY-MM-DD")


def parse_clock(text: str) -> dt.time:
    """An HH:MM (24 h) time of day that exists; ValueError in words otherwise."""
    try:
        if _CLOCK.fullmatch(text):
            return dt.time.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"{quoted(text)} is not a time of day; write it as HH:MM (24 h), 00:00 to 23:59")


def zone(name: str) -> ZoneInfo:
    """An IANA zone; ValueError in words when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
        # zoneinfo raises ValueError for paths and non-TZif files, OSError for odd names
        raise ValueError(f"{quoted(name)} is not a known time zone (expected an IANA name like America/Denver)") from None


def convert(day: dt.date, time: dt.time, from_zone: str, to_zone: str) -> dt.datetime:
    """The wall-clock time in `to_zone` of `day time` in `from_zone` (DST of that day applies).

    OverflowError when the moment falls outside years 1-9999 in `to_zone`."""
    local = dt.datetime.combine(day, time, tzinfo=zone(from_zone))
    return local.astimezone(zone(to_zone))


def within_window(moment: dt.datetime, start: dt.time, end: dt.time) -> bool:
    """Is the wall-clock time of `moment` inside [start, end] (both ends included)?"""
    clock = moment.time().replace(tzinfo=None)
    if start <= end:
        return start <= clock <= end
    return clock >= start or clock <= end  # a window across midnight
