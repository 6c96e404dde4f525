"""Checks on the bill copy and the LOA: present, a readable PDF, small enough, recent, signed,
and (through the bill check) saying what the order says.

A document the order names but that is not there counts as missing (BILL_MISSING / LOA_MISSING)
where the profile requires it: the order is judged, and a dangling path is something the
coordinator fixes in the order. Where the profile does not require it, nothing is attached and
nothing is wrong (findings.md: "the profile requires the document and none is attached").
Documents not inspected (no facts given) are judged only by what the order file says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from portdesk.domain.calendar import parse_day
from portdesk.domain.findings import Finding, Severity, finding
from portdesk.domain.numbers import NumberEntry
from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.quoting import quoted

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:  # the documents room's measurements: an order without documents needs no such record
    from portdesk.domain.documents import BillCheck, DocumentFacts

# BILL_FIELD_MISMATCH: these fields missing from the bill block submission; near is a warning.
BLOCKING_BILL_FIELDS = (
    "account.name",
    "account.number",
    "account.service_address.line1",
    "account.service_address.postal_code",
)
# These only ever warn, whether near or missing.
SOFT_BILL_FIELDS = (
    "account.btn",
    "account.service_address.city",
    "account.service_address.state",
    "account.service_address.line2",
)
LABELS = {"bill": "bill copy", "loa": "LOA"}


def _iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _file_date(ref: DocumentRef, key: str, out: list[Finding]) -> dt.date | None:
    """A date the order file gives for a document (YYYY-MM-DD, or a timestamp starting with one);
    one that does not exist is a finding, not silence."""
    value = getattr(ref, key)
    if not value:
        return None
    try:
        if value[10:] and value[10] not in "T ":
            raise ValueError(f"{quoted(value)} is not a date; write it as YYYY-MM-DD")
        return parse_day(value[:10])
    except ValueError as exc:
        out.append(finding("FIELD_INVALID", f"documents.{ref.kind}.{key}",
                           f"{exc}. Write the {LABELS[ref.kind]}'s {key.replace('_', ' ')} as YYYY-MM-DD, "
                           "a day that exists."))
        return None


def _presence(kind: str, ref: DocumentRef | None, facts: DocumentFacts | None, required: bool,
              pdf_only: bool, profile: Profile) -> list[Finding]:
    """Missing or unreadable; an empty list means the document is there to be judged further."""
    code = kind.upper()
    field = f"documents.{kind}"
    label = LABELS[kind]
    if ref is None or not (ref.path or "").strip():
        if required:
            return [finding(f"{code}_MISSING", field,
                            f"No {label} is attached, and {profile.name} requires one to prove the customer "
                            f"owns the numbers. Attach the {label} as a PDF.")]
        return []
    if facts is None:
        return []
    if not facts.exists:
        if not required:
            return []  # findings.md: BILL_MISSING / LOA_MISSING only where the profile requires it
        return [finding(f"{code}_MISSING", field,
                        f"The order names '{ref.path}' as its {label}, but there is no such file next to the "
                        f"order. Put the file there or correct the path.")]
    if pdf_only and (not facts.is_pdf or not facts.readable or facts.encrypted):
        why = facts.problem or ("it is not a PDF" if not facts.is_pdf else "it cannot be opened")
        return [finding(f"{code}_NOT_PDF", field,
                        f"'{ref.path}' is not a readable PDF ({why}). Carriers accept the {label} only as a "
                        "PDF they can open; export or scan it to an unprotected PDF and attach that.")]
    return []


def check_bill_document(order: PortOrder, profile: Profile, today: dt.date,
                        facts: DocumentFacts | None, bill_check: BillCheck | None) -> list[Finding]:
    rule = profile.bill
    ref = order.documents.get("bill")
    problems = _presence("bill", ref, facts, rule.required, rule.pdf_only, profile)
    out: list[Finding] = []
    # The size counts whatever else is wrong: a file too large for the carrier is refused even once
    # it is a readable PDF, so the coordinator learns both at once.
    if facts is not None and facts.exists and rule.max_size_bytes and facts.size > rule.max_size_bytes:
        out.append(finding("BILL_TOO_LARGE", "documents.bill",
                           f"The bill copy is {facts.size / 1048576:.1f} MB; {profile.name} accepts at most "
                           f"{rule.max_size_bytes / 1048576:g} MB. Attach only the pages that show the account, "
                           "name, address and numbers, or save it at a lower resolution."))
    if problems or ref is None or not ref.path:
        return problems + out
    file_date = _file_date(ref, "date", out)
    statement = file_date or (facts.statement_date if facts else None) or (bill_check.date if bill_check else None)
    if statement and rule.max_age_days:
        age = (today - statement).days
        if age > rule.max_age_days:
            out.append(finding("BILL_TOO_OLD", "documents.bill",
                               f"The bill is dated {statement.isoformat()}, {age} days ago; {profile.name} "
                               f"accepts bills at most {rule.max_age_days} days old. Get the latest statement "
                               "from the customer."))
        elif age + rule.review_days > rule.max_age_days:
            out.append(finding("BILL_AGE_RISK", "documents.bill",
                               f"The bill is {age} days old today and will be over {rule.max_age_days} days by "
                               f"the time the carrier processes the order (about {rule.review_days} days after "
                               "submission), which risks a rejection. Submit today or get a newer bill."))
    return out


def check_loa_document(order: PortOrder, profile: Profile, today: dt.date,
                       facts: DocumentFacts | None) -> list[Finding]:
    rule = profile.loa
    ref = order.documents.get("loa")
    problems = _presence("loa", ref, facts, rule.required, rule.pdf_only, profile)
    if problems or ref is None or not ref.path:
        return problems
    record = facts.signing if facts else None
    bad_date: list[Finding] = []
    signed_on = _file_date(ref, "signed_on", bad_date) or (_iso(record.signed_at) if record else None)
    signer = (ref.signed_by or "").strip() or (record.signer if record else "")
    if bad_date and not signed_on:
        return bad_date  # the date is there but impossible: say that, not "unsigned"
    return bad_date + _loa_signature(profile, today, signed_on, signer)


def _loa_signature(profile: Profile, today: dt.date, signed_on: dt.date | None, signer: str) -> list[Finding]:
    rule = profile.loa
    if not (signed_on and signer):
        missing = "the signing date" if signer else "the signer" if signed_on else "a signature"
        return [finding("LOA_UNSIGNED", "documents.loa",
                        f"The LOA has no record of {missing}. The losing carrier releases numbers only on a "
                        "signed and dated authorisation; have the authorised user sign it (or fill in "
                        "signed_by and signed_on when it was signed on paper).")]
    age = (today - signed_on).days
    if rule.max_age_days and age > rule.max_age_days:
        return [finding("LOA_TOO_OLD", "documents.loa",
                        f"The LOA was signed on {signed_on.isoformat()}, {age} days ago; {profile.name} accepts "
                        f"LOAs signed within {rule.max_age_days} days. Have it signed again.")]
    if rule.preferred_age_days and age > rule.preferred_age_days:
        return [finding("LOA_AGE_RISK", "documents.loa",
                        f"The LOA was signed {age} days ago; {profile.name} prefers LOAs under "
                        f"{rule.preferred_age_days} days so a delay does not push it past "
                        f"{rule.max_age_days or rule.preferred_age_days} days. Consider a fresh signature.")]
    return []


def _mismatch(status: str, field: str) -> Severity | None:
    if field in BLOCKING_BILL_FIELDS:
        return "error" if status == "missing" else "warning" if status == "near" else None
    if field in SOFT_BILL_FIELDS and status in ("near", "missing"):
        return "warning"
    return None


def check_bill_contents(order: PortOrder, bill_check: BillCheck | None,
                        entries: Sequence[NumberEntry]) -> list[Finding]:
    if bill_check is None or not bill_check.text_layer:
        return []  # a scan without OCR cannot be read: nothing to hold the order against
    out: list[Finding] = []
    for check in bill_check.fields:
        severity = _mismatch(check.status, check.field)
        if severity is None:
            continue
        if check.status == "missing":
            text = (f"'{check.value}' ({check.field}) does not appear on the bill. Carriers reject an order "
                    "whose details differ from their records; copy it exactly from the bill or CSR.")
        else:
            diff = "; ".join(check.differences) or "it differs slightly"
            text = (f"The bill has '{check.found}' where the order has '{check.value}' ({diff}). Some carriers "
                    "reject for a single comma or space: type it exactly as the bill shows.")
        out.append(finding("BILL_FIELD_MISMATCH", check.field, text, severity))
    index: Mapping[str, int] = {e.e164: e.line for e in reversed(entries) if e.e164}
    for number in bill_check.on_order_not_on_bill:
        where = f"numbers[{index[number]}]" if number in index else "numbers"
        out.append(finding("NUMBER_NOT_ON_BILL", where,
                           f"{number} does not appear on the bill. If it is on another account or the bill "
                           "lists only some numbers, attach the CSR or a bill that shows it; a number not on "
                           "the account is rejected."))
    return out
