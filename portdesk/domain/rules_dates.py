"""Checks on when: lead time in business days, weekends and holidays, the provider's port window."""

from __future__ import annotations

import datetime as dt

from portdesk.domain.calendar import (
    LAST_KNOWN_DAY,
    business_days_between,
    convert,
    parse_clock,
    parse_day,
    why_not_business_day,
    within_window,
    zone,
)
from portdesk.domain.findings import Finding, finding
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile


def _bad(field: str, text: str) -> Finding:
    return finding("FIELD_INVALID", field, text)


def check_dates(order: PortOrder, profile: Profile, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    requested: dt.date | None = None
    if order.requested_date:
        try:
            requested = parse_day(order.requested_date)
        except ValueError as exc:
            out.append(_bad("requested_date", f"{exc}. Write the requested port date as YYYY-MM-DD."))
    if requested is not None and requested > LAST_KNOWN_DAY:
        # Business days after the last year with holiday data cannot be told, and no carrier
        # schedules a port decades ahead: such a date is a typo (9999-12-31), not a wish.
        out.append(_bad("requested_date", f"{requested.isoformat()} is after {LAST_KNOWN_DAY.year}, further ahead "
                                          "than any carrier schedules a port; ask for a real date."))
        requested = None
    clock = _clock(order, out)
    zone_ok = _zone_ok(order, out)
    if requested is not None:
        lead = profile.lead_time_business_days
        ahead = business_days_between(today, requested)
        if requested <= today:
            out.append(finding(
                "DATE_TOO_SOON", "requested_date",
                f"{requested.isoformat()} is not in the future. No carrier ports on a past date or the same "
                f"day; ask for a date at least {max(lead, 1)} business days from today.",
            ))
        elif lead and ahead < lead:
            out.append(finding(
                "DATE_TOO_SOON", "requested_date",
                f"{requested.isoformat()} is {ahead} business day{'s' if ahead != 1 else ''} from today; "
                f"{profile.name} usually needs {lead}. The carrier will propose a later FOC date; ask for a "
                "later date or expect the port to move.",
            ))
        why = why_not_business_day(requested)
        if why:
            out.append(finding(
                "DATE_NOT_BUSINESS_DAY", "requested_date",
                f"{requested.isoformat()} is {why}. Carriers do not schedule ports on days they do not work; "
                "pick a weekday that is not a federal holiday.",
            ))
    if clock is not None and zone_ok and not (order.requested_date and requested is None):
        out.extend(_window(order, profile, requested or today, clock))
    return out


def _clock(order: PortOrder, out: list[Finding]) -> dt.time | None:
    """The requested time, judged whether or not the profile has a window (a carrier reads it)."""
    if not order.requested_time:
        return None
    try:
        return parse_clock(order.requested_time)
    except ValueError as exc:
        out.append(_bad("requested_time", f"{exc}."))
        return None


def _zone_ok(order: PortOrder, out: list[Finding]) -> bool:
    if not order.requested_timezone:
        return True  # the default, America/New_York
    try:
        zone(order.requested_timezone)
    except ValueError as exc:
        out.append(_bad("requested_timezone", f"{exc}."))
        return False
    return True


def _window(order: PortOrder, profile: Profile, day: dt.date, clock: dt.time) -> list[Finding]:
    window = profile.window
    # Where the provider picks the time itself (8x8 self-service: 03:00–05:00 Pacific) a requested
    # time is ignored, not wrong: only a window the coordinator may choose in is enforced.
    if window is None or not window.selectable:
        return []
    try:
        there = convert(day, clock, order.timezone, window.timezone)
    except OverflowError:
        return [_bad("requested_date", f"{day.isoformat()} at {clock:%H:%M} {order.timezone} falls outside the "
                                       "years PortDesk can place in the provider's time zone; ask for a real date.")]
    if within_window(there, window.start, window.end):
        return []
    said = f"{clock:%H:%M} {order.timezone}"
    if there.tzinfo is not None and order.timezone != window.timezone:
        said += f" is {there:%H:%M} {window.timezone}, which"
    return [finding(
        "TIME_OUTSIDE_WINDOW", "requested_time",
        f"{said} is outside {profile.name}'s port window ({window.describe()}); the carrier will not "
        "schedule the port then. Pick a time inside the window.",
    )]
