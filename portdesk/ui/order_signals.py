"""The order-events hub as Qt signals: whatever thread a use case committed on, views hear it on the
GUI thread (the signal is emitted from the publisher's thread and Qt queues it to this object's)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from portdesk.services.events import OrderEvent, OrderEvents


class OrderSignals(QObject):
    order_event = Signal(object)  # OrderEvent, on the GUI thread

    def __init__(self, hub: OrderEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._unsubscribe = hub.subscribe(self._on_published)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _on_published(self, event: OrderEvent) -> None:
        self.order_event.emit(event)  # a queued connection when published off the GUI thread
