from __future__ import annotations

import pytest

from portdesk.domain.status import IllegalTransition, Status, Tab
from portdesk.services.queue import ConcurrentEdit, OrderNotFound


def test_legal_status_change_moves_the_order_to_its_tab_and_writes_history(queue, make_order, clock):
    (order_id,) = queue.create_orders([make_order()], "ann")
    clock.tick()
    queue.change_status(order_id, Status.SUBMITTED, "bob", note="sent by hand")

    detail = queue.detail(order_id)
    assert detail.status is Status.SUBMITTED
    assert detail.version == 2
    assert queue.counts() == {Tab.SUSPENDED: 0, Tab.PROGRESSING: 1, Tab.COMPLETED: 0}
    last = detail.history[-1]
    assert (last.author, last.kind, last.at) == ("bob", "status", clock.now)
    assert "Draft → Submitted" in last.text and "sent by hand" in last.text
    assert detail.updated_at == clock.now


def test_illegal_status_change_is_refused_and_leaves_no_trace(queue, make_order):
    (order_id,) = queue.create_orders([make_order()], "ann")
    before = queue.detail(order_id)

    with pytest.raises(IllegalTransition, match="draft cannot become completed"):
        queue.change_status(order_id, Status.COMPLETED, "bob")

    after = queue.detail(order_id)
    assert after.status is Status.DRAFT
    assert after.version == before.version
    assert len(after.history) == len(before.history)


def test_a_final_status_cannot_change(queue, make_order):
    (order_id,) = queue.create_orders([make_order()], "ann")
    queue.change_status(order_id, Status.CANCELLED, "ann")
    with pytest.raises(IllegalTransition):
        queue.change_status(order_id, Status.DRAFT, "ann")


def test_comment_is_stored_and_also_written_to_history(queue, make_order):
    (order_id,) = queue.create_orders([make_order()], "ann")
    queue.add_comment(order_id, "  customer says PIN changed  ", "bob")

    detail = queue.detail(order_id)
    assert [(c.author, c.text) for c in detail.comments] == [("bob", "customer says PIN changed")]
    assert detail.history[-1].kind == "comment"
    assert detail.history[-1].text == "customer says PIN changed"


def test_empty_comment_is_refused(queue, make_order):
    (order_id,) = queue.create_orders([make_order()], "ann")
    with pytest.raises(ValueError, match="empty"):
        queue.add_comment(order_id, "   ", "bob")
    assert queue.detail(order_id).comments == []


def test_unknown_order_id_is_a_clear_error(queue):
    with pytest.raises(OrderNotFound, match="no order with id 404"):
        queue.detail(404)
    with pytest.raises(OrderNotFound):
        queue.change_status(404, Status.CANCELLED, "ann")
    with pytest.raises(OrderNotFound):
        queue.add_comment(404, "hello", "ann")


def test_stale_edit_raises_concurrent_edit_and_keeps_the_first_save(queue, make_order):
    (order_id,) = queue.create_orders([make_order()], "ann")
    ann_copy = queue.detail(order_id)
    bob_copy = queue.detail(order_id)

    ann_copy.order.account.name = "ABC Company, Incorporated"
    new_version = queue.update_order(order_id, ann_copy.order, ann_copy.version, "ann")
    assert new_version == ann_copy.version + 1

    bob_copy.order.account.name = "Bob's guess"
    with pytest.raises(ConcurrentEdit, match="changed by someone else"):
        queue.update_order(order_id, bob_copy.order, bob_copy.version, "bob")

    saved = queue.detail(order_id)
    assert saved.order.account.name == "ABC Company, Incorporated"
    assert saved.version == new_version
    assert queue.rows([order_id])[0].account_name == "ABC Company, Incorporated"


def test_edit_keeps_per_number_statuses_of_numbers_still_on_the_order(queue, make_order):
    (order_id,) = queue.create_orders([make_order()], "ann")
    queue.set_number_statuses(order_id, {"+13035550101": "foc"}, "sync")
    detail = queue.detail(order_id)
    detail.order.numbers = ["+13035550101", "+13035550177"]
    queue.update_order(order_id, detail.order, detail.version, "ann")

    numbers = {n.e164: n.status for n in queue.detail(order_id).numbers}
    assert numbers == {"+13035550101": "foc", "+13035550177": "pending"}
    assert queue.rows([order_id])[0].number_count == 2


def test_foc_date_is_shown_in_the_queue_row_and_history(queue, make_order):
    import datetime as dt

    (order_id,) = queue.create_orders([make_order()], "ann")
    queue.set_foc_date(order_id, dt.date(2026, 12, 11), "sync")
    assert queue.rows([order_id])[0].foc_date == dt.date(2026, 12, 11)
    assert queue.detail(order_id).history[-1].text == "FOC date: 2026-12-11"


def test_rows_returns_fresh_rows_in_the_order_asked_and_skips_unknown_ids(queue, make_order):
    ids = queue.create_orders([make_order(name=f"order {i}") for i in range(3)], "ann")
    rows = queue.rows([ids[2], 999, ids[0]])
    assert [r.id for r in rows] == [ids[2], ids[0]]
    assert rows[0].name == "order 2"
