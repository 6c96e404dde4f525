"""A carrier's FOC date at either end of the calendar gives a cut-off, quickly, never an OverflowError.

The FOC comes from the carrier's answer; 0001-01-01 or 9999-12-31 is odd but a valid ISO date, and the
queue, the detail pane and the notifications all ask for the cut-off of whatever was stored.
"""

from __future__ import annotations

import datetime as dt
import time

from portdesk.domain.profiles import get_profile
from portdesk.services.carrier_rules import cancel_refusal, cutoff_start

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


def test_a_cutoff_counted_in_business_days_before_year_one_has_long_begun() -> None:
    bandwidth = get_profile("bandwidth")  # counts business days before the FOC
    start = cutoff_start(bandwidth, dt.date(1, 1, 1))
    assert start is not None and start <= NOW
    assert cancel_refusal(bandwidth, dt.date(1, 1, 1), NOW) is not None


def test_a_cutoff_counted_in_hours_before_year_one_has_long_begun() -> None:
    plivo = get_profile("plivo")  # cancel at least 72 hours before the FOC
    assert plivo.cancel_lead_hours
    start = cutoff_start(plivo, dt.date(1, 1, 1))
    assert start is not None and start <= NOW
    assert cancel_refusal(plivo, dt.date(1, 1, 1), NOW) is not None


def test_a_foc_on_9999_12_31_gives_its_cutoff_in_bounded_cpu() -> None:
    bandwidth = get_profile("bandwidth")
    begin = time.thread_time()
    start = cutoff_start(bandwidth, dt.date(9999, 12, 31))
    assert time.thread_time() - begin < 0.05
    assert start is not None and start.date() < dt.date(9999, 12, 31)
    assert cancel_refusal(bandwidth, dt.date(9999, 12, 31), NOW) is None
