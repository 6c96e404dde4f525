"""Checks on when: lead time in business days, weekends and holidays, the provider's port window."""

from __future__ import annotations

import datetime as dt

from portdesk.domain.calendar import business_days_between, convert, why_not_business_day, within_window
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
            requested = dt.date.fromisoformat(order.requested_date)
        except ValueError:
            out.append(_bad("requested_date", f"'{order.requested_date}' is not a date; write it as YYYY-MM-DD."))
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
    out.extend(_window(order, profile, requested or today))
    return out


def _window(order: PortOrder, profile: Profile, day: dt.date) -> list[Finding]:
    window = profile.window
    # Where the provider picks the time itself (8x8 self-service: 03:00–05:00 Pacific) a requested
    # time is ignored, not wrong: only a window the coordinator may choose in is enforced.
    if window is None or not window.selectable or not order.requested_time:
        return []
    try:
        clock = dt.time.fromisoformat(order.requested_time)
    except ValueError:
        return [_bad("requested_time", f"'{order.requested_time}' is not a time; write it as HH:MM (24 h).")]
    try:
        there = convert(day, clock, order.timezone, window.timezone)
    except ValueError as exc:
        return [_bad("requested_timezone", str(exc))]
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
