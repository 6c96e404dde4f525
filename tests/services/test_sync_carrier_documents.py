"""Documents the carrier made are pulled and attached to the order, once, after the PDF checks; a
document that fails them is named in the history and left at the carrier (Bandwidth's LNP team
attaches the losing carrier's CSR to an order it could not complete; the sandbox does the same)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from portdesk.carriers.bandwidth import BandwidthGateway
from portdesk.sandbox.server import Sandbox
from portdesk.sandbox.world import World, parse_world
from portdesk.services.events import Change
from portdesk.services.gateway import IncomingDocument
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import base, sandbox, world_data  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


@pytest.fixture
def world() -> World:
    data = copy.deepcopy(world_data())
    data["accounts"][0]["features"] = ["hunt_group"]  # refused: the LNP team sends the CSR
    return parse_world(data)


@pytest.fixture
def desk(tmp_path, capsys, monkeypatch, base, file_keyring) -> SandboxDesk:  # noqa: F811
    return SandboxDesk((tmp_path, capsys, monkeypatch), base, "bandwidth")


def _carrier_docs(desk: SandboxDesk, order_id: int) -> list[Any]:
    return [d for d in desk.queue.detail(order_id).documents if d.kind == "carrier"]


def _bandwidth_files(sandbox: Sandbox) -> dict[str, tuple[str, str, bytes]]:  # noqa: F811
    dialect = next(d for d in sandbox.dialects if d.prefix.startswith("/bandwidth"))
    (order,) = dialect.orders.values()  # type: ignore[attr-defined]
    return order.files  # type: ignore[no-any-return]


def test_the_carriers_csr_is_attached_once_with_its_source_and_the_hub_hears_it(
        desk: SandboxDesk, monkeypatch: pytest.MonkeyPatch) -> None:
    downloaded: list[str] = []
    real = BandwidthGateway.download_document

    def counting(self: BandwidthGateway, carrier_id: str, document: IncomingDocument) -> bytes:
        downloaded.append(document.id)
        return real(self, carrier_id, document)

    monkeypatch.setattr(BandwidthGateway, "download_document", counting)
    order_id = desk.submitted_order()
    shown = desk.cycle_until(order_id, lambda s: s["status"] == "exception" and bool(_carrier_docs(desk, order_id)))
    assert shown["status"] == "exception"
    (csr,) = _carrier_docs(desk, order_id)
    assert csr.mime == "application/pdf" and 0 < csr.size < 100_000 and "csr" in csr.filename.lower()
    stored = desk.queue.document(csr.id)
    assert stored.data.startswith(b"%PDF") and b"Customer Service Record" in stored.data
    kinds = sorted(d.kind for d in desk.queue.detail(order_id).documents)
    assert kinds == ["bill", "carrier", "loa"]  # our own uploads are not pulled back as the carrier's
    assert any(h["kind"] == "document" and h.get("source") == desk.name and "CSR" in h["text"]
               for h in shown["history"])
    assert any(e.change is Change.DOCUMENTS and e.source == desk.name for e in desk.heard)
    for _ in range(2):
        desk.service.run_cycle(respect_backoff=False)
    assert len(_carrier_docs(desk, order_id)) == 1
    assert len(downloaded) == 1 and "-csr-" in downloaded[0]  # our uploads are known by name, not fetched back


@pytest.mark.parametrize(("name", "data", "why"), [
    ("csr-v2.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "not a readable PDF"),
    ("csr-v2.pdf", b"MZ\x90\x00 not a document", "not a PDF"),
    ("csr-v2.pdf", b"%PDF-1.4\n" + b"0" * 3_100_000, "larger than"),
    # a hostile name reaches the carrier intact (the sandbox decodes %2F and %20 in its segment) and is judged
    # like any other document, under its last part only
    ("../../etc/evil name.pdf", b"%PDF-1.4\n%%EOF", "not a readable PDF"),
])
def test_a_carrier_document_that_fails_the_checks_is_named_in_the_history_not_attached(
        tmp_path, capsys, monkeypatch, base, file_keyring, sandbox: Sandbox,  # noqa: F811
        name: str, data: bytes, why: str) -> None:
    clock = Later()
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, "bandwidth", clock=clock)
    order_id = desk.submitted_order()
    desk.cycle_until(order_id, lambda s: s["status"] == "exception" and bool(_carrier_docs(desk, order_id)))
    _bandwidth_files(sandbox)[name] = ("OTHER", "application/pdf", data)
    clock.offset += dt.timedelta(minutes=20)  # the order did not change: its documents are read now and then
    report = desk.service.run_cycle(respect_backoff=False)
    assert report.errors == [], report.errors
    history = desk.show(order_id)["history"]
    (said,) = [h for h in history if h["kind"] == "document" and why in h["text"]]
    assert said.get("source") == desk.name and "etc/" not in said["text"] and name.rsplit("/", 1)[-1] in said["text"]
    assert len(_carrier_docs(desk, order_id)) == 1  # only the CSR
    clock.offset += dt.timedelta(minutes=20)
    desk.service.run_cycle(respect_backoff=False)  # said once, not every time the documents are read
    assert len([h for h in desk.show(order_id)["history"] if h["kind"] == "document" and why in h["text"]]) == 1


class Later:
    """The real clock, moved on by `offset` (to let the sync's read-every-15-minutes come round)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset
