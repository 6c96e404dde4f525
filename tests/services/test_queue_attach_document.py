"""Attaching a bill to an order in the queue: the bytes are stored as given, the order names the
document, the history says so, and a concurrent edit stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from portdesk.services.queue import ConcurrentEdit, NewDocument


def test_attach_document_stores_the_bytes_and_names_the_bill_in_the_order(queue, make_order, make_pdf, clock):
    [order_id] = queue.create_orders([make_order()], "amy")
    version = queue.detail(order_id).version
    data = make_pdf("Account Name: ABC Company, Inc.")
    clock.tick()
    info, new_version = queue.attach_document(order_id, NewDocument("bill", "lumen-nov.pdf", data), version,
                                              "amy", statement_date=dt.date(2026, 11, 3))
    assert new_version > version
    detail = queue.detail(order_id)
    assert detail.version == new_version
    assert [d.id for d in detail.documents] == [info.id] and detail.documents[0].kind == "bill"
    ref = detail.order.documents["bill"]
    assert (ref.path, ref.date) == ("lumen-nov.pdf", "2026-11-03")
    assert queue.document(info.id).data == data
    assert any(e.kind == "document" and "lumen-nov.pdf" in e.text for e in detail.history)


def test_attach_document_after_someone_elses_save_stores_nothing(queue, make_order, make_pdf, clock):
    [order_id] = queue.create_orders([make_order()], "amy")
    detail = queue.detail(order_id)
    clock.tick()
    queue.update_order(order_id, detail.order, detail.version, "bob")  # bob saved first
    with pytest.raises(ConcurrentEdit):
        queue.attach_document(order_id, NewDocument("bill", "b.pdf", make_pdf("x")), detail.version, "amy")
    after = queue.detail(order_id)
    assert after.documents == [] and "bill" not in after.order.documents
