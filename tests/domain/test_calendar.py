"""Business days with US federal holidays, and port windows across time zones."""

from __future__ import annotations

import datetime as dt

import pytest

from portdesk.domain.calendar import (
    add_business_days,
    business_days_between,
    convert,
    holiday_name,
    is_business_day,
    why_not_business_day,
    within_window,
    zone,
)


def test_thanksgiving_2026_is_not_a_business_day_but_the_day_after_is() -> None:
    assert holiday_name(dt.date(2026, 11, 26)) == "Thanksgiving Day"
    assert not is_business_day(dt.date(2026, 11, 26))
    assert is_business_day(dt.date(2026, 11, 27))


def test_christmas_on_a_saturday_is_observed_on_friday() -> None:
    assert not is_business_day(dt.date(2027, 12, 24))
    assert "observed" in (holiday_name(dt.date(2027, 12, 24)) or "")


def test_weekend_days_are_named() -> None:
    assert why_not_business_day(dt.date(2026, 11, 28)) == "a Saturday"
    assert why_not_business_day(dt.date(2026, 11, 30)) is None


def test_business_days_skip_weekends_and_thanksgiving() -> None:
    # Sun 22 Nov → Thu 10 Dec 2026: 14 weekdays less Thanksgiving.
    assert business_days_between(dt.date(2026, 11, 22), dt.date(2026, 12, 10)) == 13
    assert business_days_between(dt.date(2026, 12, 10), dt.date(2026, 11, 22)) == 0


def test_add_business_days_jumps_the_holiday() -> None:
    assert add_business_days(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 27)


def test_add_business_days_counts_backwards_over_weekends_and_holidays() -> None:
    assert add_business_days(dt.date(2026, 12, 7), -1) == dt.date(2026, 12, 4)  # Monday → the Friday before
    assert add_business_days(dt.date(2026, 11, 27), -1) == dt.date(2026, 11, 25)  # over Thanksgiving
    assert add_business_days(dt.date(2026, 12, 9), 0) == dt.date(2026, 12, 9)


def test_los_angeles_nine_am_is_noon_eastern() -> None:
    moment = convert(dt.date(2026, 12, 10), dt.time(9), "America/Los_Angeles", "America/New_York")
    assert moment.time() == dt.time(12)
    assert within_window(moment, dt.time(6), dt.time(22))


def test_los_angeles_eight_pm_is_outside_bandwidths_window() -> None:
    moment = convert(dt.date(2026, 12, 10), dt.time(20), "America/Los_Angeles", "America/New_York")
    assert moment.time() == dt.time(23) and not within_window(moment, dt.time(6), dt.time(22))


def test_conversion_follows_daylight_saving_of_that_day() -> None:
    summer = convert(dt.date(2026, 7, 1), dt.time(9), "America/Phoenix", "America/New_York")
    winter = convert(dt.date(2026, 12, 1), dt.time(9), "America/Phoenix", "America/New_York")
    assert (summer.hour, winter.hour) == (12, 11)


def test_window_ends_are_included_and_midnight_windows_wrap() -> None:
    start, end = dt.time(6), dt.time(22)
    assert within_window(dt.datetime(2026, 1, 1, 22, 0), start, end)
    assert not within_window(dt.datetime(2026, 1, 1, 22, 1), start, end)
    assert within_window(dt.datetime(2026, 1, 1, 1, 0), dt.time(22), dt.time(2))


def test_unknown_zone_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="not a known time zone"):
        zone("Mars/Base")


def test_add_business_days_walks_back_for_a_negative_count() -> None:
    # one business day before Friday 2026-12-04 is Thursday; before Friday 2026-11-27 it is Wednesday
    # (Thanksgiving is skipped) — the provider cut-offs "N business days before the FOC" rely on it
    assert add_business_days(dt.date(2026, 12, 4), -1) == dt.date(2026, 12, 3)
    assert add_business_days(dt.date(2026, 11, 27), -1) == dt.date(2026, 11, 25)
    assert add_business_days(dt.date(2026, 12, 7), -1) == dt.date(2026, 12, 4)  # Monday → Friday
