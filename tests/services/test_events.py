"""The order-events hub on its own: listeners hear committed changes; a broken one hurts no other."""

from __future__ import annotations

import logging

import pytest

from portdesk.services.events import Change, OrderEvent, OrderEvents


def test_every_listener_hears_each_event_in_subscription_order() -> None:
    hub = OrderEvents()
    heard: list[tuple[str, OrderEvent]] = []
    hub.subscribe(lambda e: heard.append(("first", e)))
    hub.subscribe(lambda e: heard.append(("second", e)))
    event = OrderEvent(7, Change.STATUS, version=3)
    hub.publish(event)
    assert heard == [("first", event), ("second", event)]


def test_an_unsubscribed_listener_hears_nothing_more() -> None:
    hub = OrderEvents()
    heard: list[OrderEvent] = []
    unsubscribe = hub.subscribe(heard.append)
    hub.publish(OrderEvent(1, Change.ORDER, 2))
    unsubscribe()
    unsubscribe()  # twice is harmless
    hub.publish(OrderEvent(1, Change.ORDER, 3))
    assert [e.version for e in heard] == [2]


def test_a_failing_listener_is_logged_and_the_others_still_hear(caplog: pytest.LogCaptureFixture) -> None:
    hub = OrderEvents()
    heard: list[OrderEvent] = []

    def broken(_event: OrderEvent) -> None:
        raise RuntimeError("view is gone")

    hub.subscribe(broken)
    hub.subscribe(heard.append)
    with caplog.at_level(logging.ERROR, logger="portdesk.services.events"):
        hub.publish(OrderEvent(5, Change.COMMENT))
    assert heard == [OrderEvent(5, Change.COMMENT)]
    assert "view is gone" in caplog.text
