"""The order-events hub as Qt signals: whatever thread a use case committed on, views hear it on the
GUI thread.

Events published off the GUI thread are gathered here and handed over in one queued call per burst,
not one queued signal per event: each queued call makes the GUI thread take the interpreter back
from a busy worker (up to a switch interval each, 5 ms), so a sync's burst of 100 events cost the GUI
thread up to half a second of waiting where one hand-over costs one wait.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from portdesk.services.events import OrderEvent, OrderEvents


class OrderSignals(QObject):
    order_event = Signal(object)  # OrderEvent, on the GUI thread
    _arrived = Signal()  # events are waiting (emitted off the GUI thread: Qt queues it to this object's)

    def __init__(self, hub: OrderEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._gui_thread = threading.get_ident()  # made on the GUI thread, as every QObject the views use
        self._lock = threading.Lock()
        self._waiting: list[OrderEvent] = []  # published off the GUI thread, in the order they came
        self._arrived.connect(self._deliver)
        self._unsubscribe = hub.subscribe(self._on_published)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _on_published(self, event: OrderEvent) -> None:
        if threading.get_ident() == self._gui_thread:
            self._deliver()  # anything an earlier burst left waiting goes first, so the order holds
            self.order_event.emit(event)
            return
        with self._lock:
            wake = not self._waiting  # one hand-over per burst: the ones after it join the list
            self._waiting.append(event)
        if wake:
            self._arrived.emit()

    def _deliver(self) -> None:
        with self._lock:
            events, self._waiting = self._waiting, []
        for event in events:
            self.order_event.emit(event)
