"""Bill intake in the wizard: the proposals read off the bill written into the order as plain values.

A proposal is a value in the form, never a confirmation: the bill date stays unconfirmed, and the
wizard only remembers which fields came from the bill (`x_wizard.from_bill`: field → "high" / "low",
with the page) so the account step can mark them until the coordinator edits them. Fields already typed
are never overwritten.
"""

from __future__ import annotations

from typing import Any

from portdesk.domain.address_parts import AddressParts
from portdesk.domain.bill_intake import BillIntake, Proposal
from portdesk.domain.order import PortOrder
from portdesk.ui.wizard.address_fields import PARTS, compose_line1, parts_of_line, street_parts
from portdesk.ui.wizard.context import WizardContext

FROM_BILL = "from_bill"  # the wizard-state key

def from_bill(ctx: WizardContext) -> dict[str, dict[str, Any]]:
    """The fields proposed from the bill and not edited since: field → {"confidence", "page"}."""
    raw = ctx.state.get(FROM_BILL)
    return raw if isinstance(raw, dict) else {}


def forget(ctx: WizardContext, field: str) -> None:
    """The coordinator typed over a proposal: it is theirs now."""
    marks = from_bill(ctx)
    if field in marks:
        del marks[field]


def apply_intake(ctx: WizardContext, intake: BillIntake) -> list[str]:
    """Write every proposal into the empty fields of the order; the fields filled, in form order."""
    order = ctx.order
    acc = order.account
    address = acc.service_address
    filled: dict[str, dict[str, Any]] = {}

    def take(field: str, current: str | None, proposal: Proposal | None) -> str | None:
        if proposal is None or (current or "").strip():
            return current
        filled[field] = {"confidence": proposal.confidence, "page": proposal.page}
        return proposal.value

    order.losing_carrier = take("losing_carrier", order.losing_carrier, intake.losing_carrier)
    acc.name = take("account.name", acc.name, intake.name)
    acc.number = take("account.number", acc.number, intake.number)
    acc.btn = take("account.btn", acc.btn, intake.btn)
    acc.authorized_user = take("account.authorized_user", acc.authorized_user, intake.authorized_user)
    service = intake.service_address
    if service is not None and not _has_street(order):
        _take_street(order, service.line1, service.line2, service.parts, filled)
        address.city = take("address.city", address.city, service.city)
        address.state = take("address.state", address.state, service.state)
        address.postal_code = take("address.postal_code", address.postal_code, service.postal_code)
        if address.country is None and (address.line1 or address.city):
            address.country = "US"
    if not order.name and (name := intake.suggested_name()):
        order.name = name
    if order.kind is None:
        order.kind = "local"
    ctx.intake = intake
    marks = from_bill(ctx)
    marks.update(filled)
    ctx.state[FROM_BILL] = marks
    return list(filled)


def _has_street(order: PortOrder) -> bool:
    address = order.account.service_address
    return bool(address.line1 or any(address.extra.get(k) for k in PARTS))


def _take_street(order: PortOrder, line1: Proposal | None, line2: Proposal | None, parts: AddressParts | None,
                 filled: dict[str, dict[str, Any]]) -> None:
    """The street line in its parts (the bill's characters); a line the parser cannot split goes whole
    into the street name, as the coordinator would have typed it."""
    if line1 is None:
        return
    address = order.account.service_address
    found = street_parts(parts) if parts is not None else parts_of_line(line1.value, line2.value if line2 else None)
    if not (found.get("street_number") and found.get("street_name")):
        found = {"street_name": line1.value} | ({"unit": line2.value} if line2 else {})
    if line2 is not None and "unit" not in found:
        found["unit"] = line2.value
    for key, value in found.items():
        address.extra[key] = value
        source = line2 if key == "unit" and line2 is not None else line1
        filled[f"address.{key}"] = {"confidence": source.confidence, "page": source.page}
    address.line1 = compose_line1(found)
    address.line2 = found.get("unit")
