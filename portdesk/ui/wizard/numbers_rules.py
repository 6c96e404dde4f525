"""What step 4 decides from the order, in plain Python (no widgets): the BTN question, the profile's
limit and the split plan, and merging numbers typed in several goes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from portdesk.domain.numbers import NumberEntry, to_e164
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.services import numbers_import


def btn_leaving(order: PortOrder) -> str | None:
    """The BTN (E.164) when it is among the numbers to port: then the full/partial question matters."""
    btn = to_e164(order.account.btn) if order.account.btn else None
    if btn is None:
        return None
    leaving = {to_e164(n) or n for n in order.numbers}
    return btn if btn in leaving else None


def merge_numbers(order: PortOrder, numbers: Iterable[str], carriers: Mapping[str, str] | None = None) -> int:
    """Add numbers not yet on the order (kept in the order typed); how many were new."""
    have = set(order.numbers)
    added = [n for n in dict.fromkeys(numbers) if n not in have]
    order.numbers.extend(added)
    set_carriers(order, carriers or {})
    return len(added)


def set_carriers(order: PortOrder, carriers: Mapping[str, str]) -> None:
    """Keep `number_carriers` to the order's numbers, adding what a list named."""
    recorded = order.extra.get("number_carriers")
    kept = {k: v for k, v in recorded.items() if k in order.numbers} if isinstance(recorded, dict) else {}
    kept.update({n: c for n, c in carriers.items() if n in order.numbers})
    if kept:
        order.extra["number_carriers"] = kept
    else:
        order.extra.pop("number_carriers", None)


def over_limit(order: PortOrder, profile: Profile) -> tuple[int, int] | None:
    """(count, orders the split makes) when the numbers are more than the profile takes in one request.

    The count of orders comes from the split plan itself, not from count / limit: a profile that takes one
    area code + prefix per request (or one losing carrier) needs more orders than the division says, and
    the button must promise the number of orders the confirmation (and the split) then makes."""
    count = len(set(order.numbers))
    limit = profile.max_numbers
    if not limit or count <= limit:
        return None
    plan = numbers_import.plan_split(numbers_import.from_order(order), profile)
    return count, max(len(plan.groups), math.ceil(count / limit))


def split_parts(order: PortOrder, profile: Profile, name: str) -> list[PortOrder]:
    """The orders the profile accepts for these numbers, named "<name> (i/N)".

    An LOA lists the numbers it authorises, so none of the parts keeps the old one: each is signed anew.
    """
    entries: Sequence[NumberEntry] = numbers_import.from_order(order)
    plan = numbers_import.plan_split(entries, profile)
    parts = numbers_import.draft_orders(order, plan.groups, name, numbers_import.carriers_of(entries))
    for part in parts:
        part.documents.pop("loa", None)
        state = part.extra.get("x_wizard")
        if isinstance(state, dict):
            state.pop("loa_signed", None)
    return parts
