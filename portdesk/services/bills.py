"""The bill viewer's use case: open a bill, render and read its pages, hold an order against it.

Qt-free and PDF-library-free: the documents room implements `BillReader` and `BillChecker`, the
composition root passes them in. Every call that reaches a `BillDocument` touches the PDF library,
so callers must run them all on one worker thread (the library is not thread-safe).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from portdesk.domain.documents import BILL_FIELDS, BillCheck, FieldCheck
from portdesk.domain.order import PortOrder

Rect = tuple[float, float, float, float]  # PDF points, top-left origin: x0, y0, x1, y1

# Render no bigger than this many pixels per page: a 40 MB scan at 400 % must not eat the memory.
MAX_RENDER_PIXELS = 40_000_000

FIELD_LABELS = {
    "losing_carrier": "Losing carrier",
    "account.name": "Account name",
    "account.number": "Account number",
    "account.btn": "BTN",
    "account.authorized_user": "Authorized user",
    "account.service_address.line1": "Address line 1",
    "account.service_address.line2": "Address line 2",
    "account.service_address.city": "City",
    "account.service_address.state": "State",
    "account.service_address.postal_code": "ZIP",
}


# The fields the bill viewer offers to fill from the bill: the checked ones, and the losing carrier (the
# bill's issuer, which the bill check does not hold against the order but a coordinator takes from it).
TAKEABLE_FIELDS = ("losing_carrier", *BILL_FIELDS)


class BillUnreadable(Exception):
    """The bill cannot be shown; the message says why, in words a coordinator can act on."""


class BillPasswordRequired(BillUnreadable):
    """The bill is password-protected and no (right) password was given: ask for one."""


@dataclass(frozen=True)
class RenderedPage:
    """One page as packed RGB888 rows (`stride` bytes each), in the buffer the renderer drew into."""

    page: int  # 0-based
    width: int
    height: int
    stride: int
    samples: bytes | bytearray
    scale: float  # pixels per PDF point


@dataclass(frozen=True)
class Word:
    text: str
    rect: Rect
    order: int  # position in the page's reading order


@dataclass(frozen=True)
class SearchHit:
    page: int  # 0-based
    rect: Rect


class BillDocument(Protocol):
    """An opened bill. Use from one thread only."""

    @property
    def page_count(self) -> int: ...

    def page_sizes(self) -> list[tuple[float, float]]: ...

    def render(self, page: int, scale: float) -> RenderedPage: ...

    def prepare_render(self, page: int, scale: float) -> None:
        """Make ready ahead what rendering another page the size of `page` at `scale` needs (its memory)."""
        ...

    def words(self, page: int) -> list[Word]: ...

    def search(self, text: str, pages: Sequence[int]) -> list[SearchHit]: ...

    def close(self) -> None: ...


class BillReader(Protocol):
    def open(self, data: bytes, password: str | None = None) -> BillDocument:
        """The bill opened from its bytes; raises BillUnreadable with the reason in words
        (BillPasswordRequired when it is protected and `password` does not open it)."""
        ...


# (bytes, order, today) → check; a checker that can open protected bills also takes `password=`.
BillChecker = Callable[..., BillCheck]


def _bounded_scale(doc: BillDocument, page: int, scale: float) -> float:
    width, height = doc.page_sizes()[page]
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    return scale


class BillService:
    """What the viewer does with a bill, given the adapters that can read PDFs."""

    def __init__(self, reader: BillReader, checker: BillChecker | None = None) -> None:
        self._reader = reader
        self._checker = checker

    def open(self, data: bytes, password: str | None = None) -> BillDocument:
        if not data:
            raise BillUnreadable("The bill file is empty (0 bytes). Ask the customer to send it again.")
        if password is None:
            return self._reader.open(data)
        return self._reader.open(data, password)

    def render(self, doc: BillDocument, page: int, scale: float) -> RenderedPage:
        return doc.render(page, _bounded_scale(doc, page, scale))

    def prepare_render(self, doc: BillDocument, page: int, scale: float) -> None:
        """Once `page` has landed at `scale`: make the next page's render at that scale shorter."""
        doc.prepare_render(page, _bounded_scale(doc, page, scale))

    def check(self, data: bytes, order: PortOrder, today: dt.date, *, password: str | None = None,
              doc: BillDocument | None = None) -> BillCheck:
        """The order's fields held against the bill; every field 'unchecked' if no checker is wired.

        With the opened `doc`, a missing field also gets the place of its best candidate on the bill
        (the viewer outlines it in red).
        """
        if self._checker is None:
            return unchecked(order, pages=0)
        if password is None:
            check = self._checker(data, order, today)
        else:
            check = self._checker(data, order, today, password=password)
        if doc is not None and any(f.status == "missing" for f in check.fields):
            # Imported here: bill_candidates builds on this module's Word.
            from portdesk.services.bill_candidates import CANDIDATE_PAGES, with_candidates

            pages = [doc.words(p) for p in range(min(doc.page_count, CANDIDATE_PAGES))]
            check = with_candidates(check, pages)
        return check


def unchecked(order: PortOrder, pages: int) -> BillCheck:
    """A check that has not run: every field shown grey with its typed value."""
    fields = [FieldCheck(name, field_value(order, name) or "", "unchecked") for name in BILL_FIELDS]
    return BillCheck(pages=pages, text_layer=False, date=None, age_days=None, fields=fields)


def _owner_and_key(order: PortOrder, name: str) -> tuple[object, str]:
    if name == "losing_carrier":
        return order, name
    parts = name.split(".")
    if parts[0] != "account" or name not in BILL_FIELDS:
        raise KeyError(f"not a bill field: {name}")
    owner: object = order
    for part in parts[:-1]:
        owner = getattr(owner, part)
    return owner, parts[-1]


def field_value(order: PortOrder, name: str) -> str | None:
    """The order's value of a bill field such as 'account.service_address.city'."""
    owner, key = _owner_and_key(order, name)
    value = getattr(owner, key)
    return value if isinstance(value, str) else None


def with_field(order: PortOrder, name: str, text: str) -> PortOrder:
    """A copy of the order with one bill field set; the original is left alone."""
    changed = copy.deepcopy(order)
    owner, key = _owner_and_key(changed, name)
    setattr(owner, key, text)
    return changed


def selection_text(words: Sequence[Word]) -> str:
    """The bill's characters of the selected words, in reading order, one space between words.

    A comma, semicolon or colon at the very end is the bill's punctuation between items
    ("Denver, CO"; "Name:"), not part of the value, so it is left behind; inside, all is kept.
    """
    return " ".join(w.text for w in sorted(words, key=lambda w: w.order)).rstrip(",;:")
