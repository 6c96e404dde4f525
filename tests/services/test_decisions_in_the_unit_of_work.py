"""Decisions inside the unit of work, on SQLite and PostgreSQL (tests/services/conftest.py's queue
runs on `any_db_url`): a stale caller is refused in words, number statuses are versioned changes,
and number rows are saved as a diff."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portdesk.domain.status import Status
from portdesk.services.events import Change, OrderEvent, OrderEvents
from portdesk.services.queue import ConcurrentEdit, QueueService
from portdesk.store.tables import NumberRow

NUMBERS = NumberRow.__table__  # type: ignore[attr-defined]


def _number_rows(queue: QueueService, order_id: int) -> list[tuple[int, str, int, str]]:
    engine = queue._store.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        n = NUMBERS.c
        return [tuple(r) for r in conn.execute(sa.select(n.id, n.e164, n.position, n.status)
                                               .where(n.order_id == order_id).order_by(n.position))]


def test_a_cancel_against_a_version_someone_moved_on_is_refused_in_words_and_changes_nothing(
        queue, make_order, clock) -> None:
    (order_id,) = queue.create_orders([make_order()], "ann")
    seen = queue.detail(order_id).version
    queue.change_status(order_id, Status.QUEUED, "sync")  # a sync moved it on meanwhile
    before = queue.detail(order_id)
    with pytest.raises(ConcurrentEdit, match="changed by someone else since you opened it"):
        queue.change_status(order_id, Status.CANCELLED, "bob", expected_version=seen)
    after = queue.detail(order_id)
    assert (after.status, after.version, len(after.history)) == (Status.QUEUED, before.version, len(before.history))


def test_a_status_move_against_the_current_version_returns_the_next_one(queue, make_order) -> None:
    (order_id,) = queue.create_orders([make_order()], "ann")
    assert queue.change_status(order_id, Status.CANCELLED, "bob", expected_version=1) == 2
    assert queue.detail(order_id).version == 2


def test_number_statuses_move_version_and_updated_at_and_refuse_a_stale_version(
        queue, make_order, clock) -> None:
    (order_id,) = queue.create_orders([make_order(numbers=["+13035550100", "+13035550101"])], "ann")
    before = queue.detail(order_id)
    clock.tick()
    version = queue.set_number_statuses(order_id, {"+13035550100": "ported"}, "sync")
    after = queue.detail(order_id)
    assert version == after.version == before.version + 1
    assert after.updated_at == clock.now > before.updated_at
    assert {n.e164: n.status for n in after.numbers} == {"+13035550100": "ported", "+13035550101": "pending"}
    with pytest.raises(ConcurrentEdit):
        queue.set_number_statuses(order_id, {"+13035550101": "ported"}, "sync", expected_version=before.version)
    assert {n.e164: n.status for n in queue.detail(order_id).numbers}["+13035550101"] == "pending"


def test_saving_numbers_is_a_diff_that_keeps_row_ids_and_carrier_statuses(queue, make_order) -> None:
    numbers = ["+13035550100", "+13035550101", "+13035550102"]
    (order_id,) = queue.create_orders([make_order(numbers=numbers)], "ann")
    queue.set_number_statuses(order_id, {"+13035550101": "ported"}, "sync")
    ids = {e164: row_id for row_id, e164, _pos, _st in _number_rows(queue, order_id)}
    detail = queue.detail(order_id)
    order = detail.order
    order.numbers = ["+13035550101", "+13035550102", "+13035550199"]  # one gone, one new, two moved up
    queue.update_order(order_id, order, detail.version, "ann")
    rows = _number_rows(queue, order_id)
    assert [(e164, pos, st) for _id, e164, pos, st in rows] == [
        ("+13035550101", 0, "ported"), ("+13035550102", 1, "pending"), ("+13035550199", 2, "pending")]
    kept = {e164: row_id for row_id, e164, _pos, _st in rows if e164 in ids}
    assert kept == {"+13035550101": ids["+13035550101"], "+13035550102": ids["+13035550102"]}


def test_every_write_publishes_its_change_after_the_commit(db_url, clock, make_order) -> None:
    from portdesk.store.db import make_engine, migrate
    from portdesk.store.repos import SqlQueueStore

    engine = make_engine(db_url)
    migrate(engine)
    hub = OrderEvents()
    queue = QueueService(SqlQueueStore(engine), clock=clock, events=hub)
    heard: list[OrderEvent] = []
    # a listener reads the order: the change it hears about must already be committed
    hub.subscribe(lambda e: heard.append(e) if queue.detail(e.order_id).version >= (e.version or 0) else None)
    (order_id,) = queue.create_orders([make_order()], "ann")
    queue.add_comment(order_id, "called", "ann")
    queue.set_number_statuses(order_id, {}, "sync")
    queue.change_status(order_id, Status.CANCELLED, "ann")
    assert [(e.change, e.version) for e in heard] == [
        (Change.ORDER, 1), (Change.COMMENT, None), (Change.STATUS, 2), (Change.STATUS, 3)]
