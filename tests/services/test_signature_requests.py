"""Send for signature as a use case, on a real SQLite store with real PDFs: the history says what was
sent to whom, the signed copy becomes the order's LOA with who signed and when, and a changed copy
is refused with its reason and leaves the order as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pymupdf
import pytest

from portdesk.documents.loa import generate_loa
from portdesk.documents.loa_return import examine_returned, prepare_for_signature
from portdesk.domain.order import Contact, PortOrder
from portdesk.domain.rules_submission import check_loa_basis
from portdesk.domain.status import Status
from portdesk.services.events import Change, OrderEvent
from portdesk.services.queue import QueueService
from portdesk.services.signature_requests import (
    NothingSent,
    ReturnedLoaRefused,
    SignatureRequests,
)
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from tests.services.conftest import TickingClock, order_dict
from tests.sqlite_template import migrated_url


class Recorder:
    def __init__(self) -> None:
        self.events: list[OrderEvent] = []

    def publish(self, event: OrderEvent) -> None:
        self.events.append(event)


@pytest.fixture
def store(tmp_path: Path) -> SqlQueueStore:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'sign.sqlite3'}"))
    migrate(engine)
    return SqlQueueStore(engine)


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def events() -> Recorder:
    return Recorder()


@pytest.fixture
def requests(store: SqlQueueStore, clock: TickingClock, events: Recorder) -> SignatureRequests:
    return SignatureRequests(store, "Ana Coordinator", write_loa=generate_loa, prepare=prepare_for_signature,
                             examine=examine_returned, provider_name=lambda order: "Kazoo Voice", clock=clock,
                             events=events)


def _order() -> PortOrder:
    order = PortOrder.from_dict(order_dict())
    order.account.authorized_user = "Jane Doe"
    order.contacts = [Contact(name="Front desk", email="desk@abc.example"),
                      Contact(name="Jane  Doe", email="jane@abc.example")]
    return order


@pytest.fixture
def order_id(store: SqlQueueStore, clock: TickingClock) -> int:
    return QueueService(store, clock=clock).create_orders([_order()], "ana", Status.DRAFT)[0]


def _sign(path: Path, tmp_path: Path, extra_text: str | None = None) -> bytes:
    """The customer's reader: an ink signature, saved by adding to the file."""
    copy = tmp_path / "signed.pdf"
    copy.write_bytes(path.read_bytes())
    doc = pymupdf.open(copy)
    annot = doc[0].add_ink_annot([[(70, 640), (100, 600), (130, 645), (170, 605)]])
    annot.set_info(modDate="D:20261103101500-07'00'")
    annot.update()
    if extra_text:
        doc[0].insert_text((300, 100), extra_text, fontname="helv", fontsize=9)
    doc.save(copy, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    doc.close()
    return copy.read_bytes()


def test_sending_writes_the_loa_to_sign_and_an_email_to_the_authorised_user(
        requests: SignatureRequests, store: SqlQueueStore, order_id: int, tmp_path: Path) -> None:
    out = requests.send(order_id, tmp_path)
    assert out.path.parent == tmp_path and out.path.name.startswith("LOA to sign - ")
    with pymupdf.open(out.path) as doc:
        assert [w.field_type_string for w in doc[0].widgets()] == ["Signature"]
    link = urlsplit(out.mailto)
    assert link.scheme == "mailto" and unquote(link.path) == "jane@abc.example"
    query = parse_qs(link.query)
    assert query["subject"] == ["Please sign: Letter of Authorization for ABC Company, Inc."]
    assert str(out.path) in query["body"][0] and "Dear Jane Doe" in query["body"][0]
    history = QueueService(store).detail(order_id).history
    assert any(e.kind == "signature" and "LOA sent for signature to Jane Doe <jane@abc.example>" in e.text
               for e in history)


def test_the_signed_copy_becomes_the_orders_loa_with_who_signed_and_when(
        requests: SignatureRequests, store: SqlQueueStore, order_id: int, tmp_path: Path, clock: TickingClock,
        events: Recorder) -> None:
    sent = requests.send(order_id, tmp_path)
    clock.tick(60 * 24)
    received = requests.receive(order_id, _sign(sent.path, tmp_path), "LOA signed - ABC.pdf")
    assert received.signed_on == dt.date(2026, 11, 3)
    detail = QueueService(store).detail(order_id)
    assert [d.filename for d in detail.documents if d.kind == "loa"] == ["LOA signed - ABC.pdf"]
    loa = detail.order.documents["loa"]
    assert (loa.signed_by, loa.signed_on) == ("Jane Doe", "2026-11-03")
    signed = [e for e in detail.history if e.kind == "signature" and e.text.startswith("LOA signed by")]
    assert len(signed) == 1
    assert "LOA signed by Jane Doe on 2026-11-03 10:15:00-07:00, returned by e-mail" in signed[0].text
    assert signed[0].data is not None and signed[0].data["method"] == "returned"
    assert check_loa_basis(detail.order) == []  # signed for exactly what the order asks
    assert {e.change for e in events.events} >= {Change.DOCUMENTS, Change.ORDER}


def test_a_copy_changed_by_the_customer_is_refused_and_the_order_keeps_no_loa(
        requests: SignatureRequests, store: SqlQueueStore, order_id: int, tmp_path: Path) -> None:
    sent = requests.send(order_id, tmp_path)
    with pytest.raises(ReturnedLoaRefused, match=r"words were changed"):
        requests.receive(order_id, _sign(sent.path, tmp_path, extra_text="except (303) 555-0101"), "LOA.pdf")
    detail = QueueService(store).detail(order_id)
    assert "loa" not in detail.order.documents and not [d for d in detail.documents if d.kind == "loa"]
    assert any(e.text.startswith("Returned LOA refused. LOA.pdf was not accepted: page 1") for e in detail.history)


def test_an_order_changed_after_sending_flags_the_returned_loa_as_outdated(
        requests: SignatureRequests, store: SqlQueueStore, order_id: int, tmp_path: Path) -> None:
    sent = requests.send(order_id, tmp_path)
    queue = QueueService(store)
    detail = queue.detail(order_id)
    detail.order.numbers.append("+13035550188")
    queue.update_order(order_id, detail.order, detail.version, "ana")
    requests.receive(order_id, _sign(sent.path, tmp_path), "LOA.pdf")
    assert [f.code for f in check_loa_basis(queue.detail(order_id).order)] == ["LOA_OUTDATED"]


def test_a_returned_copy_without_a_sent_loa_is_refused_in_words(
        requests: SignatureRequests, order_id: int) -> None:
    with pytest.raises(NothingSent, match="has no LOA sent for signature"):
        requests.receive(order_id, b"%PDF-1.7", "LOA.pdf")


def test_sending_needs_the_authorised_user(requests: SignatureRequests, store: SqlQueueStore,
                                           tmp_path: Path, clock: TickingClock) -> None:
    order = _order()
    order.account.authorized_user = None
    order_id = QueueService(store, clock=clock).create_orders([order], "ana", Status.DRAFT)[0]
    with pytest.raises(ValueError, match="authorised user is empty"):
        requests.send(order_id, tmp_path)
    assert list(tmp_path.glob("*.pdf")) == []
