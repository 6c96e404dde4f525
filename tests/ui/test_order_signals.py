"""The hub's events reach the GUI thread as Qt signals: in order, and a burst from a worker thread in one
queued hand-over (each queued call makes the GUI thread wait for the interpreter once)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Slot

from portdesk.services.events import Change, OrderEvent, OrderEvents
from portdesk.ui.order_signals import OrderSignals


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int] = []
        self.threads: set[int] = set()

    @Slot(object)
    def on_event(self, event: OrderEvent) -> None:
        self.seen.append(event.order_id)
        self.threads.add(threading.get_ident())


class QueuedCalls(QObject):
    """Counts the queued signal deliveries (QEvent.MetaCall) posted to the objects it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MetaCall:
            self.count += 1
        return False


def _publish_from_worker(hub: OrderEvents, ids: range) -> None:
    worker = threading.Thread(target=lambda: [hub.publish(OrderEvent(i, Change.STATUS)) for i in ids])
    worker.start()
    worker.join()


def test_a_burst_from_a_worker_crosses_to_the_gui_thread_in_one_queued_call_in_order(qtbot: Any) -> None:
    hub = OrderEvents()
    signals, receiver, calls = OrderSignals(hub), Receiver(), QueuedCalls()
    signals.order_event.connect(receiver.on_event)
    signals.installEventFilter(calls)
    receiver.installEventFilter(calls)
    _publish_from_worker(hub, range(100))
    QCoreApplication.processEvents()
    assert receiver.seen == list(range(100))
    assert receiver.threads == {threading.get_ident()}
    assert calls.count == 1  # one per event before: 100 waits for the interpreter on the GUI thread


def test_events_published_on_the_gui_thread_arrive_at_once_after_those_still_waiting(qtbot: Any) -> None:
    hub = OrderEvents()
    signals, receiver = OrderSignals(hub), Receiver()
    signals.order_event.connect(receiver.on_event)
    _publish_from_worker(hub, range(3))  # not delivered yet: the GUI thread has not run its loop
    hub.publish(OrderEvent(99, Change.ORDER))
    assert receiver.seen == [0, 1, 2, 99]
    QCoreApplication.processEvents()
    assert receiver.seen == [0, 1, 2, 99]  # the queued hand-over finds nothing left to deliver
    _publish_from_worker(hub, range(5, 7))  # a later burst still gets its own hand-over
    qtbot.waitUntil(lambda: receiver.seen[-2:] == [5, 6], timeout=2000)
