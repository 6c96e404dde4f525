"""Pre-flight checks: the order judged the way a losing carrier will judge it.

`check_order` runs every rule of the order's profile and returns the findings sorted (errors
first, then by field, then by code). The rules live in `rules_*.py` by subject; document facts
and the bill check come in as plain data (`domain.documents`), measured by the documents room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from portdesk.domain.findings import Finding, sort_findings
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.rules_account import check_account, check_address_parts, check_required, is_po_box
from portdesk.domain.rules_dates import check_dates
from portdesk.domain.rules_documents import check_bill_contents, check_bill_document, check_loa_document
from portdesk.domain.rules_numbers import check_numbers, classify_order_numbers
from portdesk.domain.rules_submission import (
    check_agreements,
    check_contacts,
    check_loa_basis,
    check_loa_contents,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:  # what the documents room measured: made only where there are documents
    from portdesk.domain.documents import BillCheck, DocumentFacts
    from portdesk.domain.loa_contents import LoaText

__all__ = ["check_order", "is_po_box", "number_carriers"]

_NO_DOCUMENTS: Mapping[str, DocumentFacts] = {}


def number_carriers(order: PortOrder) -> dict[str, str]:
    """Losing carrier per number when the order file records it (`number_carriers`: {E.164: name})."""
    raw = order.extra.get("number_carriers")
    if not isinstance(raw, dict):
        return {}
    from portdesk.domain.numbers import to_e164

    out: dict[str, str] = {}
    for number, carrier in raw.items():
        e164 = to_e164(str(number))
        if e164 and isinstance(carrier, str) and carrier.strip():
            out[e164] = carrier.strip()
    return out


def check_order(
    order: PortOrder,
    profile: Profile,
    today: dt.date,
    *,
    documents: Mapping[str, DocumentFacts] = _NO_DOCUMENTS,
    bill_check: BillCheck | None = None,
    carriers: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
    loa_text: LoaText | None = None,
) -> list[Finding]:
    """Every finding for `order` under `profile`, judged as of `today`.

    `documents` holds what the documents room measured per kind (bill, loa); a kind left out is
    judged only from the order file. `carriers` maps E.164 numbers to their known losing carrier
    (from a number list or a portability check); the order file's `number_carriers` adds to it.
    `now` is accepted for callers that judge by the clock; dates are judged by `today`.
    `loa_text` is the LOA's text as the documents room read it (None: not read); the LOA is then
    held against the order's numbers and account.
    """
    del now  # reserved: every rule today is judged by date
    entries = classify_order_numbers(order)
    known_carriers = {**number_carriers(order), **(carriers or {})}
    findings: list[Finding] = []
    findings += check_required(order, profile)
    findings += check_numbers(order, profile, entries, known_carriers)
    findings += check_account(order, profile, entries)
    findings += check_address_parts(order, profile)
    findings += check_bill_document(order, profile, today, documents.get("bill"), bill_check)
    findings += check_loa_document(order, profile, today, documents.get("loa"))
    findings += check_bill_contents(order, bill_check, entries)
    findings += check_dates(order, profile, today)
    findings += check_contacts(order)
    findings += check_loa_contents(order, documents.get("loa"), loa_text)
    findings += check_loa_basis(order)
    findings += check_agreements(order)
    return sort_findings(findings)
