"""The order-events hub: use cases say what changed after their commit; views listen.

Qt-free on purpose: the queue service, drafts, overrides, the submission package and the sync
worker all publish here, from whatever thread they run on; `ui/` adapts the hub to Qt signals
(queued to the GUI thread). Later a PostgreSQL LISTEN/NOTIFY reader can feed the same hub, so a
team sees each other's changes the same way.

Publish only after the unit of work has committed: a listener that reads the order must find
the change already there.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)


class Change(enum.Enum):
    ORDER = "order"  # the order's fields (an edit, a new order, a split, an FOC date)
    STATUS = "status"  # the order's (or its numbers') status moved
    DOCUMENTS = "documents"  # a document was attached
    COMMENT = "comment"  # a comment or a history note was added


@dataclass(frozen=True)
class OrderEvent:
    """One committed change: which order, what kind, and its version afterwards (None: unchanged)."""

    order_id: int
    change: Change
    version: int | None = None
    source: str | None = None  # the carrier connection that said it (sync), None for a coordinator's change


Listener = Callable[[OrderEvent], None]


class EventPublisher(Protocol):
    """What a use case needs: tell the hub what it committed."""

    def publish(self, event: OrderEvent) -> None: ...

    def publish_all(self, events: Iterable[OrderEvent]) -> None: ...


class OrderEvents:
    """The hub: listeners are called in the publisher's thread, in subscription order.

    A listener that raises is logged and skipped: one broken view must not undo a committed change
    or keep the others from hearing about it.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns the call that removes it again."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: OrderEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("an order-event listener failed on %s", event)

    def publish_all(self, events: Iterable[OrderEvent]) -> None:
        for event in events:
            self.publish(event)


class NoEvents:
    """The publisher for a use case nobody listens to (the headless commands)."""

    def publish(self, event: OrderEvent) -> None:
        return None

    def publish_all(self, events: Iterable[OrderEvent]) -> None:
        return None


NO_EVENTS: EventPublisher = NoEvents()
