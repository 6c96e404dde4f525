"""The queue's columns: header, the service's sort key, and how a row shows in each.

Plain Python (no Qt) so the formatting is easy to test and the model stays small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from portdesk.domain.status import Status
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


SHORT_ID = 12  # a carrier's id longer than this (Telnyx's UUIDs) shows its start; the tooltip has it whole


def short_id(carrier_id: str) -> str:
    return carrier_id if len(carrier_id) <= SHORT_ID else carrier_id[:8] + "…"


def carrier_text(row: QueueRow) -> str:
    """The connection the order went through and the carrier's order id ("+1" for each split part)."""
    if not row.connection and not row.carrier_ids:
        return "not sent yet" if row.status is Status.QUEUED else ""
    parts = [row.connection] if row.connection else []
    if row.carrier_ids:
        more = f" (+{len(row.carrier_ids) - 1})" if len(row.carrier_ids) > 1 else ""
        parts.append(short_id(row.carrier_ids[0]) + more)
    return " · ".join(parts)


def carrier_tooltip(row: QueueRow) -> str | None:
    if not row.carrier_ids:
        return carrier_text(row) or None
    ids = "\n".join(row.carrier_ids)
    split = f"The carrier split it into {len(row.carrier_ids)} orders:\n" if len(row.carrier_ids) > 1 else ""
    return f"Sent through {row.connection or 'a connection since removed'}\n{split}{ids}"


def synced_text(row: QueueRow) -> str:
    return format_time(row.last_synced_at) if row.last_synced_at else ""


@dataclass(frozen=True)
class Column:
    title: str
    sort_key: str | None  # None: the store does not sort by it (the header ignores a click)
    text: Callable[[QueueRow], str]
    width: int  # width before the first rows are measured; the user's widths are kept in the settings file
    numeric: bool = False
    hideable: bool = True  # offered in the header's menu
    hidden: bool = False  # hidden until the coordinator shows it
    max_width: int = 320  # a long value does not push the essential columns off screen
    tooltip: Callable[[QueueRow], str | None] | None = None


# The essential columns first (name, status, FOC date, last update), so they are on screen at any width.
COLUMNS: tuple[Column, ...] = (
    Column("Name", "name", lambda r: r.name, 240, hideable=False),
    Column("Status", "status", lambda r: r.status.label, 180, hideable=False),
    Column("FOC date", "foc_date", lambda r: format_day(r.foc_date), 112),
    Column("Last update", "updated_at", lambda r: format_time(r.updated_at), 130),
    Column("Carrier", None, carrier_text, 200, tooltip=carrier_tooltip, max_width=260),
    Column("Customer / account", "account", account_text, 250, max_width=280),
    Column("Last synced", None, synced_text, 130),
    Column("Numbers", "numbers", lambda r: str(r.number_count), 72, numeric=True),
    Column("Losing carrier", "carrier", lambda r: r.losing_carrier or "", 130),
    Column("Gaining provider", "profile", lambda r: provider_name(r.profile), 130, hidden=True),
    Column("Requested", "requested_date", lambda r: format_day(r.requested_date), 112, hidden=True),
)


def column_of(sort_key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.sort_key == sort_key)


STATUS_COLUMN = column_of("status")
DEFAULT_SORT_COLUMN = column_of("updated_at")  # last update, newest first
