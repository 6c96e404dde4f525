"""What the rules need to know about an attached document, as plain data.

The documents room (PyMuPDF) measures a file and fills these in; the rules in the domain judge
them. Keeping the facts here keeps `rules.py` free of any PDF library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

FieldStatus = Literal["exact", "near", "missing", "unchecked"]

# The fields the bill check holds against the bill, in the order they are shown.
BILL_FIELDS = (
    "account.name",
    "account.number",
    "account.btn",
    "account.authorized_user",
    "account.service_address.line1",
    "account.service_address.line2",
    "account.service_address.city",
    "account.service_address.state",
    "account.service_address.postal_code",
)


@dataclass(frozen=True)
class SigningRecord:
    """How PortDesk signed an LOA: who, when, the unsigned file's digest, and how."""

    signer: str
    signed_at: str  # ISO 8601 with offset
    unsigned_sha256: str
    method: str = "drawn"  # drawn | typed | image | external


@dataclass
class DocumentFacts:
    """A document as measured: can it be read, and what it says about itself."""

    kind: str  # bill | loa | csr
    path: str | None = None
    exists: bool = True
    size: int = 0
    is_pdf: bool = False  # by magic bytes, not by name
    readable: bool = False  # opens and has at least one page
    encrypted: bool = False
    pages: int = 0
    text_layer: bool = False
    problem: str | None = None  # why it cannot be read, in words
    statement_date: dt.date | None = None  # bills
    signing: SigningRecord | None = None  # LOAs signed by PortDesk


@dataclass(frozen=True)
class FieldCheck:
    """One order value held against the bill: where it was found, and how it differs."""

    field: str
    value: str
    status: FieldStatus
    found: str | None = None
    page: int | None = None  # 1-based
    rects: tuple[tuple[float, float, float, float], ...] = ()
    differences: tuple[str, ...] = ()


@dataclass
class BillCheck:
    """The bill held against the order: the date it bears and each value's check."""

    pages: int
    text_layer: bool
    date: dt.date | None
    age_days: int | None
    fields: list[FieldCheck] = field(default_factory=list)
    on_order_not_on_bill: list[str] = field(default_factory=list)
    on_bill_not_on_order: list[str] = field(default_factory=list)
    ocr: bool = False

    def status_of(self, field_name: str) -> FieldStatus | None:
        for f in self.fields:
            if f.field == field_name:
                return f.status
        return None
