"""The one writer of order changes: history events with their source, and one hub event per kind."""

from __future__ import annotations

import datetime as dt

import pytest

from portdesk.domain.status import IllegalTransition, Status
from portdesk.services.events import Change, OrderEvent, OrderEvents
from portdesk.services.order_changes import OrderChanges
from portdesk.services.ports import ConcurrentEdit
from portdesk.services.queue import QueueService


def _heard(hub: OrderEvents) -> list[OrderEvent]:
    heard: list[OrderEvent] = []
    hub.subscribe(heard.append)
    return heard


def test_a_carrier_update_tells_the_hub_once_per_kind_with_the_latest_version(queue: QueueService, make_order) -> None:
    (order_id,) = queue.create_orders([make_order()], "amy", status=Status.SUBMITTED)
    hub = OrderEvents()
    heard = _heard(hub)
    now = dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)
    with queue._store.unit_of_work() as repo:  # type: ignore[attr-defined]
        changes = OrderChanges(repo, "tx", now, source="tx")
        changes.note(order_id, "carrier", "tx: order is foc-date-confirmed")
        changes.move(order_id, Status.FOC_CONFIRMED)
        changes.foc(order_id, dt.date(2026, 12, 10))
        version = changes.numbers(order_id, {"+13035550100": "foc_confirmed"})
        changes.comment(order_id, "FOC received", author="Telnyx (tx)")
    changes.publish(hub)
    assert [(e.change, e.version, e.source) for e in heard] == [
        (Change.COMMENT, None, "tx"), (Change.STATUS, version, "tx"), (Change.ORDER, version - 1, "tx")]
    history = queue.detail(order_id).history
    assert all((h.data or {}).get("source") == "tx" for h in history[-5:])


def test_a_move_is_decided_against_the_stored_status_and_the_version_seen(queue: QueueService, make_order) -> None:
    (order_id,) = queue.create_orders([make_order()], "amy")
    now = dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)
    with queue._store.unit_of_work() as repo, pytest.raises(IllegalTransition):  # type: ignore[attr-defined]
        OrderChanges(repo, "amy", now).move(order_id, Status.COMPLETED)
    with queue._store.unit_of_work() as repo, pytest.raises(ConcurrentEdit):  # type: ignore[attr-defined]
        OrderChanges(repo, "amy", now).move(order_id, Status.CANCELLED, expected_version=0)
    assert queue.detail(order_id).status is Status.DRAFT
