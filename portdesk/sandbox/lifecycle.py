"""A port's life on the simulated clock, the same for every dialect.

submit → (review delay) → at the losing carrier → (its answer) → exception with the judge's failures,
or an FOC on the requested date when that is a business day after the carrier's minimum interval
(else the next one) → each number ported on that date → completed. A supplement re-judges; a cancel
obeys the provider's cut-off (the dialect passes it in). Dialects read `Port` and map its neutral
state onto their own words.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from portdesk.domain.calendar import add_business_days, is_business_day
from portdesk.sandbox.clock import Scheduler
from portdesk.sandbox.judge import Failure, OrderFacts, judge
from portdesk.sandbox.world import Account, World

# Neutral states (PortDesk's status vocabulary, as far as a carrier can be in it)
DRAFT = "draft"
SUBMITTED = "submitted"  # with the gaining provider, under review
PENDING = "pending"  # at the losing carrier
FOC = "foc_confirmed"
COMPLETED = "completed"
EXCEPTION = "exception"
SUPP_PENDING = "supp_pending"
CANCEL_PENDING = "cancel_pending"
CANCELLED = "cancelled"
FINAL = (COMPLETED, CANCELLED)

DEFAULT_FOC_TIME = dt.time(15, 0)  # 11:00 Eastern in UTC, a usual cut-over


@dataclass(frozen=True)
class Timing:
    """Simulated delays of each step (each provider's desk and each losing carrier take their time)."""

    review: dt.timedelta = dt.timedelta(hours=1)
    answer: dt.timedelta = dt.timedelta(hours=4)
    cancel: dt.timedelta = dt.timedelta(hours=1)
    per_number: dt.timedelta = dt.timedelta(minutes=1)


class RuleError(Exception):
    """A move the provider refuses (a cancel inside the cut-off, a change to a complete order)."""


@dataclass
class Transition:
    at: dt.datetime
    state: str
    note: str


@dataclass
class Port:
    id: str
    dialect: str
    facts: OrderFacts
    created_at: dt.datetime
    requested: dt.datetime | None = None  # wished FOC (date and time, UTC)
    state: str = DRAFT
    failures: list[Failure] = field(default_factory=list)
    foc: dt.datetime | None = None
    account: Account | None = None
    number_status: dict[str, str] = field(default_factory=dict)  # pending|foc_confirmed|ported|rejected|cancelled
    history: list[Transition] = field(default_factory=list)
    updated_at: dt.datetime | None = None
    generation: int = 0  # bumped by every re-submission/cancel so stale scheduled steps do nothing


class Lifecycle:
    """Every port of the sandbox and the steps scheduled for them."""

    def __init__(self, world: World, scheduler: Scheduler, timing: Timing | None = None) -> None:
        self.world = world
        self.scheduler = scheduler
        self.timing = timing or Timing()
        self.ports: dict[str, Port] = {}
        self.lock = threading.RLock()
        self.listeners: list[Callable[[Port, str], None]] = []

    def now(self) -> dt.datetime:
        return self.scheduler.now()

    def create(self, dialect: str, facts: OrderFacts, requested: dt.datetime | None = None,
               port_id: str | None = None) -> Port:
        now = self.now()
        port = Port(port_id or str(uuid.uuid4()), dialect, facts, now, requested, updated_at=now)
        port.history.append(Transition(now, DRAFT, "Order created"))
        self.ports[port.id] = port
        return port

    def _move(self, port: Port, state: str, note: str) -> None:
        port.state = state
        port.updated_at = self.now()
        port.history.append(Transition(port.updated_at, state, note))
        for listener in self.listeners:
            listener(port, state)

    def _later(self, port: Port, delay: dt.timedelta, step: Callable[[Port], None]) -> None:
        generation = port.generation

        def run() -> None:
            if port.generation == generation:
                step(port)

        self.scheduler.after(delay, run)

    # the customer's moves -------------------------------------------------------------------------
    def submit(self, port: Port, note: str = "Order submitted") -> None:
        """Send (or send again, after an exception or a change) to review and then the losing carrier."""
        if port.state in FINAL:
            raise RuleError("the order is already final")
        port.generation += 1
        port.failures = []
        port.foc = None
        port.number_status = dict.fromkeys(port.facts.numbers, "pending")
        self._move(port, SUBMITTED, note)
        self._later(port, self.timing.review, self._to_losing_carrier)

    def supplement(self, port: Port, facts: OrderFacts, requested: dt.datetime | None, *,
                   date_only: bool = False) -> None:
        """A change to a submitted order. After the FOC (`date_only`) only a new date is asked for."""
        if port.state == COMPLETED:
            raise RuleError("the order is already complete and cannot be modified")
        if port.state == CANCELLED:
            raise RuleError("the order is cancelled and cannot be modified")
        port.facts = facts
        port.requested = requested
        if port.state == DRAFT:
            return
        port.generation += 1
        if date_only and port.account is not None and port.state == FOC:
            self._move(port, SUPP_PENDING, "Supplement received: new FOC date requested")
            self._later(port, self.timing.answer, self._confirm_date)
            return
        port.failures = []
        port.foc = None
        port.number_status = dict.fromkeys(facts.numbers, "pending")
        self._move(port, SUPP_PENDING, "Supplement received")
        self._later(port, self.timing.review, self._to_losing_carrier)

    def cancel(self, port: Port, cutoff: Callable[[Port, dt.datetime], str | None]) -> bool:
        """Cancel; returns True when done at once (a draft), False when the carrier confirms later.

        `cutoff(port, now)` says in words why the provider refuses now, or None.
        """
        if port.state in FINAL:
            raise RuleError(f"the order is already {port.state}")
        reason = cutoff(port, self.now())
        if reason:
            raise RuleError(reason)
        port.generation += 1
        if port.state == DRAFT:
            port.number_status = dict.fromkeys(port.facts.numbers, "cancelled")
            self._move(port, CANCELLED, "Draft cancelled")
            return True
        self._move(port, CANCEL_PENDING, "Cancel requested")
        self._later(port, self.timing.cancel, self._cancelled)
        return False

    def resume(self, port: Port) -> None:
        """Schedule a loaded port's next step again (snapshot.py): due when it would have been, had
        the sandbox kept running, counted from when the port entered its state."""
        since = self.now() - (port.updated_at or self.now())
        steps: dict[str, tuple[dt.timedelta, Callable[[Port], None]]] = {
            SUBMITTED: (self.timing.review, self._to_losing_carrier),
            SUPP_PENDING: (self.timing.review, self._to_losing_carrier),
            PENDING: (self.timing.answer, self._answer),
            CANCEL_PENDING: (self.timing.cancel, self._cancelled),
        }
        if port.state in steps:
            delay, step = steps[port.state]
            self._later(port, max(delay - since, dt.timedelta(0)), step)
        elif port.state == FOC and port.foc is not None:
            done = sum(1 for n in port.facts.numbers if port.number_status.get(n) == "ported")
            self._later(port, max(port.foc - self.now(), dt.timedelta(0)), lambda p: self._port_numbers(p, done))

    # the carriers' moves --------------------------------------------------------------------------
    def _to_losing_carrier(self, port: Port) -> None:
        self._move(port, PENDING, "Sent to the losing carrier")
        self._later(port, self.timing.answer, self._answer)

    def _answer(self, port: Port) -> None:
        account, failures = judge(self.world, port.facts)
        port.account = account
        if failures:
            port.failures = failures
            port.number_status = dict.fromkeys(port.facts.numbers, "rejected")
            self._move(port, EXCEPTION, "; ".join(f.text for f in failures))
            return
        self._confirm_date(port)

    def _confirm_date(self, port: Port) -> None:
        assert port.account is not None
        port.foc = self.foc_for(port.requested, port.account, self.now())
        port.number_status = dict.fromkeys(port.facts.numbers, "foc_confirmed")
        self._move(port, FOC, f"FOC confirmed for {port.foc:%Y-%m-%d %H:%M} UTC")
        self._later(port, max(port.foc - self.now(), dt.timedelta(0)), self._port_numbers)

    def _port_numbers(self, port: Port, index: int = 0) -> None:
        numbers = port.facts.numbers
        if index < len(numbers):
            port.number_status[numbers[index]] = "ported"
            port.updated_at = self.now()
        if index + 1 < len(numbers):
            self._later(port, self.timing.per_number, lambda p: self._port_numbers(p, index + 1))
            return
        self._move(port, COMPLETED, "Port complete: every number is active on the new network")

    def _cancelled(self, port: Port) -> None:
        port.number_status = dict.fromkeys(port.facts.numbers, "cancelled")
        self._move(port, CANCELLED, "Order cancelled")

    @staticmethod
    def foc_for(requested: dt.datetime | None, account: Account, now: dt.datetime) -> dt.datetime:
        """The requested date when it is a business day after the minimum interval, else the next one."""
        earliest = add_business_days(now.date(), account.min_interval_days)
        requested = requested.astimezone(dt.UTC) if requested else None
        day = requested.date() if requested else earliest
        day = max(day, earliest)
        while not is_business_day(day):
            day += dt.timedelta(days=1)
        at = requested.time() if requested else DEFAULT_FOC_TIME
        return dt.datetime.combine(day, at, tzinfo=dt.UTC)
