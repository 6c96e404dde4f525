"""What a coordinator does to an order from the desktop once a carrier may hold it: write to the provider's
porting team, cancel, change the requested date.

Each move is judged first against the order's status and the provider's published rules (the cut-off
before the FOC, what a supplement may change, the lead time in business days), and refused in words that
say why; an allowed move goes to the outbox (services/sync.py) for the next cycle, and the events hub is
told after the commit. Qt-free: the desktop asks `carrier_info` for what to enable and why not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from portdesk.domain.calendar import add_business_days, why_not_business_day
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.status import Status
from portdesk.services import carrier_rules
from portdesk.services.events import NO_EVENTS, Change, EventPublisher, OrderEvent
from portdesk.services.outbox import MANUAL, OutboxItem, Submission
from portdesk.services.ports import OrderDetail

Clock = Callable[[], dt.datetime]
# Statuses in which the carrier holds the order (an exception included: it is held, waiting for a fix).
AT_CARRIER = frozenset({Status.SUBMITTED, Status.PENDING, Status.FOC_CONFIRMED, Status.EXCEPTION,
                        Status.SUPP_PENDING, Status.CANCEL_PENDING})


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ActionRefused(ValueError):
    """The move is not allowed now; the message says why in words (nothing was changed)."""


class SyncQueue(Protocol):
    """What this needs of SyncService."""

    def submission(self, order_id: int) -> Submission | None: ...

    def pending(self, order_id: int) -> list[OutboxItem]: ...

    def queue_comment(self, order_id: int, text: str, author: str) -> None: ...

    def queue_cancel(self, order_id: int, author: str) -> Status: ...

    def queue_supplement(self, order_id: int, order: PortOrder, expected_version: int, author: str) -> int: ...


class Notes(Protocol):
    """What this needs of QueueService: a note for the team (it publishes on its own)."""

    def add_comment(self, order_id: int, text: str, author: str) -> None: ...


@dataclass(frozen=True)
class CarrierInfo:
    """The order's life at the carrier as the detail pane shows it, and what may be done now."""

    submission: Submission | None
    pending: Sequence[OutboxItem] = ()
    cancel_refusal: str | None = None  # None: Cancel is allowed
    date_refusal: str | None = None  # None: the date may be changed (a chosen day is judged again)
    earliest_date: dt.date | None = None  # the first day the provider's lead time allows
    provider: str = ""
    rejections: list[dict[str, str]] = field(default_factory=list)

    @property
    def connection(self) -> str | None:
        return self.submission.connection if self.submission is not None else None

    @property
    def talks_to_carrier(self) -> bool:
        """Comments go to the provider's porting team (an API connection holds the order)."""
        sub = self.submission
        return sub is not None and sub.type != MANUAL and bool(sub.carrier_orders)

    def waiting_comments(self) -> list[str]:
        return [str(i.payload.get("text") or "") for i in self.pending if i.action == "comment"]


