"""The queue's columns: header, the service's sort key, and how a row shows in each.

Plain Python (no Qt) so the formatting is easy to test and the model stays small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from portdesk.services.queue import QueueRow

# Gaining providers as coordinators call them; unknown profile ids show as typed.
PROVIDER_NAMES = {
    "kazoo": "2600Hz (KAZOO)",
    "bandwidth": "Bandwidth",
    "telnyx": "Telnyx",
    "twilio": "Twilio",
    "plivo": "Plivo",
    "8x8": "8x8",
    "8x8-managed": "8x8 (managed)",
    "cmcom": "CM.com",
}


def provider_name(profile: str | None) -> str:
    if not profile:
        return ""
    return PROVIDER_NAMES.get(profile, profile)


def format_day(day: dt.date | None) -> str:
    """Weekday first: ports happen on business days, and a Saturday FOC is worth noticing."""
    return day.strftime("%a %Y-%m-%d") if day else ""


def format_time(at: dt.datetime) -> str:
    local = at.astimezone() if at.tzinfo else at
    return local.strftime("%Y-%m-%d %H:%M")


def account_text(row: QueueRow) -> str:
    name = row.account_name or ""
    if row.account_number:
        return f"{name} · #{row.account_number}" if name else f"#{row.account_number}"
    return name


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str
    text: Callable[[QueueRow], str]
    width: int  # initial width in pixels; the user's widths are kept in the settings file
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Name", "name", lambda r: r.name, 240),
    Column("Customer / account", "account", account_text, 250),
    Column("Status", "status", lambda r: r.status.label, 200),
    Column("Numbers", "numbers", lambda r: str(r.number_count), 72, numeric=True),
    Column("Losing carrier", "carrier", lambda r: r.losing_carrier or "", 130),
    Column("Gaining provider", "profile", lambda r: provider_name(r.profile), 130),
    Column("Requested", "requested_date", lambda r: format_day(r.requested_date), 112),
    Column("FOC date", "foc_date", lambda r: format_day(r.foc_date), 112),
    Column("Last update", "updated_at", lambda r: format_time(r.updated_at), 130),
)

STATUS_COLUMN = 2
DEFAULT_SORT_COLUMN = len(COLUMNS) - 1  # last update, newest first


def column_of(sort_key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.sort_key == sort_key)
