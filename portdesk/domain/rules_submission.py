"""Rules that used to live only in the wizard: notification contacts, the LOA held against the order
it authorises, and the review agreements.

They judge the order (and, for the LOA, its text as the documents room read it), so every door —
wizard, Checks tab, lint, orders submit, the submission package — reaches the same verdict.
"""

from __future__ import annotations

import json
import re

from portdesk.domain.findings import Finding, finding
from portdesk.domain.numbers import to_e164
from portdesk.domain.order import PortOrder

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:  # an LOA's text and facts come with its documents; an order without them needs neither
    from portdesk.domain.documents import DocumentFacts
    from portdesk.domain.loa_contents import LoaText

WIZARD_KEY = "x_wizard"  # the wizard's state in the order (services.drafts keeps it)
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
_SHOWN = 3  # numbers quoted in a message before "and N more"
_QUOTE = 80  # at most this much of a user value in a message


def _quote(value: str) -> str:
    return value if len(value) <= _QUOTE else value[: _QUOTE - 1] + "…"


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


def phone_problem(text: str | None) -> str | None:
    """Why a contact's phone number cannot be called, in words; None when it is valid (or blank)."""
    value = (text or "").strip()
    if not value or to_e164(value):
        return None
    return "it is not a valid telephone number (include the area code)"


def check_contacts(order: PortOrder) -> list[Finding]:
    out: list[Finding] = []
    for index, contact in enumerate(order.contacts):
        why = email_problem(contact.email)
        if why:
            out.append(finding("CONTACT_INVALID", f"contacts[{index}].email",
                               f"'{_quote(contact.email or '')}' is not an e-mail address ({why}); the provider's "
                               "notifications would never arrive. Correct it or remove the contact."))
        why = phone_problem(contact.phone)
        if why:
            out.append(finding("CONTACT_INVALID", f"contacts[{index}].phone",
                               f"'{_quote(contact.phone or '')}' cannot be called ({why}); the provider could not "
                               "reach this contact. Correct it or leave the phone empty."))
    return out


def wizard_state(order: PortOrder) -> dict[str, object] | None:
    raw = order.extra.get(WIZARD_KEY)
    return raw if isinstance(raw, dict) else None


def check_agreements(order: PortOrder) -> list[Finding]:
    """An order drafted in the wizard carries the review agreements; all four must be ticked."""
    state = wizard_state(order)
    if state is None:
        return []  # an order file written elsewhere: the agreements are not part of it
    ticked = state.get("agreements")
    done = set(ticked) if isinstance(ticked, list) else set()
    missing = [key for key, _ in AGREEMENTS if key not in done]
    if not missing:
        return []
    return [finding("AGREEMENTS_NOT_TICKED", "agreements",
                    f"{len(missing)} of the {len(AGREEMENTS)} agreements on the review step are not ticked; "
                    "read them with the customer and tick each one.")]


def loa_basis(order: PortOrder) -> str:
    """A fingerprint of what the LOA says (account, address, numbers, provider): signed on one basis,
    an LOA no longer matches an order whose basis changed."""
    account = order.account.to_dict()
    account.pop("pin", None)  # the LOA does not print the PIN
    data = {"account": account, "numbers": sorted(order.numbers), "profile": order.profile,
            "carrier": order.losing_carrier, "btn": order.new_btn, "port_type": order.port_type}
    import hashlib  # only when a fingerprint is asked for (not on every lint)

    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def check_loa_basis(order: PortOrder) -> list[Finding]:
    """LOA_OUTDATED: the order records what its LOA was signed for, and that has changed since.

    Covers what the content checks cannot see: the losing carrier, the port type, the new BTN and
    the provider, and LOAs without a text layer.
    """
    state = wizard_state(order)
    basis = state.get("loa_basis") if state else None
    if not basis or "loa" not in order.documents or basis == loa_basis(order):
        return []
    return [finding("LOA_OUTDATED", "documents.loa",
                    "The numbers or account details changed after the LOA was signed, so it no longer "
                    "authorises what this order asks for. Sign a new LOA in step 5.")]


def _listing(numbers: list[str]) -> str:
    shown = ", ".join(numbers[:_SHOWN])
    return shown + (f" and {len(numbers) - _SHOWN} more" if len(numbers) > _SHOWN else "")


def check_loa_contents(order: PortOrder, facts: DocumentFacts | None, text: LoaText | None) -> list[Finding]:
    """The LOA's text against the order: the same numbers, the same account, service address and signer."""
    if text is None or "loa" not in order.documents:
        return []  # not read (no PDF library, or no LOA): judged only by its signing record
    if facts is not None and (not facts.exists or not facts.is_pdf or not facts.readable or facts.encrypted):
        return []  # LOA_MISSING / LOA_NOT_PDF already say what is wrong
    if not text.has_text:
        return [finding("LOA_UNREADABLE", "documents.loa",
                        "The LOA has no text layer (it is a scan), so PortDesk cannot check that it lists this "
                        "order's numbers, account and address. Compare them by eye before submitting.")]
    out: list[Finding] = []
    wanted = {e for e in (to_e164(n) for n in order.numbers) if e}
    from portdesk.domain.loa_contents import listed_numbers, mentions

    listed = listed_numbers(text)
    missing, extra = sorted(wanted - listed), sorted(listed - wanted)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"it does not list {_listing(missing)}")
        if extra:
            parts.append(f"it lists {_listing(extra)}, which this order does not port")
        out.append(finding("LOA_NUMBERS_DIFFER", "documents.loa",
                           f"The LOA authorises a different port: {'; '.join(parts)}. Generate the LOA again "
                           "from this order and have it signed."))
    account = order.account
    labels = (("account name", account.name), ("authorised person", account.authorized_user),
              ("service address", account.service_address.line1),
              ("ZIP / postal code", account.service_address.postal_code))
    differ = [label for label, value in labels if not mentions(text, value)]
    if differ:
        out.append(finding("LOA_ACCOUNT_DIFFERS", "documents.loa",
                           f"The LOA does not name this order's {', '.join(differ)}: it was signed for other "
                           "account details. Generate the LOA again from the order as it is now and have it "
                           "signed."))
    return out
