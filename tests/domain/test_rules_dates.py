"""Date rules: lead time in business days, weekends and holidays, port windows across zones."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from test_rules import CLEAN, GOOD_DOCS, codes

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order

TODAY = dt.date(2026, 11, 22)  # a Sunday


def run(profile: str = "kazoo", **changes: Any) -> list:  # type: ignore[type-arg]
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    return check_order(PortOrder.from_dict(data), get_profile(profile), TODAY, documents=GOOD_DOCS)


def test_date_inside_the_lead_time_is_too_soon() -> None:
    found = run(requested_date="2026-11-30")  # 23, 24, 25, 27, 30 Nov: Thanksgiving skipped; kazoo wants 10
    assert [(f.code, f.severity, f.field) for f in found] == [("DATE_TOO_SOON", "warning", "requested_date")]
    assert "5 business days" in found[0].message


def test_lead_time_counts_business_days_not_calendar_days() -> None:
    # 10 business days after Sun 22 Nov 2026 is Mon 7 Dec (Thanksgiving is not one of them).
    assert run(requested_date="2026-12-07") == []
    assert codes(run(requested_date="2026-12-04")) == ["DATE_TOO_SOON"]


def test_8x8_lead_time_is_its_sla() -> None:
    assert codes(run("8x8", requested_date="2026-12-01")) == ["DATE_TOO_SOON"]
    assert run("8x8", requested_date="2026-12-02") == []


@pytest.mark.parametrize("day", ["2026-12-12", "2026-12-13", "2026-12-25", "2027-01-18"])
def test_weekend_and_federal_holiday_dates_warn(day: str) -> None:
    found = run(requested_date=day)
    assert codes(found) == ["DATE_NOT_BUSINESS_DAY"]


def test_christmas_observed_on_friday_warns() -> None:
    found = run(requested_date="2027-12-24")
    assert codes(found) == ["DATE_NOT_BUSINESS_DAY"] and "observed" in found[0].message


def test_kazoo_has_no_port_window() -> None:
    assert run(requested_time="02:00") == []


def test_nine_am_los_angeles_is_inside_bandwidths_eastern_window() -> None:
    assert run("bandwidth", requested_time="09:00", requested_timezone="America/Los_Angeles") == []


def test_eight_pm_los_angeles_is_outside_bandwidths_eastern_window() -> None:
    found = run("bandwidth", requested_time="20:00", requested_timezone="America/Los_Angeles")
    assert [(f.code, f.severity, f.field) for f in found] == [("TIME_OUTSIDE_WINDOW", "error", "requested_time")]
    assert "23:00 America/New_York" in found[0].message


def test_five_am_eastern_is_before_bandwidths_window() -> None:
    assert codes(run("bandwidth", requested_time="05:59", requested_timezone="America/New_York")) == [
        "TIME_OUTSIDE_WINDOW"
    ]


def test_8x8_picks_the_time_itself_so_a_requested_time_is_not_judged() -> None:
    assert run("8x8", requested_date="2027-01-20", requested_time="09:00",
               requested_timezone="America/Los_Angeles") == []


def test_8x8_managed_window_is_pacific() -> None:
    early = run("8x8-managed", requested_date="2027-01-20", requested_time="07:00",
                requested_timezone="America/New_York")  # 04:00 Pacific
    assert codes(early) == ["TIME_OUTSIDE_WINDOW"]
    assert run("8x8-managed", requested_date="2027-01-20", requested_time="09:00",
               requested_timezone="America/New_York") == []


def test_unreadable_date_is_reported_not_crashed() -> None:
    assert [(f.code, f.field) for f in run(requested_date="10/12/2026")] == [("FIELD_INVALID", "requested_date")]


def test_unknown_timezone_is_reported() -> None:
    found = run("bandwidth", requested_timezone="Mars/Base")
    assert [(f.code, f.field) for f in found] == [("FIELD_INVALID", "requested_timezone")]


def test_a_past_date_is_too_soon_even_without_a_lead_time() -> None:
    found = run(requested_date="2026-11-20")
    assert codes(found) == ["DATE_TOO_SOON"] and "not in the future" in found[0].message
