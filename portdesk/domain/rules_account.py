"""Checks on who and where: required fields, account name length, PO boxes, BTN and port type."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from portdesk.domain.findings import Finding, finding
from portdesk.domain.numbers import NumberEntry, to_e164
from portdesk.domain.order import PortOrder
from portdesk.domain.plain_street import plain_number_and_street
from portdesk.domain.profiles import Profile

# A post office box in any common spelling; "Pope Street", "Boxwood Lane" and
# "Post Office Square" are real streets and must pass.
_PO_BOX = (
    r"""
    \b p \.? \s* o \.? \s* box (?![a-z])      # PO Box, P.O. Box, P O Box, POBox, PO Box12
  | \b p \.? \s* o \.? \s* b \b \.?          # POB, P.O.B. (then a number: "POB 12", "POB12")
    (?= \s* \#? \s* \d | \s* $ )
  | \b pob (?= \d )
  | \b post \s+ office \s+ box (?![a-z])      # Post Office Box
  | \b p \.? \s* m \.? \s* b (?![a-z])        # PMB, P.M.B., PMB12 (private mailbox)
  | \b private \s+ mail \s* box (?![a-z])     # Private Mailbox / Private Mail Box
  | (?: ^ | [,;] ) \s* box \s* \#? \s* \d+   # "Box 12" on its own
    """
)


@cache
def po_box_pattern() -> re.Pattern[str]:
    return re.compile(_PO_BOX, re.IGNORECASE | re.VERBOSE)

FIELD_LABELS = {
    "name": "the order name",
    "kind": "the kind (local or toll-free)",
    "losing_carrier": "the losing carrier",
    "account.name": "the account name",
    "account.number": "the account number",
    "account.pin": "the port-out PIN",
    "account.btn": "the billing telephone number (BTN)",
    "account.authorized_user": "the authorised user",
    "account.service_address.line1": "the service address",
    "account.service_address.line2": "the service address line 2",
    "account.service_address.city": "the city of the service address",
    "account.service_address.state": "the state of the service address",
    "account.service_address.postal_code": "the ZIP / postal code of the service address",
    "account.service_address.country": "the country of the service address",
    "numbers": "the numbers to port",
    "requested_date": "the requested port date",
    "requested_time": "the requested port time",
    "contacts": "a contact to notify",
}


def is_po_box(text: str | None) -> bool:
    # Every spelling the pattern knows has a "b" (box, POB, PMB; no other character matches b ignoring
    # case): a line without one is no PO box, and a cold lint of it does not compile the pattern (~0.6 ms).
    return bool(text and ("b" in text or "B" in text) and po_box_pattern().search(text))


def field_value(order: PortOrder, path: str) -> object:
    """The value at a dotted path of the order file (`account.service_address.city`)."""
    value: object = order
    for depth, part in enumerate(path.split(".")):
        if isinstance(value, dict):
            value = value.get(part)
        elif not part.startswith("_") and hasattr(value, part):
            value = getattr(value, part)
        elif depth == 0:
            value = order.extra.get(part)  # a key this PortDesk does not model, kept in `extra`
        else:
            return None
        if value is None:
            return None
    return value


def _empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return not value
    return False


# Fields whose "is empty" sentence would read wrongly (a list, a choice): said in their own words.
_MISSING_SAYS = {
    "numbers": "There are no numbers to port yet, and {p} needs at least one. Add them from the bill or a list.",
    "requested_date": "No requested port date is set, and {p} asks for one. Pick the day the numbers should "
                      "move; the carrier confirms or moves it with the FOC.",
    "contacts": "No contact to notify is given, and {p} needs one. Add who should hear about the port.",
    "kind": "The kind (local or toll-free) is not chosen, and {p} needs it. Choose it in the first step.",
}


def check_required(order: PortOrder, profile: Profile) -> list[Finding]:
    out = []
    for path in profile.required_fields:
        if _empty(field_value(order, path)):
            says = _MISSING_SAYS.get(path)
            if says is not None:
                out.append(finding("FIELD_REQUIRED", path, says.format(p=profile.name)))
                continue
            label = FIELD_LABELS.get(path, f"'{path}'")
            out.append(finding(
                "FIELD_REQUIRED", path,
                f"{label[0].upper()}{label[1:]} is empty, and {profile.name} needs it: the losing carrier "
                "matches the order against its records. Copy it exactly from the bill or CSR.",
            ))
    return out


ADDRESS_PART_KEYS = ("street_number", "pre_direction", "street_name", "street_type", "post_direction", "unit")


def check_address_parts(order: PortOrder, profile: Profile) -> list[Finding]:
    """Where the provider takes the address in parts, the house number and street name must be known: from
    the parts the order file keeps (the wizard's fields), else from the street line as the parser reads it.
    A whole line typed into the street name leaves the house number empty, and the carrier gets a wrong
    address while the line itself looks right."""
    address = order.account.service_address
    line = (address.line1 or "").strip()
    if not profile.address_in_parts or not line or is_po_box(line):
        return []
    extra = address.extra
    if any(isinstance(extra.get(k), str) and extra[k].strip() for k in ADDRESS_PART_KEYS):
        number, street = extra.get("street_number"), extra.get("street_name")
        where = "the address parts"
    else:
        # the model's answer, known in advance for a plain line ("1200 Market Street"), else asked of it
        plain = plain_number_and_street(line)
        if plain is not None:
            number, street = plain
        else:
            from portdesk.domain.address_parts import parse_us_street  # the CRF model loads on first use

            parts = parse_us_street(line)
            number, street = parts.house_number, parts.street
        where = "the street line"
    missing = [name for name, value in (("house number", number), ("street name", street))
               if not (isinstance(value, str) and value.strip())]
    if not missing:
        return []
    shown = line if len(line) <= 80 else line[:79] + "…"
    return [finding(
        "ADDRESS_PARTS_INCOMPLETE", "account.service_address.line1",
        f"{profile.name} takes the service address in parts, and {where} of '{shown}' give no "
        f"{' and no '.join(missing)}. Fill the house number, street and type separately (Take from the bill "
        "splits the line), so the carrier matches the address it has on record.",
    )]


def check_account(order: PortOrder, profile: Profile, entries: Sequence[NumberEntry]) -> list[Finding]:
    out: list[Finding] = []
    name = order.account.name
    limit = profile.account_name_max
    if name and limit and len(name) > limit:
        out.append(finding(
            "ACCOUNT_NAME_TOO_LONG", "account.name",
            f"The account name has {len(name)} characters; {profile.name} accepts {limit} including "
            f"spaces. Enter the first {limit} ('{name[:limit]}') and, after submitting, add a comment "
            "with the full name so the carrier can correct it instead of rejecting.",
        ))
    address = order.account.service_address
    for key in ("line1", "line2"):
        value = getattr(address, key)
        if is_po_box(value):
            out.append(finding(
                "PO_BOX_ADDRESS", f"account.service_address.{key}",
                f"'{value}' is a post office box. Carriers match the physical service address where the "
                "lines are installed and reject a PO box; enter the street address from the bill or CSR.",
            ))
    out.extend(_btn(order, entries))
    return out


def _btn(order: PortOrder, entries: Sequence[NumberEntry]) -> list[Finding]:
    leaving = {e.e164 for e in entries if e.e164}
    btn = to_e164(order.account.btn) if order.account.btn else None
    new_btn = to_e164(order.new_btn) if order.new_btn else None
    out: list[Finding] = []
    for field, typed, value in (("account.btn", order.account.btn, btn), ("new_btn", order.new_btn, new_btn)):
        if typed and typed.strip() and value is None:
            out.append(finding(
                "NUMBER_INVALID", field,
                f"'{typed}' is not a valid telephone number. The carrier matches the billing number against "
                "the account; copy it from the bill.",
            ))
    if btn and btn in leaving:
        if order.port_type is None:
            out.append(finding(
                "BTN_PORT_TYPE_UNDECIDED", "port_type",
                f"The BTN {btn} is among the numbers to port, so the carrier must know whether every number "
                "on the account leaves (full port) or only some (partial). Set the port type.",
            ))
        elif order.port_type == "partial" and not order.new_btn:
            out.append(finding(
                "PARTIAL_PORT_NEEDS_NEW_BTN", "new_btn",
                f"This partial port takes the BTN {btn}, and the account keeps other numbers that need a "
                "billing number. Name a new BTN from the numbers that stay with the losing carrier.",
            ))
    if new_btn and new_btn in leaving:
        out.append(finding(
            "NEW_BTN_IS_PORTING", "new_btn",
            f"The new BTN {new_btn} is itself in the list of numbers leaving. The new BTN must stay with "
            "the losing carrier; pick one of the numbers that remain on the account.",
        ))
    return out
