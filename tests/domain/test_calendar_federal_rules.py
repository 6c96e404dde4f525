"""The federal holidays computed in calendar.py agree with the `holidays` package, day and name.

The package is the oracle (maintained upstream, with the observance rule's history); the app
computes the same days itself only because importing the package costs half of a cold lint.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import holidays

from portdesk.domain import calendar


def test_every_year_in_range_matches_the_holidays_package():
    for year in range(calendar.FIRST_YEAR, calendar.LAST_YEAR + 1):
        expected = dict(holidays.country_holidays("US", years=year, observed=True))
        assert calendar._federal_holidays(year) == expected, year


def test_a_year_outside_the_rules_still_asks_the_package():
    assert calendar.holiday_name(dt.date(1985, 12, 25)) == "Christmas Day"
    assert calendar.holiday_name(dt.date(1975, 10, 27)) == "Veterans Day"  # then the 4th Monday of October


def test_counting_business_days_does_not_import_the_holidays_package():
    code = ("import sys, datetime as dt\n"
            "from portdesk.domain.calendar import add_business_days\n"
            "add_business_days(dt.date(2026, 11, 20), 10)\n"
            "print(any(m == 'holidays' or m.startswith('holidays.') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
