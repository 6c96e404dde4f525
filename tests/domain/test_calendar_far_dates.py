"""Far dates cost bounded time: a requested date of 9999-12-31 must not walk three million days.

Near dates keep the answer the day-by-day walk gives; spans of years are counted arithmetically
(whole weeks × 5 plus the rest, less the holidays on weekdays). Years the `holidays` package holds no
US data for (after 2100, before 1777) have no holidays, as they had when the package was asked.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import holidays
import pytest

from portdesk.domain import calendar
from portdesk.domain.calendar import add_business_days, business_days_between, is_business_day

FAR = dt.date(9999, 12, 31)
TODAY = dt.date(2026, 12, 5)


def _walk_between(start: dt.date, end: dt.date) -> int:
    """The old definition, one day at a time (the oracle for spans short enough to walk)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_business_day(day)
    return count


def _walk_add(start: dt.date, days: int) -> dt.date:
    day, left, step = start, abs(days), dt.timedelta(days=1 if days >= 0 else -1)
    while left:
        day += step
        left -= is_business_day(day)
    return day


def _weekdays_after_until(start: dt.date, end: dt.date) -> int:
    """Weekdays in (start, end], counted week by week from the weekday of start (no holidays)."""
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    tail = sum((start.weekday() + k) % 7 < 5 for k in range(1, rest + 1))
    return weeks * 5 + tail


def _cpu_ms(fn) -> float:  # type: ignore[no-untyped-def]
    begin = time.thread_time()
    fn()
    return (time.thread_time() - begin) * 1000


def test_business_days_to_9999_take_under_50_ms_of_cpu() -> None:
    business_days_between(TODAY, TODAY + dt.timedelta(days=3))  # warm the module, not the answer
    assert _cpu_ms(lambda: business_days_between(TODAY, FAR)) < 50


def test_business_days_to_9999_equal_the_walk_to_2101_plus_the_weekdays_after_it() -> None:
    # No US holiday data after 2100, so from 2101 on every weekday counts.
    edge = dt.date(2101, 1, 1)
    assert not holidays.country_holidays("US", years=edge.year, observed=True)
    expected = _walk_between(TODAY, edge) + _weekdays_after_until(edge, FAR)
    assert business_days_between(TODAY, FAR) == expected


def test_business_days_match_the_day_by_day_walk_on_random_spans() -> None:
    rng = random.Random(20261205)
    for _ in range(300):
        start = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(0, 45000))
        end = start + dt.timedelta(days=rng.randrange(-20, 900))
        assert business_days_between(start, end) == _walk_between(start, end), (start, end)


def test_business_days_match_the_walk_across_the_last_year_of_holiday_data() -> None:
    start = dt.date(2099, 11, 1)
    for end in (dt.date(2100, 12, 30), dt.date(2100, 12, 31), dt.date(2101, 1, 3), dt.date(2102, 2, 1)):
        assert business_days_between(start, end) == _walk_between(start, end), end


def test_the_holidays_package_still_holds_no_us_data_outside_the_years_calendar_assumes() -> None:
    # calendar.py skips the package outside these years; if an upgrade adds data, this must move.
    first, last = calendar.HOLIDAY_DATA_YEARS
    assert not holidays.country_holidays("US", years=first - 1, observed=True)
    assert not holidays.country_holidays("US", years=last + 1, observed=True)
    assert holidays.country_holidays("US", years=first, observed=True)
    assert holidays.country_holidays("US", years=last, observed=True)


def test_year_one_and_9999_are_plain_days_and_cost_little() -> None:
    assert _cpu_ms(lambda: calendar.why_not_business_day(dt.date(1, 1, 1))) < 50  # a Monday
    assert calendar.why_not_business_day(dt.date(1, 1, 1)) is None
    assert calendar.why_not_business_day(FAR) is None  # a Friday
    assert calendar.holiday_name(dt.date(9999, 12, 25)) is None  # no holiday data that far


def test_add_business_days_with_a_huge_count_takes_bounded_cpu_and_the_walks_answer() -> None:
    assert _cpu_ms(lambda: add_business_days(TODAY, 2_000_000)) < 50
    assert business_days_between(TODAY, add_business_days(TODAY, 2_000_000)) == 2_000_000
    assert _cpu_ms(lambda: add_business_days(dt.date(9000, 1, 1), -1_500_000)) < 50


def test_add_business_days_matches_the_walk_on_random_counts() -> None:
    rng = random.Random(7)
    for _ in range(300):
        start = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(0, 45000))
        days = rng.randrange(-700, 700)
        assert add_business_days(start, days) == _walk_add(start, days), (start, days)


def test_add_business_days_past_the_calendar_says_so_in_words() -> None:
    with pytest.raises(OverflowError):
        add_business_days(FAR - dt.timedelta(days=3), 10)
    with pytest.raises(OverflowError):
        add_business_days(dt.date(1, 1, 5), -10)


def test_business_days_match_the_walk_across_the_first_year_of_holiday_data() -> None:
    start = dt.date(1776, 6, 1)
    for end in (dt.date(1776, 12, 31), dt.date(1777, 7, 5), dt.date(1779, 1, 2)):
        assert business_days_between(start, end) == _walk_between(start, end), end


def test_a_span_from_year_one_to_today_costs_little_once_the_package_is_loaded() -> None:
    business_days_between(dt.date(1, 1, 1), TODAY)  # the first pass loads `holidays` for 1777-1989
    assert _cpu_ms(lambda: business_days_between(dt.date(1, 1, 1), TODAY)) < 50
