"""Business days (weekends and US federal holidays) and port windows across time zones.

Carriers count lead times in business days, and a holiday moves the count: the day after
Thanksgiving is a business day, Thanksgiving is not. Holidays on a weekend are observed on the
Friday or Monday (the `holidays` package follows the federal observance rule).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays


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


def zone(name: str) -> ZoneInfo:
    """An IANA zone; ValueError in words when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a known time zone (expected an IANA name like America/Denver)") from None


def convert(day: dt.date, time: dt.time, from_zone: str, to_zone: str) -> dt.datetime:
    """The wall-clock time in `to_zone` of `day time` in `from_zone` (DST of that day applies)."""
    local = dt.datetime.combine(day, time, tzinfo=zone(from_zone))
    return local.astimezone(zone(to_zone))


def within_window(moment: dt.datetime, start: dt.time, end: dt.time) -> bool:
    """Is the wall-clock time of `moment` inside [start, end] (both ends included)?"""
    clock = moment.time().replace(tzinfo=None)
    if start <= end:
        return start <= clock <= end
    return clock >= start or clock <= end  # a window across midnight
