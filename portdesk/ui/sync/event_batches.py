"""The sync's order events, handed to the hub in bursts rather than one by one.

A cycle over 1,000 orders changes them one at a time on its worker thread. Passed on one by one, each
change would make the queue refresh and repaint its rows, twenty times a second for the whole cycle,
and every repaint competes for the interpreter with the worker. In bursts (at most one per
`every` seconds, and whatever is left when the cycle ends) the views refresh a couple of times a
second and a change still shows within half a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from portdesk.services.events import Change, EventPublisher, OrderEvent

BURST_EVERY_S = 0.5


class EventBatches:
    """Thread-safe, an EventPublisher: each connection's worker publishes; the hub hears them in bursts
    (one event per order and kind of change, the newest version kept)."""

    def __init__(self, hub: EventPublisher, every: float = BURST_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._hub, self._every, self._clock = hub, every, clock
        self._lock = threading.Lock()
        self._waiting: dict[tuple[int, Change], OrderEvent] = {}  # in the order they changed
        self._last = clock()

    def publish(self, event: OrderEvent) -> None:
        """One change (from the sync service); a burst goes out once `every` has passed."""
        with self._lock:
            self._waiting[(event.order_id, event.change)] = event
            due = self._clock() - self._last >= self._every
        if due:
            self.flush()

    def publish_all(self, events: Iterable[OrderEvent]) -> None:
        for event in events:
            self.publish(event)

    def add(self, order_id: int) -> None:
        """An order's status changed (shorthand for tests and callers without an event at hand)."""
        self.publish(OrderEvent(order_id, Change.STATUS))

    def flush(self) -> None:
        """Everything waiting, now (the end of a cycle)."""
        with self._lock:
            events, self._waiting = list(self._waiting.values()), {}
            self._last = self._clock()
        if events:
            self._hub.publish_all(events)
