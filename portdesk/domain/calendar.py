"""Business days (weekends and US federal holidays) and port windows across time zones.

Carriers count lead times in business days, and a holiday moves the count: the day after
Thanksgiving is a business day, Thanksgiving is not. Holidays on a weekend are observed on the
Friday or Monday (the federal observance rule, 5 U.S.C. 6103).

The eleven federal holidays are computed here rather than asked of the `holidays` package: its
first US lookup imports every country it knows (about 130 ms, half of a cold `portdesk lint`).
The package stays the reference: a test compares the two for 1990-2100, and years outside the
range those rules were checked for are still asked of it.

Counts over spans of years are arithmetic (whole weeks × 5, less the weekday holidays), so a date
like 9999-12-31 costs as little as next week. The package holds no US holidays before 1777 or
after 2100: those years have none here either, and the package is not loaded for them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portdesk.domain.quoting import quoted

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years the rules below are tested for against `holidays`
HOLIDAY_DATA_YEARS = (1777, 2100)  # the years `holidays` has US data for (a test pins both ends)
LAST_KNOWN_DAY = dt.date(HOLIDAY_DATA_YEARS[1], 12, 31)  # after it no business day can be told
_MON, _THU = 0, 3


def _nth(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` of the month; n = -1 for the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _fixed_dates(year: int) -> list[tuple[dt.date, str]]:
    days = [(dt.date(year, 1, 1), "New Year's Day")]
    if year >= 2021:
        days.append((dt.date(year, 6, 19), "Juneteenth National Independence Day"))
    days += [(dt.date(year, 7, 4), "Independence Day"), (dt.date(year, 11, 11), "Veterans Day"),
             (dt.date(year, 12, 25), "Christmas Day")]
    return days


def _federal_holidays(year: int) -> dict[dt.date, str]:
    days = {
        _nth(year, 1, _MON, 3): "Martin Luther King Jr. Day",
        _nth(year, 2, _MON, 3): "Washington's Birthday",
        _nth(year, 5, _MON, -1): "Memorial Day",
        _nth(year, 9, _MON, 1): "Labor Day",
        _nth(year, 10, _MON, 2): "Columbus Day",
        _nth(year, 11, _THU, 4): "Thanksgiving Day",
    }
    for day, name in _fixed_dates(year):
        days[day] = name
        if day.weekday() == 6:  # Sunday: observed on the Monday
            days[day + dt.timedelta(days=1)] = f"{name} (observed)"
        elif day.weekday() == 5 and day.month != 1:  # Saturday: observed on the Friday
            days[day - dt.timedelta(days=1)] = f"{name} (observed)"
    if dt.date(year + 1, 1, 1).weekday() == 5:  # next New Year's Day on a Saturday: observed on Dec 31
        days[dt.date(year, 12, 31)] = "New Year's Day (observed)"
    return days


# order-file.md: dates are YYYY-MM-DD, times HH:MM (24 h). fromisoformat alone also takes
# "20261210", "2026-W50-4" and "09:00+05:00", which a carrier would not read as meant.
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d{2}:\d{2}(?::\d{2})?")


@lru_cache(maxsize=512)  # every year with data fits (324), so counting across them all stays warm
def _us_holidays(year: int) -> dict[dt.date, str]:
    if not HOLIDAY_DATA_YEARS[0] <= year <= HOLIDAY_DATA_YEARS[1]:
        return {}
    if FIRST_YEAR <= year <= LAST_YEAR:
        return _federal_holidays(year)
    import holidays  # only for years outside the rules above (slow: imports every country)

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


def _weekdays_through(day: dt.date) -> int:
    """Weekdays from 0001-01-01 (a Monday) through `day`: whole weeks × 5 plus the rest."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _weekday_holidays(start: dt.date, end: dt.date) -> int:
    """Holidays on weekdays after `start` up to and including `end` (at most ~324 years hold any)."""
    first = max(start.year, HOLIDAY_DATA_YEARS[0])
    last = min(end.year, HOLIDAY_DATA_YEARS[1])
    return sum(1 for year in range(first, last + 1) for day in _us_holidays(year)
               if start < day <= end and day.weekday() < 5)


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    return _weekdays_through(end) - _weekdays_through(start) - _weekday_holidays(start, end)


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date `days` business days after `start` (before it when `days` is negative).

    OverflowError when that falls outside years 1-9999."""
    sign = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left > 5:  # jump whole weeks, holidays jumped over are made up by the next jump; at least
        # one day is left for the walk below, so the answer is the business day the walk ends on
        land = day + dt.timedelta(weeks=sign * ((left - 1) // 5))
        if sign > 0:
            left -= business_days_between(day, land)
        else:  # walking back passes [land, day): land counts, day does not
            left -= business_days_between(land, day) + is_business_day(land) - is_business_day(day)
        day = land
    step = dt.timedelta(days=sign)
    while left > 0:
        day += step
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
