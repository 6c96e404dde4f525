"""The SQL store: engine settings, round trips of every field, optimistic locking, one commit per use."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
import sqlalchemy as sa
from reportlab.pdfgen import canvas

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.ports import NewDocument
from portdesk.store.db import make_engine, migrate, normalise_url
from portdesk.store.errors import ConcurrentEdit, DocumentNotFound, OrderNotFound, StoreError
from portdesk.store.repos import SqlQueueStore

NOW = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)

FULL_ORDER = {
    "format": "portdesk.order/1",
    "name": "ABC Company - Denver",
    "kind": "local",
    "profile": "kazoo",
    "losing_carrier": "Lumen",
    "account": {
        "name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": "4321", "btn": "+13035550100",
        "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO",
                            "postal_code": "80202", "country": "US", "x-geo": [39.7, -104.9]},
        "x-sub-account": "A-1",
    },
    "port_type": "partial",
    "new_btn": "+13035550117",
    "numbers": ["+13035550100", "+13035550101", "not-a-number"],
    "requested_date": "2026-12-10",
    "requested_time": "09:00",
    "requested_timezone": "America/Denver",
    "contacts": [{"name": "Jane Doe", "email": "jane@abc.example", "phone": "+13035550199", "x-role": "IT"}],
    "documents": {"bill": {"path": "bill.pdf", "date": "2026-11-03"}},
    "x-newer-portdesk": {"anything": [1, "two", None]},
}


@pytest.fixture
def store(any_db_url):
    engine = make_engine(any_db_url)  # SQLite file and PostgreSQL alike
    migrate(engine)
    return SqlQueueStore(engine)


def _pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Lumen statement for ABC Company, Inc.")
    c.save()
    return buf.getvalue()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'q.sqlite3'}", busy_timeout_ms=1234)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234


def test_postgresql_urls_use_psycopg_3():
    assert normalise_url("postgresql://u:p@db/portdesk") == "postgresql+psycopg://u:p@db/portdesk"
    assert normalise_url("postgres://db/portdesk") == "postgresql+psycopg://db/portdesk"
    assert normalise_url("postgresql+psycopg://db/x") == "postgresql+psycopg://db/x"
    assert make_engine("postgresql://u:p@127.0.0.1:1/portdesk").dialect.driver == "psycopg"


def test_every_field_and_unknown_key_survives_a_round_trip(store):
    order = PortOrder.from_dict(FULL_ORDER)
    with store.unit_of_work() as repo:
        order_id = repo.add_order(order, Status.AWAITING_DOCUMENTS, NOW)
    with store.unit_of_work() as repo:
        detail = repo.detail(order_id)
        row = repo.rows([order_id])[0]
    assert detail.order == order
    assert detail.order.to_dict() == order.to_dict()
    assert detail.status is Status.AWAITING_DOCUMENTS and detail.version == 1
    assert detail.created_at == detail.updated_at == NOW
    assert [n.e164 for n in detail.numbers] == ["+13035550100", "+13035550101", "not-a-number"]
    assert (row.name, row.account_name, row.account_number, row.number_count) == (
        "ABC Company - Denver", "ABC Company, Inc.", "8812-5520-01", 3)
    assert (row.losing_carrier, row.profile, row.requested_date) == ("Lumen", "kazoo", dt.date(2026, 12, 10))


def test_document_bytes_and_checksum_are_stored_exactly(store):
    data = _pdf()
    with store.unit_of_work() as repo:
        order_id = repo.add_order(PortOrder(name="x"), Status.DRAFT, NOW)
        doc_id = repo.add_document(order_id, NewDocument(kind="bill", filename="bill.pdf", data=data), NOW)
    with store.unit_of_work() as repo:
        doc = repo.document(doc_id)
        info = repo.detail(order_id).documents
    assert doc.data == data
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.size, doc.mime, doc.kind, doc.filename, doc.order_id) == (len(data), "application/pdf", "bill",
                                                                        "bill.pdf", order_id)
    assert [(i.id, i.sha256, i.size) for i in info] == [(doc_id, doc.sha256, len(data))]
    with store.unit_of_work() as repo, pytest.raises(DocumentNotFound):
        repo.document(doc_id + 1)


def test_document_bytes_are_not_in_the_order_json(store):
    with store.unit_of_work() as repo:
        order_id = repo.add_order(PortOrder.from_dict(FULL_ORDER), Status.DRAFT, NOW)
        repo.add_document(order_id, NewDocument(kind="bill", filename="bill.pdf", data=_pdf()), NOW)
    with store.engine.connect() as conn:
        stored = json.loads(conn.execute(sa.text("SELECT data FROM order_data")).scalar_one())
    assert stored["documents"] == {"bill": {"path": "bill.pdf", "date": "2026-11-03"}}


def test_a_stale_version_changes_nothing_and_raises_concurrent_edit(store):
    with store.unit_of_work() as repo:
        order_id = repo.add_order(PortOrder(name="x"), Status.DRAFT, NOW)
    with store.unit_of_work() as repo:
        assert repo.set_status(order_id, Status.SUBMITTED, 1, NOW) == 2
    with pytest.raises(ConcurrentEdit, match=f"order {order_id} was changed by someone else"), \
            store.unit_of_work() as repo:
        repo.set_status(order_id, Status.CANCELLED, 1, NOW)
    with store.unit_of_work() as repo:
        state = repo.state(order_id)
    assert (state.status, state.version) == (Status.SUBMITTED, 2)


def test_versioned_write_to_an_unknown_order_is_not_found_not_a_conflict(store):
    with pytest.raises(OrderNotFound), store.unit_of_work() as repo:
        repo.set_status(99, Status.CANCELLED, 1, NOW)


def test_unit_of_work_rolls_back_everything_on_an_exception(store):
    with pytest.raises(RuntimeError), store.unit_of_work() as repo:
        repo.add_order(PortOrder(name="first"), Status.DRAFT, NOW)
        repo.add_order(PortOrder(name="second"), Status.DRAFT, NOW)
        raise RuntimeError("the use case failed after writing")
    with store.unit_of_work() as repo:
        assert repo.count_by_tab(None) == {}


def test_foreign_keys_are_enforced(store):
    with pytest.raises(StoreError, match=r"(?i)foreign key"), store.unit_of_work() as repo:
        repo.add_comment(12345, NOW, "ann", "orphan")
