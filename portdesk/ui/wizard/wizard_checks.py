"""Checks only the wizard makes (plain Python): contact e-mails and the four review agreements.

The order-file rules (domain/rules) stay as the CLI knows them; these add what a person must do in
the wizard before it queues the order, so Submit refuses through the same findings.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from portdesk.domain.findings import Finding, finding
from portdesk.domain.order import PortOrder

EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
AGREEMENTS = (
    ("keep_service", "I will not cancel the old service until the port has completed: cancelling first can "
                     "lose the numbers for good."),
    ("other_services", "Other services on the account (internet, TV, other lines) may be affected or "
                       "disconnected when these numbers leave."),
    ("etf", "The losing carrier may charge early-termination fees or a final bill."),
    ("no_features", "No DSL, alarm or fax line, hunt group or rollover rides on these numbers, or the provider "
                    "knows of it."),
)


def email_problem(text: str | None) -> str | None:
    """Why an e-mail address will bounce, in words; None when it looks deliverable (or is blank)."""
    value = (text or "").strip()
    if not value:
        return None
    if " " in value:
        return "an e-mail address has no spaces"
    if value.count("@") != 1:
        return "an e-mail address has exactly one @"
    if not EMAIL.match(value):
        return "expected name@example.com"
    return None


def wizard_findings(order: PortOrder, state: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    for index, contact in enumerate(order.contacts):
        why = email_problem(contact.email)
        if why:
            out.append(finding("FIELD_INVALID", f"contacts[{index}].email",
                               f"'{contact.email}' is not an e-mail address ({why}); the provider's "
                               "notifications would never arrive."))
    basis = state.get("loa_basis")
    if basis and "loa" in order.documents and basis != loa_basis(order):
        out.append(finding("LOA_OUTDATED", "documents.loa",
                           "The numbers or account details changed after the LOA was signed, so it no longer "
                           "authorises what this order asks for. Sign a new LOA in step 5.", "error"))
    ticked = state.get("agreements")
    done = set(ticked) if isinstance(ticked, list) else set()
    missing = [key for key, _ in AGREEMENTS if key not in done]
    if missing:
        out.append(finding("AGREEMENTS_NOT_TICKED", "agreements",
                           f"{len(missing)} of the {len(AGREEMENTS)} agreements on the review step are not ticked; "
                           "read them with the customer and tick each one.", "error"))
    return out


def loa_basis(order: PortOrder) -> str:
    """A fingerprint of what the LOA says (account, address, numbers, provider): signed on one basis,
    an LOA no longer matches an order whose basis changed."""
    data = {"account": order.account.to_dict(), "numbers": sorted(order.numbers), "profile": order.profile,
            "carrier": order.losing_carrier, "btn": order.new_btn, "port_type": order.port_type}
    data["account"].pop("pin", None)  # the LOA does not print the PIN
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
