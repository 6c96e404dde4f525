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
from collections.abc import Callable

from portdesk.services.events import Change, EventPublisher, OrderEvent

BURST_EVERY_S = 0.5


class EventBatches:
    """Thread-safe: each connection's worker adds order ids; the hub hears them in bursts."""

    def __init__(self, hub: EventPublisher, every: float = BURST_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._hub, self._every, self._clock = hub, every, clock
        self._lock = threading.Lock()
        self._waiting: dict[int, None] = {}  # in the order they changed
        self._last = clock()

    def add(self, order_id: int) -> None:
        """One order changed (the sync service's `publish`); a burst goes out once `every` has passed."""
        with self._lock:
            self._waiting[order_id] = None
            due = self._clock() - self._last >= self._every
        if due:
            self.flush()

    def flush(self) -> None:
        """Everything waiting, now (the end of a cycle)."""
        with self._lock:
            ids, self._waiting = list(self._waiting), {}
            self._last = self._clock()
        if ids:
            self._hub.publish_all(OrderEvent(order_id, Change.STATUS) for order_id in ids)
