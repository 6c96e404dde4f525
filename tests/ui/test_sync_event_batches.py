"""The sync's order events reach the hub in bursts: at most one per interval while a cycle runs, and the
rest at its end, each order once per burst, in the order they changed."""

from __future__ import annotations

import threading

from portdesk.services.events import Change, OrderEvent, OrderEvents
from portdesk.ui.sync.event_batches import EventBatches


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_changes_wait_for_the_interval_then_go_out_together_each_order_once() -> None:
    hub, clock, heard = OrderEvents(), Clock(), []
    hub.subscribe(heard.append)
    batches = EventBatches(hub, every=0.5, clock=clock)
    for order_id in (3, 1, 3, 2):
        batches.add(order_id)
    assert heard == []
    clock.now += 0.5
    batches.add(4)
    assert heard == [OrderEvent(i, Change.STATUS) for i in (3, 1, 2, 4)]
    batches.add(5)
    batches.flush()  # the end of the cycle: nothing is kept back
    assert heard[-1] == OrderEvent(5, Change.STATUS) and len(heard) == 5
    batches.flush()
    assert len(heard) == 5


def test_workers_of_several_connections_lose_no_change() -> None:
    hub, heard = OrderEvents(), []
    hub.subscribe(lambda event: heard.append(event.order_id))
    batches = EventBatches(hub, every=0.001)

    def work(start: int) -> None:
        for i in range(start, start + 500):
            batches.add(i)

    threads = [threading.Thread(target=work, args=(n * 1000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    batches.flush()
    assert sorted(set(heard)) == sorted(i for n in range(4) for i in range(n * 1000, n * 1000 + 500))
