"""Checks on an order's list of numbers: validity, repeats, countries, kinds, limits, grouping."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from portdesk.domain.findings import Finding, finding
from portdesk.domain.numbers import NumberEntry, classify, is_toll_free, mark_duplicates
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile

KIND_WORDS = {"local": "local", "toll_free": "toll-free"}


def classify_order_numbers(order: PortOrder) -> list[NumberEntry]:
    """The order's numbers judged one by one; `line` is the 0-based index into `numbers`."""
    return mark_duplicates(classify(text, index) for index, text in enumerate(order.numbers))


def _where(entry: NumberEntry) -> str:
    return f"numbers[{entry.line}]"


def check_numbers(
    order: PortOrder, profile: Profile, entries: Sequence[NumberEntry], carriers: Mapping[str, str]
) -> list[Finding]:
    out: list[Finding] = []
    for e in entries:
        if not e.valid:
            out.append(finding(
                "NUMBER_INVALID", _where(e),
                f"'{e.input}' is not a valid telephone number: {e.error}. The carrier rejects the whole "
                "order for one wrong number; correct it from the bill or remove it.",
            ))
        elif e.duplicate:
            out.append(finding(
                "NUMBER_DUPLICATE", _where(e),
                f"{e.e164} is listed more than once. Remove the repeat so the carrier sees each number once.",
            ))
        if e.valid and not profile.serves(e.country):
            served = ", ".join(profile.countries)
            out.append(finding(
                "NUMBER_COUNTRY_UNSUPPORTED", _where(e),
                f"{e.e164} is a {e.country} number and {profile.name} ports only numbers from {served} "
                "this way. Port it through another provider or the provider's support, and remove it here.",
            ))
    valid = [e for e in entries if e.valid]
    out.extend(_kinds(order, profile, valid))
    out.extend(_limits(profile, entries))
    out.extend(_grouping(order, profile, valid, carriers))
    return out


def _kinds(order: PortOrder, profile: Profile, valid: Sequence[NumberEntry]) -> list[Finding]:
    toll_free = [e for e in valid if is_toll_free(e.kind)]
    local = [e for e in valid if not is_toll_free(e.kind)]
    if toll_free and local:
        if profile.mix_local_toll_free:
            return []
        return [finding(
            "MIXED_NUMBER_KINDS", "numbers",
            f"The order mixes {len(local)} local and {len(toll_free)} toll-free numbers; {profile.name} "
            "takes them only in separate requests. Split the order by kind (portdesk split).",
        )]
    actual = "toll_free" if toll_free else "local" if local else None
    if order.kind and actual and order.kind != actual:
        return [finding(
            "KIND_MISMATCH", "kind",
            f"The order says {KIND_WORDS[order.kind]} but its numbers are {KIND_WORDS[actual]}. The carrier "
            f"routes local and toll-free ports differently; set the kind to {KIND_WORDS[actual]}.",
        )]
    return []


def _limits(profile: Profile, entries: Sequence[NumberEntry]) -> list[Finding]:
    distinct = {e.e164 or e.input for e in entries}
    count = len(distinct)
    out: list[Finding] = []
    if profile.max_numbers and count > profile.max_numbers:
        parts = math.ceil(count / profile.max_numbers)
        out.append(finding(
            "TOO_MANY_NUMBERS", "numbers",
            f"{count} numbers, and {profile.name} takes at most {profile.max_numbers} in one request. "
            f"Split it into {parts} orders of at most {profile.max_numbers} (Split in the wizard, or "
            "portdesk split).",
        ))
    if profile.automated_limit and count > profile.automated_limit:
        out.append(finding(
            "PROJECT_PORT", "numbers",
            f"{count} numbers is over the {profile.automated_limit} that {profile.name} handles "
            "automatically: the order becomes a project port, which takes longer. Nothing to do, "
            "but plan for a later date or split the order to keep it automated.",
        ))
    return out


def _grouping(
    order: PortOrder, profile: Profile, valid: Sequence[NumberEntry], carriers: Mapping[str, str]
) -> list[Finding]:
    out: list[Finding] = []
    prefixes = sorted({e.npa_nxx for e in valid if e.npa_nxx})
    if profile.one_npa_nxx and len(prefixes) > 1:
        shown = ", ".join(prefixes[:6]) + (" …" if len(prefixes) > 6 else "")
        out.append(finding(
            "MULTIPLE_NPA_NXX", "numbers",
            f"The numbers span {len(prefixes)} area code + prefix groups ({shown}); {profile.name} takes one "
            "NPA-NXX per request or the port is delayed. Split the order by NPA-NXX (portdesk split).",
        ))
    known = {carriers[e.e164] for e in valid if e.e164 and e.e164 in carriers}
    if len(known) > 1:
        out.append(finding(
            "MULTIPLE_LOSING_CARRIERS", "numbers",
            f"The numbers sit with {len(known)} different losing carriers ({', '.join(sorted(known))}); "
            "each losing carrier needs its own order, bill and LOA. Split the order by carrier.",
        ))
    return out
