"""Order → Send LOA for signature… / Attach the signed LOA… for the order selected in the queue: the
e-mail opens, the signed copy becomes the order's LOA (in the stored order, shown in the detail pane's
history), and a changed copy is refused in a message that says why."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from portdesk.documents.loa import generate_loa
from portdesk.documents.loa_return import examine_returned, prepare_for_signature
from portdesk.domain.order import Contact, PortOrder
from portdesk.domain.status import Status, Tab
from portdesk.services.queue import QueueService
from portdesk.services.signature_requests import SignatureRequests
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.wizard.signature_command import SignatureCommand


def _order() -> PortOrder:
    order = PortOrder(name="ABC Company - Denver", kind="local", profile="kazoo", losing_carrier="Lumen")
    order.account.name, order.account.number = "ABC Company, Inc.", "8812-5520-01"
    order.account.authorized_user = "Jane Doe"
    address = order.account.service_address
    address.line1, address.city, address.state, address.postal_code = "1200 Market Street", "Denver", "CO", "80202"
    order.numbers = ["+13035550100"]
    order.contacts = [Contact(name="Jane Doe", email="jane@abc.example")]
    return order


@pytest.fixture
def setup(qtbot: QtBot, queue: QueueService, store: SqlQueueStore, tmp_path: Path):  # type: ignore[no-untyped-def]
    runner = SyncJobRunner()
    window = MainWindow(queue, runner, tmp_path / "window.ini", "test", "amy")
    qtbot.addWidget(window)
    signatures = SignatureRequests(store, "amy", write_loa=generate_loa, prepare=prepare_for_signature,
                                   examine=examine_returned, provider_name=lambda order: "Kazoo")
    command = SignatureCommand(signatures, runner, tmp_path / "to sign", parent=window)
    command.install(window)
    opened: list[QUrl] = []
    command.open_url = opened.append
    messages: list[tuple[str, str]] = []
    # the real window shows a message box; the test records what it would say
    window.show_message = lambda icon, title, text: messages.append((title, text))  # type: ignore[method-assign]
    [order_id] = queue.create_orders([_order()], "amy", Status.DRAFT)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.tabs.current_order_id() == order_id, timeout=5000)
    return window, command, opened, messages, order_id


def _signed(sent: Path, out: Path, note: str | None = None) -> Path:
    doc = pymupdf.open(sent)
    annot = doc[0].add_ink_annot([[(70, 640), (100, 600), (130, 645), (170, 605)]])
    annot.set_info(modDate="D:20991201120000Z")
    annot.update()
    if note:
        doc[0].insert_text((300, 90), note, fontname="helv", fontsize=9)
    doc.save(out)
    doc.close()
    return out


def test_send_and_attach_from_the_order_menu(qtbot: QtBot, setup, queue: QueueService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, command, opened, messages, order_id = setup
    assert command.send_action.isEnabled() and window.tabs.current_tab() is Tab.SUSPENDED
    command.send_action.trigger()
    assert opened and opened[0].toString().startswith("mailto:jane@abc.example")
    [sent] = list((tmp_path / "to sign").glob("*.pdf"))
    command.ask_signed_path = lambda: _signed(sent, tmp_path / "back.pdf")  # type: ignore[method-assign]
    command.attach_action.trigger()
    assert messages == []
    loa = queue.detail(order_id).order.documents["loa"]
    assert (loa.signed_by, loa.signed_on) == ("Jane Doe", "2099-12-01")
    assert "Signed LOA accepted" in window.statusBar().currentMessage()


def test_a_changed_copy_is_refused_in_a_message(qtbot: QtBot, setup, queue: QueueService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _window, command, _opened, messages, order_id = setup
    command.send_selected()
    [sent] = list((tmp_path / "to sign").glob("*.pdf"))
    command.attach_signed(_signed(sent, tmp_path / "back.pdf", note="only until March"))
    assert [title for title, _ in messages] == ["The signed LOA was not accepted"]
    assert "words were changed" in messages[0][1]
    assert "loa" not in queue.detail(order_id).order.documents
