"""Pre-flight findings: what would get an order rejected or delayed, in words a coordinator acts on.

Codes are stable (tests, filters and translations key on them); see the catalogue in CODES.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning"]
else:
    Severity = str  # at run time only a name in annotations, which are never evaluated

# code → severity. BILL_FIELD_MISMATCH is an error or a warning depending on the field.
CODES: dict[str, Severity] = {
    "FIELD_REQUIRED": "error",
    "NUMBER_INVALID": "error",
    "NUMBER_DUPLICATE": "warning",
    "NUMBER_COUNTRY_UNSUPPORTED": "error",
    "MIXED_NUMBER_KINDS": "error",
    "KIND_MISMATCH": "error",
    "TOO_MANY_NUMBERS": "error",
    "PROJECT_PORT": "warning",
    "MULTIPLE_NPA_NXX": "error",
    "MULTIPLE_LOSING_CARRIERS": "error",
    "ACCOUNT_NAME_TOO_LONG": "warning",
    "PO_BOX_ADDRESS": "error",
    "BTN_PORT_TYPE_UNDECIDED": "error",
    "PARTIAL_PORT_NEEDS_NEW_BTN": "error",
    "NEW_BTN_IS_PORTING": "error",
    "BILL_MISSING": "error",
    "LOA_MISSING": "error",
    "BILL_NOT_PDF": "error",
    "LOA_NOT_PDF": "error",
    "BILL_TOO_LARGE": "error",
    "BILL_TOO_OLD": "error",
    "BILL_AGE_RISK": "warning",
    "LOA_UNSIGNED": "error",
    "LOA_TOO_OLD": "error",
    "LOA_AGE_RISK": "warning",
    "DATE_TOO_SOON": "warning",
    "DATE_NOT_BUSINESS_DAY": "warning",
    "TIME_OUTSIDE_WINDOW": "error",
    "BILL_FIELD_MISMATCH": "error",
    "NUMBER_NOT_ON_BILL": "warning",
    # PortDesk's own addition: a date, time or time zone the checks cannot read at all.
    "FIELD_INVALID": "error",
    # The LOA held against the order, contacts and the review agreements (domain/rules_submission.py).
    "LOA_NUMBERS_DIFFER": "error",
    "LOA_ACCOUNT_DIFFERS": "error",
    "LOA_UNREADABLE": "warning",
    "LOA_OUTDATED": "error",
    "CONTACT_INVALID": "error",
    "AGREEMENTS_NOT_TICKED": "error",
    # A provider that takes the address in parts, and no house number or street name among them.
    "ADDRESS_PARTS_INCOMPLETE": "error",
}


@dataclass(frozen=True)
class Finding:
    """One thing a pre-flight check found: its code, severity, field and message."""

    code: str
    severity: Severity
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def finding(code: str, field: str, message: str, severity: Severity | None = None) -> Finding:
    """A finding with the catalogue's severity unless the rule decides otherwise."""
    return Finding(code, severity or CODES[code], field, message)


def _field_key(path: str) -> tuple[str, int, str]:
    # numbers[10] sorts after numbers[9]: compare the index as a number.
    if path.endswith("]") and "[" in path:
        head, _, idx = path[:-1].rpartition("[")
        if idx.isdigit():
            return head, int(idx), ""
    return path, -1, ""


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: errors first, then by field, then by code; exact repeats removed."""
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.severity != "error", _field_key(f.field), f.code, f.message))


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    items = list(findings)
    errors = sum(1 for f in items if f.is_error)
    return errors, len(items) - errors