class OrderActions:
    def __init__(self, sync: SyncQueue, notes: Notes, profile_of: Callable[[str | None], Profile], *,
                 events: EventPublisher = NO_EVENTS, clock: Clock = utc_now) -> None:
        self._sync, self._notes, self._profile_of = sync, notes, profile_of
        self._events, self._clock = events, clock

    # -- reading -----------------------------------------------------------------------------
    def carrier_info(self, detail: OrderDetail) -> CarrierInfo:
        sub = self._sync.submission(detail.id)
        profile = self._profile_of(detail.order.profile)
        today = self._clock().date()
        earliest = add_business_days(today, max(0, profile.lead_time_business_days))
        return CarrierInfo(
            submission=sub, pending=self._sync.pending(detail.id) if sub is not None else [],
            cancel_refusal=self._cancel_refusal(detail, sub, profile),
            date_refusal=self._date_refusal(detail, profile, earliest),
            earliest_date=earliest, provider=profile.name,
            rejections=list(sub.rejections) if sub is not None and detail.status is Status.EXCEPTION else [],
        )

    def date_refusal(self, detail: OrderDetail, day: dt.date) -> str | None:
        """Why this requested date cannot be asked for now, or None."""
        profile = self._profile_of(detail.order.profile)
        today = self._clock().date()
        earliest = add_business_days(today, max(0, profile.lead_time_business_days))
        refusal = self._date_refusal(detail, profile, earliest)
        if refusal:
            return refusal
        why = why_not_business_day(day)
        if why:
            return f"{day.isoformat()} is {why}: ports happen on business days."
        if day < earliest:
            return (f"{profile.name} needs {profile.lead_time_business_days} business days' notice: the earliest "
                    f"date is {earliest:%a %Y-%m-%d}.")
        if detail.order.requested_date == day.isoformat():
            return f"{day.isoformat()} is already the requested date."
        return carrier_rules.change_refusal(profile, detail.status, detail.order, _with_date(detail.order, day),
                                            detail.foc_date, self._clock())

    # -- writing -----------------------------------------------------------------------------
    def send_comment(self, order_id: int, text: str, author: str) -> bool:
        """To the provider's porting team when a connection holds the order (queued for the next cycle);
        otherwise a note for the team. True when it goes to the carrier."""
        text = text.strip()
        if not text:
            raise ValueError("a comment cannot be empty")
        sub = self._sync.submission(order_id)
        if sub is None or sub.type == MANUAL or not sub.carrier_orders:
            self._notes.add_comment(order_id, text, author)
            return False
        self._sync.queue_comment(order_id, text, author)
        self._events.publish(OrderEvent(order_id, Change.COMMENT))
        return True

    def cancel(self, detail: OrderDetail, author: str) -> Status:
        profile = self._profile_of(detail.order.profile)
        refusal = self._cancel_refusal(detail, self._sync.submission(detail.id), profile)
        if refusal:
            raise ActionRefused(refusal)
        new = self._sync.queue_cancel(detail.id, author)
        self._events.publish(OrderEvent(detail.id, Change.STATUS))
        return new

    def change_date(self, detail: OrderDetail, day: dt.date, author: str) -> int:
        """The new requested date as the order's new version; a supplement when the carrier holds it."""
        refusal = self.date_refusal(detail, day)
        if refusal:
            raise ActionRefused(refusal)
        version = self._sync.queue_supplement(detail.id, _with_date(detail.order, day), detail.version, author)
        self._events.publish(OrderEvent(detail.id, Change.ORDER, version))
        return version

    # -- rules -------------------------------------------------------------------------------
    def _cancel_refusal(self, detail: OrderDetail, sub: Submission | None, profile: Profile) -> str | None:
        status = detail.status
        if status.is_final:
            return f"The order is {status.label.lower()}: there is nothing left to cancel."
        if status is Status.CANCEL_PENDING:
            return "A cancel is already on its way to the carrier."
        if status in AT_CARRIER:
            refusal = carrier_rules.cancel_refusal(profile, detail.foc_date, self._clock())
            if refusal:
                return refusal[0].upper() + refusal[1:] + "."
        return None

    def _date_refusal(self, detail: OrderDetail, profile: Profile, earliest: dt.date) -> str | None:
        status = detail.status
        if status.is_final or status is Status.CANCEL_PENDING:
            return f"The order is {status.label.lower()}: its date cannot change any more."
        if status in AT_CARRIER:
            probe = _with_date(detail.order, earliest if detail.order.requested_date != earliest.isoformat()
                               else earliest + dt.timedelta(days=1))
            refusal = carrier_rules.change_refusal(profile, status, detail.order, probe, detail.foc_date,
                                                   self._clock())
            if refusal:
                return refusal[0].upper() + refusal[1:] + "."
        return None


def _with_date(order: PortOrder, day: dt.date) -> PortOrder:
    data = order.to_dict()
    data["requested_date"] = day.isoformat()
    return PortOrder.from_dict(data)
