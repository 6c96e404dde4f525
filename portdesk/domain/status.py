"""Neutral order statuses, the moves allowed between them, and the queue tab of each.

Every carrier adapter maps its provider's raw status onto these (see the status table in the
carrier facts); the queue, the tabs and the history speak only this vocabulary.
"""

from __future__ import annotations

from enum import StrEnum


class Tab(StrEnum):
    SUSPENDED = "suspended"
    PROGRESSING = "progressing"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Status(StrEnum):
    DRAFT = "draft"
    AWAITING_DOCUMENTS = "awaiting_documents"
    QUEUED = "queued"  # submission waits in the outbox (offline)
    SUBMITTED = "submitted"
    PENDING = "pending"
    FOC_CONFIRMED = "foc_confirmed"
    EXCEPTION = "exception"
    SUPP_PENDING = "supp_pending"
    CANCEL_PENDING = "cancel_pending"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REJECTED_FINAL = "rejected_final"

    @property
    def tab(self) -> Tab:
        return _TAB[self]

    @property
    def label(self) -> str:
        return _LABEL[self]

    @property
    def is_final(self) -> bool:
        return not ALLOWED[self]

    def can_move_to(self, new: Status) -> bool:
        return new in ALLOWED[self]


_TAB: dict[Status, Tab] = {
    Status.DRAFT: Tab.SUSPENDED,
    Status.AWAITING_DOCUMENTS: Tab.SUSPENDED,
    Status.EXCEPTION: Tab.SUSPENDED,
    Status.QUEUED: Tab.PROGRESSING,
    Status.SUBMITTED: Tab.PROGRESSING,
    Status.PENDING: Tab.PROGRESSING,
    Status.FOC_CONFIRMED: Tab.PROGRESSING,
    Status.SUPP_PENDING: Tab.PROGRESSING,
    Status.CANCEL_PENDING: Tab.PROGRESSING,
    Status.COMPLETED: Tab.COMPLETED,
    Status.CANCELLED: Tab.COMPLETED,
    Status.REJECTED_FINAL: Tab.COMPLETED,
}

_LABEL: dict[Status, str] = {
    Status.DRAFT: "Draft",
    Status.AWAITING_DOCUMENTS: "Awaiting documents",
    Status.QUEUED: "Queued — to be sent",
    Status.SUBMITTED: "Submitted",
    Status.PENDING: "Pending at carrier",
    Status.FOC_CONFIRMED: "FOC confirmed",
    Status.EXCEPTION: "Rejected — needs a fix",
    Status.SUPP_PENDING: "Supplement pending",
    Status.CANCEL_PENDING: "Cancel pending",
    Status.COMPLETED: "Completed",
    Status.CANCELLED: "Cancelled",
    Status.REJECTED_FINAL: "Rejected (final)",
}

_S = Status
# Carriers skip states we never see (a quick port may go straight from submitted to FOC),
# so forward jumps inside the progressing states are allowed; going back to draft is only
# allowed before the carrier has the order, or to fix a rejection.
ALLOWED: dict[Status, frozenset[Status]] = {
    _S.DRAFT: frozenset({_S.AWAITING_DOCUMENTS, _S.QUEUED, _S.SUBMITTED, _S.CANCELLED}),
    _S.AWAITING_DOCUMENTS: frozenset({_S.DRAFT, _S.QUEUED, _S.SUBMITTED, _S.CANCELLED}),
    _S.QUEUED: frozenset({_S.DRAFT, _S.SUBMITTED, _S.PENDING, _S.EXCEPTION, _S.CANCELLED}),
    _S.SUBMITTED: frozenset(
        {_S.PENDING, _S.FOC_CONFIRMED, _S.EXCEPTION, _S.CANCEL_PENDING, _S.CANCELLED, _S.COMPLETED}
    ),
    _S.PENDING: frozenset(
        {_S.FOC_CONFIRMED, _S.EXCEPTION, _S.SUPP_PENDING, _S.CANCEL_PENDING, _S.CANCELLED,
         _S.COMPLETED, _S.REJECTED_FINAL}
    ),
    _S.FOC_CONFIRMED: frozenset(
        {_S.COMPLETED, _S.EXCEPTION, _S.SUPP_PENDING, _S.CANCEL_PENDING, _S.CANCELLED,
         _S.PENDING}
    ),
    _S.EXCEPTION: frozenset(
        {_S.DRAFT, _S.QUEUED, _S.SUBMITTED, _S.SUPP_PENDING, _S.PENDING, _S.CANCELLED,
         _S.REJECTED_FINAL, _S.COMPLETED}
    ),
    _S.SUPP_PENDING: frozenset(
        {_S.PENDING, _S.FOC_CONFIRMED, _S.EXCEPTION, _S.CANCEL_PENDING, _S.CANCELLED}
    ),
    _S.CANCEL_PENDING: frozenset({_S.CANCELLED, _S.PENDING, _S.FOC_CONFIRMED, _S.EXCEPTION}),
    _S.COMPLETED: frozenset(),
    _S.CANCELLED: frozenset(),
    _S.REJECTED_FINAL: frozenset(),
}


class IllegalTransition(ValueError):
    def __init__(self, old: Status, new: Status) -> None:
        super().__init__(f"an order that is {old.label.lower()} cannot become {new.label.lower()}")
        self.old, self.new = old, new


def check_transition(old: Status, new: Status) -> None:
    if not old.can_move_to(new):
        raise IllegalTransition(old, new)


def statuses_in(tab: Tab) -> list[Status]:
    return [s for s in Status if s.tab is tab]
