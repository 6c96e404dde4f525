"""What a new order's rows hold, with no SQL library: shared by the SQLAlchemy repository (repos.py)
and the stdlib-sqlite3 import writer (sqlite_import.py), so the two cannot store an order differently."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from portdesk.domain.order import PortOrder

DEFAULT_NUMBER_STATUS = "pending"
MAX_E164_CHARS = 40  # numbers.e164 is String(40)


def to_db_time(value: dt.datetime) -> dt.datetime:
    """Stored as naive UTC: portable across SQLite and PostgreSQL columns without time zones."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None  # the text stays in the order file; lint says what is wrong with it


def queue_columns(order: PortOrder) -> dict[str, Any]:
    """The denormalised columns the queue lists, sorts and searches by."""
    return {
        "name": order.display_name()[:300],
        "account_name": order.account.name,
        "account_number": order.account.number,
        "number_count": len(order.numbers),
        "losing_carrier": order.losing_carrier,
        "profile": order.profile,
        "requested_date": parse_date(order.requested_date),
    }


def order_json(order: PortOrder) -> str:
    return json.dumps(order.to_dict(), ensure_ascii=False)


def event_json(data: dict[str, Any] | None) -> str | None:
    return json.dumps(data, ensure_ascii=False, default=str) if data is not None else None


def extra_json(extra: dict[str, Any] | None) -> str | None:
    return json.dumps(extra, ensure_ascii=False) if extra else None


_NON_DIGIT = re.compile(r"\D")


def number_digits(e164: str) -> str:
    """numbers.digits: the stored number's digits only (domain.numbers.digits_only, which tables.py's
    column default uses; repeated here because importing that module imports phonenumbers)."""
    return _NON_DIGIT.sub("", e164)
