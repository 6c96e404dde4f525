"""The carrier gateway: what PortDesk asks of a gaining provider's porting API, in neutral terms.

One protocol for KAZOO, Bandwidth and Telnyx (adapters in `portdesk.carriers`), so the sync use
case drives every provider the same way. Nothing here knows HTTP: an adapter's failures arrive as
one of three kinds of CarrierError — transient (try again later), permanent (show the provider's
words to the coordinator), auth (ask for credentials) — and never as a transport library's error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from portdesk.domain.order import PortOrder
from portdesk.domain.reasons import Rejection
from portdesk.domain.status import Status

CARRIER_TYPES = ("kazoo", "bandwidth", "telnyx")
NUMBER_STATUSES = ("pending", "foc_confirmed", "ported", "rejected", "cancelled")


class CarrierError(Exception):
    """A carrier call that did not do what was asked. `str()` is one line in words, never a secret."""

    kind: ClassVar[str] = "permanent"

    def __init__(self, message: str, *, code: str | None = None, http_status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


class TransientCarrierError(CarrierError):
    """Timeout, refused connection, 5xx, 429, garbage instead of an answer: retry in a later cycle."""

    kind = "transient"

    def __init__(self, message: str, *, retry_after: float | None = None, code: str | None = None,
                 http_status: int | None = None) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.retry_after = retry_after


class PermanentCarrierError(CarrierError):
    """The provider refused the request itself (validation, illegal move, cut-off): show its words."""

    kind = "permanent"


class AuthCarrierError(CarrierError):
    """The credentials were refused (401) or lack a permission (403): ask the coordinator for new ones."""

    kind = "auth"


class ChargesRequired(PermanentCarrierError):
    """KAZOO's 402: a fee applies. Repeat with accept_charges=True only once the coordinator agrees."""

    kind = "charges"


@dataclass(frozen=True)
class CarrierRef:
    """One order at the carrier, as a create or a search names it (Telnyx may answer several)."""

    id: str
    raw_status: str
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumberState:
    number: str  # E.164
    status: str  # one of NUMBER_STATUSES


@dataclass(frozen=True)
class CarrierNote:
    """A note or comment on the order, either way."""

    text: str
    author: str | None = None
    at: dt.datetime | None = None
    id: str | None = None
    from_us: bool = False


@dataclass(frozen=True)
class CarrierEvent:
    """A step in the carrier's own history: its raw status and words, kept for the order's history."""

    at: dt.datetime | None
    raw_status: str
    text: str = ""


@dataclass(frozen=True)
class CarrierOrder:
    """One order as the carrier has it now, mapped onto the neutral vocabulary (raw values kept)."""

    id: str
    status: Status
    raw_status: str
    reference: str | None = None  # PortDesk's idempotency key, as the carrier stored it
    codes: tuple[str, ...] = ()  # the raw detail / error codes
    rejections: tuple[Rejection, ...] = ()
    foc_date: dt.date | None = None
    numbers: tuple[NumberState, ...] = ()
    notes: tuple[CarrierNote, ...] = ()
    history: tuple[CarrierEvent, ...] = ()
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class LosingCarrier:
    name: str
    numbers: tuple[str, ...]
    spid: str | None = None
    minimum_interval_days: int | None = None


@dataclass(frozen=True)
class Portability:
    """The answer of a portability check before submitting."""

    portable: tuple[str, ...]
    not_portable: dict[str, str] = field(default_factory=dict)  # number → reason in words
    losing_carriers: tuple[LosingCarrier, ...] = ()
    port_type: str | None = None
    rate_centres: dict[str, str] = field(default_factory=dict)  # number → "RATE CENTRE, ST" where the API says

    def losing_carrier_of(self, number: str) -> str | None:
        return next((c.name for c in self.losing_carriers if number in c.numbers), None)


@dataclass(frozen=True)
class OutgoingDocument:
    kind: str  # "bill" | "loa" | "csr" | "other"
    filename: str
    data: bytes
    mime: str = "application/pdf"


