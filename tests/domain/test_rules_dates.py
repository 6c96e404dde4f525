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


def fields_of(found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.code, f.field) for f in found]


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "20261210", "2026-W50-4", "12/10/2026"])
def test_an_impossible_or_misspelt_requested_date_is_a_finding(day: str) -> None:
    assert fields_of(run(requested_date=day)) == [("FIELD_INVALID", "requested_date")]


@pytest.mark.parametrize("clock", ["25:61", "24:00", "9 am", "09:00+05:00"])
def test_an_impossible_requested_time_is_a_finding_even_where_no_window_applies(clock: str) -> None:
    found = run("kazoo", requested_time=clock)  # kazoo has no port window: the time was never read
    assert fields_of(found) == [("FIELD_INVALID", "requested_time")]


@pytest.mark.parametrize("zone", ["Mars/Base", "../../etc/passwd", "America", "zone.tab", "a\x00b", "x" * 5000])
def test_an_unknown_time_zone_is_a_finding_even_where_no_window_applies(zone: str) -> None:
    found = run("kazoo", requested_timezone=zone)
    assert fields_of(found) == [("FIELD_INVALID", "requested_timezone")]
    assert len(found[0].message) < 300 and "\x00" not in found[0].message


def test_an_impossible_bill_date_is_a_finding_not_silence() -> None:
    documents = copy.deepcopy(CLEAN["documents"])
    documents["bill"]["date"] = "2026-02-30"
    assert fields_of(run(documents=documents)) == [("FIELD_INVALID", "documents.bill.date")]


def test_an_impossible_loa_signing_date_is_said_so_not_called_unsigned() -> None:
    documents = copy.deepcopy(CLEAN["documents"])
    documents["loa"]["signed_on"] = "2026-11-31"
    assert fields_of(run(documents=documents)) == [("FIELD_INVALID", "documents.loa.signed_on")]


def test_a_port_time_at_the_end_of_year_9999_is_a_finding_not_a_crash() -> None:
    # 23:00 in Honolulu on 9999-12-31 is already year 10000 in Los Angeles (8x8 managed's window zone).
    found = run("8x8-managed", requested_date="9999-12-31", requested_time="23:00", requested_timezone="Pacific/Honolulu")
    assert ("FIELD_INVALID", "requested_date") in fields_of(found)


def test_a_time_with_seconds_is_still_a_time() -> None:
    assert run("bandwidth", requested_time="09:00:00", requested_timezone="America/New_York") == []


def test_a_date_past_the_last_year_with_holiday_data_is_invalid_not_clean() -> None:
    # PortDesk cannot tell business days after 2100 and no carrier schedules a port that far ahead.
    found = run(requested_date="9999-12-31")
    assert [(f.code, f.severity, f.field) for f in found] == [("FIELD_INVALID", "error", "requested_date")]
    assert "9999-12-31" in found[0].message and "2100" in found[0].message


def test_the_last_day_of_2100_is_still_judged_as_a_date() -> None:
    assert run(requested_date="2100-12-30") == []  # a Thursday; holiday data ends with this year
    # a Friday, New Year's Day 2101 (a Saturday) observed: the last holiday PortDesk knows
    assert codes(run(requested_date="2100-12-31")) == ["DATE_NOT_BUSINESS_DAY"]


def test_year_one_is_in_the_past_without_loading_anything_slow() -> None:
    assert codes(run(requested_date="0001-01-01")) == ["DATE_TOO_SOON"]
