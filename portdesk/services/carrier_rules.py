"""What a provider lets a coordinator change or cancel once it holds an order (from the profiles).

`cancel_refusal` and `change_refusal` answer None when the move is allowed, else the rule in words
(the CLI prints it and exits 1, and nothing changes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portdesk.domain.calendar import add_business_days
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.status import Status

# The order file's fields a supplement can touch, as the profiles' [changes] lists name them.
CHANGE_FIELDS = ("numbers", "account.name", "account.number", "account.pin", "account.btn",
                 "account.authorized_user", "account.service_address", "port_type", "new_btn", "requested_date",
                 "requested_time", "requested_timezone", "losing_carrier", "contacts")


def _value(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


def changed_fields(old: PortOrder, new: PortOrder) -> list[str]:
    a, b = old.to_dict(), new.to_dict()
    return [f for f in CHANGE_FIELDS if _value(a, f) != _value(b, f)]


def cutoff_start(profile: Profile, foc: dt.date) -> dt.datetime | None:
    """When the provider's cut-off before the FOC begins (UTC), or None when it has none.

    Bandwidth counts business days ([changes] manual_within_business_days); the others hours
    ([timing] cancel_lead_hours) before the FOC day begins."""
    changes = profile.extra.get("changes") if isinstance(profile.extra.get("changes"), dict) else {}
    days = changes.get("manual_within_business_days") if changes else None
    try:
        if isinstance(days, int) and days > 0:
            return dt.datetime.combine(add_business_days(foc, -days), dt.time(), dt.UTC)
        if profile.cancel_lead_hours:
            return dt.datetime.combine(foc, dt.time(), dt.UTC) - dt.timedelta(hours=profile.cancel_lead_hours)
    except OverflowError:  # a FOC (from the carrier) in the first days of year 1: long since begun
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return None


def _cutoff_words(profile: Profile) -> str:
    changes = profile.extra.get("changes") if isinstance(profile.extra.get("changes"), dict) else {}
    days = changes.get("manual_within_business_days") if changes else None
    if isinstance(days, int) and days > 0:
        return f"{days} business day{'s' if days > 1 else ''} before the FOC"
    return f"{profile.cancel_lead_hours} hours before the FOC"


def cancel_refusal(profile: Profile, foc: dt.date | None, now: dt.datetime) -> str | None:
    if foc is None:
        return None
    start = cutoff_start(profile, foc)
    if start is None or now < start:
        return None
    return (f"{profile.name} does not cancel an order within {_cutoff_words(profile)} ({foc.isoformat()}) "
            "through its API: ask the provider's porting team")


def change_refusal(profile: Profile, status: Status, old: PortOrder, new: PortOrder, foc: dt.date | None,
                   now: dt.datetime) -> str | None:
    """Why this supplement is not allowed at this stage, or None."""
    fields = changed_fields(old, new)
    if not fields:
        return None
    if status is Status.CANCEL_PENDING or status.is_final:
        return f"an order that is {status.label.lower()} cannot be changed"
    changes = profile.extra.get("changes") if isinstance(profile.extra.get("changes"), dict) else {}
    if not changes or status is Status.EXCEPTION:
        return None  # no published limits; an exception is changed to fix it
    if changes.get("only_when_rejected"):
        return (f"{profile.name} changes a port request only while it is rejected; ask the port authority "
                "to change it (or to reject it so that it can be fixed)")
    after, before = list(changes.get("after_foc") or []), list(changes.get("before_foc") or [])
    if foc is not None:
        start = cutoff_start(profile, foc)
        if start is not None and now >= start:
            return f"{profile.name}: changes within {_cutoff_words(profile)} ({foc.isoformat()}) are made by its porting team"
    if status is Status.FOC_CONFIRMED and after:
        refused = [f for f in fields if f not in after]
        if refused:
            return (f"{profile.name}: once the FOC is confirmed only {', '.join(after)} may change "
                    f"(this update changes {', '.join(refused)})")
    elif before or after:
        allowed = set(before) | set(after)
        refused = [f for f in fields if f not in allowed]
        if refused:
            return f"{profile.name}: {', '.join(refused)} cannot be changed by a supplement before the FOC"
    return None