@dataclass(frozen=True)
class IncomingDocument:
    """A document the carrier holds on the order (its own, like a losing carrier's CSR, or one we sent)."""

    id: str  # the carrier's name or id for it, to download it
    filename: str
    doc_type: str = "OTHER"  # the provider's own type (CSR, LOA, INVOICE, OTHER…)
    mime: str | None = None
    size: int | None = None


@runtime_checkable
class CarrierGateway(Protocol):
    """One connection to a gaining provider's porting API. Every method raises only CarrierError."""

    type: str

    def test_credentials(self) -> str:
        """Log in / read something harmless; the answer names what the credentials reach."""

    def check_portability(self, numbers: Sequence[str]) -> Portability: ...

    def create(self, order: PortOrder, key: str) -> list[CarrierRef]:
        """Create the order (filled, not yet submitted where the provider separates the two).

        `key` is PortDesk's idempotency key, stored at the carrier (Telnyx customer_reference,
        Bandwidth CustomerOrderId, KAZOO reference_number) so `find` can recover a lost answer."""

    def find(self, key: str, numbers: Sequence[str] = ()) -> list[CarrierRef]:
        """The orders at the carrier made with `key` (a create whose answer was lost)."""

    def upload_document(self, carrier_id: str, document: OutgoingDocument) -> str | None:
        """Upload one document; the carrier's name for it where it gives one (so it is known as ours)."""

    def submit(self, carrier_id: str, *, accept_charges: bool = False) -> None: ...

    def supplement(self, carrier_id: str, order: PortOrder, *, accept_charges: bool = False) -> None:
        """Send the changed order as the provider's supplement, and resubmit where that is needed.

        `accept_charges`: the coordinator agreed to the charge the carrier asked for (KAZOO's 402) the
        last time this supplement was sent; providers that never charge ignore it."""

    def cancel(self, carrier_id: str) -> None: ...

    def add_comment(self, carrier_id: str, text: str) -> None: ...

    def fetch(self, carrier_id: str, *, notes: bool = True) -> CarrierOrder:
        """The order now; `notes=False` reads only the order itself (one call where the API allows)."""

    def changed_since(self, since: dt.datetime) -> list[str]:
        """Ids of the orders that changed at the carrier since `since` (UTC)."""

    def carrier_documents(self, carrier_id: str) -> list[IncomingDocument]:
        """The documents the carrier lists on the order ([] where the API has no such list)."""

    def download_document(self, carrier_id: str, document: IncomingDocument) -> bytes:
        """One listed document's bytes (bounded by the adapter's answer limit)."""

    def close(self) -> None: ...


@runtime_checkable
class BulkReader(Protocol):
    """A gateway that can read many orders in a few calls (a list page) rather than one call each."""

    def fetch_many(self, carrier_ids: Sequence[str]) -> dict[str, CarrierOrder]:
        """The orders it found among `carrier_ids`, read like `fetch(notes=False)`; the rest are left out."""


@dataclass(frozen=True)
class FeedChanges:
    """What an event log said since a mark: the orders with any event, those with a new comment (their
    comments are read), and the mark to read from next time."""

    orders: set[str]
    commented: set[str]
    mark: dict[str, Any]


@runtime_checkable
class ChangeFeed(Protocol):
    """A gateway whose provider keeps an event log to poll (Telnyx `/porting/events`; it has no status
    filter on its order list), so a cycle reads only the orders that moved."""

    def changes_after(self, mark: dict[str, Any] | None) -> FeedChanges:
        """The orders with an event after `mark`, and the mark to read from next time.

        A mark is the provider's own (JSON-able, opaque to sync); None asks for a first one, taken
        before anything else is read so that no event is missed (its ids are then empty). A mark may
        name the provider's clock when it was read as an ISO time under "now" (the provider's dates,
        such as an FOC, are judged by it)."""
