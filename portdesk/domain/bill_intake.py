"""What bill intake proposes from a bill: each account field with its place on the bill and a confidence.

Plain data for the CLI (`read-bill`), the desktop's drop-a-bill wizard and tests. A field the bill
does not show is None (left out of the JSON), never guessed. `draft_order` turns the proposals into a
draft order the coordinator confirms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import phonenumbers

from portdesk.domain.address_parts import AddressParts
from portdesk.domain.numbers import DEFAULT_REGION
from portdesk.domain.order import Account, DocumentRef, PortOrder, ServiceAddress

Confidence = Literal["high", "low"]
Rect = tuple[float, float, float, float]  # PDF points, top-left origin


@dataclass(frozen=True)
class Proposal:
    """A value read off the bill: the bill's own characters (a BTN in E.164), where they are, how sure."""

    value: str
    page: int  # 1-based
    rects: tuple[Rect, ...]
    confidence: Confidence = "high"

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "page": self.page, "rects": [list(r) for r in self.rects],
                "confidence": self.confidence}


@dataclass(frozen=True)
class AddressProposal:
    line1: Proposal | None = None
    line2: Proposal | None = None
    city: Proposal | None = None
    state: Proposal | None = None
    postal_code: Proposal | None = None
    parts: AddressParts | None = None  # line1 (and line2's unit) in parts, the bill's characters

    _LINES = ("line1", "line2", "city", "state", "postal_code")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: p.to_json() for k in self._LINES if (p := getattr(self, k)) is not None}
        if self.parts is not None:
            out["parts"] = self.parts.to_dict()
        return out


@dataclass
class BillIntake:
    """Everything intake read off one bill."""

    pages: int
    text_layer: bool
    ocr: bool
    date: dt.date | None
    losing_carrier: Proposal | None = None
    name: Proposal | None = None
    number: Proposal | None = None
    btn: Proposal | None = None
    authorized_user: Proposal | None = None
    service_address: AddressProposal | None = None
    numbers: list[str] = field(default_factory=list)  # E.164, in the order the bill prints them

    _ACCOUNT = ("name", "number", "btn", "authorized_user")

    @property
    def readable(self) -> bool:
        """The bill had text to read (its own, or OCR's)."""
        return self.text_layer or self.ocr

    def account_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: p.to_json() for k in self._ACCOUNT if (p := getattr(self, k)) is not None}
        if self.service_address is not None:
            out["service_address"] = self.service_address.to_json()
        return out

    def to_json(self) -> dict[str, Any]:
        """The `read-bill --json` object of cli.md."""
        out: dict[str, Any] = {
            "bill": {"pages": self.pages, "text_layer": self.text_layer, "ocr": self.ocr,
                     "date": self.date.isoformat() if self.date else None},
        }
        if self.losing_carrier is not None:
            out["losing_carrier"] = self.losing_carrier.to_json()
        out["account"] = self.account_json()
        out["numbers"] = list(self.numbers)
        return out

    def suggested_name(self) -> str | None:
        """'ABC Company - Denver': the request name a coordinator would type."""
        if self.name is None:
            return None
        city = self.service_address.city if self.service_address else None
        return f"{self.name.value} - {city.value}" if city else self.name.value

    def draft_order(self, bill_path: str | None = None) -> PortOrder:
        """A draft order holding every proposed value, the numbers and (when given) the bill."""
        address = self.service_address or AddressProposal()

        def value(p: Proposal | None) -> str | None:
            return p.value if p is not None else None

        order = PortOrder(
            name=self.suggested_name(),
            kind=_kind(self.numbers),
            losing_carrier=value(self.losing_carrier),
            account=Account(
                name=value(self.name), number=value(self.number), btn=value(self.btn),
                authorized_user=value(self.authorized_user),
                service_address=ServiceAddress(
                    line1=value(address.line1), line2=value(address.line2), city=value(address.city),
                    state=value(address.state), postal_code=value(address.postal_code),
                    country="US" if self.service_address else None,
                ),
            ),
            numbers=list(self.numbers),
        )
        if bill_path is not None:
            order.documents["bill"] = DocumentRef(
                kind="bill", path=bill_path, date=self.date.isoformat() if self.date else None)
        return order


def _kind(numbers: list[str]) -> str | None:
    """local or toll_free when every number on the bill is of one kind; None when mixed or none."""
    kinds = set()
    for number in numbers:
        try:
            parsed = phonenumbers.parse(number, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        toll_free = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE
        kinds.add("toll_free" if toll_free else "local")
    return kinds.pop() if len(kinds) == 1 else None
