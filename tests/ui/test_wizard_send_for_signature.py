"""The LOA step's "send it to the customer to sign": the e-mail draft opens with the LOA to sign
written beside it, and the customer's signed copy becomes the order's LOA — or is refused, in words,
when the customer's program changed the letter."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pymupdf
import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from portdesk.documents.loa import generate_loa
from portdesk.documents.loa_return import examine_returned, prepare_for_signature
from portdesk.domain.order import Contact, PortOrder
from portdesk.services.signature_requests import SignatureRequests
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.loa_page import LoaPage
from portdesk.ui.wizard.window import PortWizard, resume
from tests.ui.wizard_support import make_adapters

LOA_STEP = 4


@pytest.fixture
def adapters(tmp_path: Path) -> WizardAdapters:
    adapters = make_adapters(f"sqlite:///{tmp_path / 'send.sqlite3'}")
    adapters.signatures = SignatureRequests(
        adapters.drafts.store, adapters.drafts.author, write_loa=generate_loa, prepare=prepare_for_signature,
        examine=examine_returned, provider_name=lambda order: "Kazoo", clock=adapters.drafts.now)
    adapters.signature_folder = tmp_path / "LOAs to sign"
    return adapters


def _order() -> PortOrder:
    order = PortOrder(name="ABC Company - Denver", kind="local", profile="kazoo", losing_carrier="Lumen")
    order.account.name = "ABC Company, Inc."
    order.account.number = "8812-5520-01"
    order.account.btn = "+13035550100"
    order.account.authorized_user = "Jane Doe"
    address = order.account.service_address
    address.line1, address.city, address.state, address.postal_code = "1200 Market Street", "Denver", "CO", "80202"
    order.numbers = ["+13035550100", "+13035550101"]
    order.contacts = [Contact(name="Jane Doe", email="jane@abc.example")]
    return order


def _wizard(qtbot: QtBot, adapters: WizardAdapters) -> tuple[PortWizard, LoaPage, list[QUrl]]:
    draft = adapters.drafts.create(_order(), LOA_STEP)
    wizard = resume(adapters, draft.order_id)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.pages[LOA_STEP]
    assert isinstance(page, LoaPage)
    opened: list[QUrl] = []
    page.send_box.open_url = opened.append
    page.send_radio.click()
    return wizard, page, opened


def _customer_signs(path: Path, out: Path, change: bool = False) -> Path:
    doc = pymupdf.open(path)
    annot = doc[0].add_ink_annot([[(70, 640), (100, 600), (130, 645), (170, 605)]])
    annot.set_info(modDate="D:20261123091200-07'00'")
    annot.update()
    if change:
        doc[0].insert_text((300, 110), "numbers 1-3 only", fontname="helv", fontsize=9)
    doc.save(out, garbage=3, deflate=True)
    doc.close()
    return out


def test_send_for_signature_opens_an_email_and_writes_the_loa_to_sign(qtbot: QtBot, adapters: WizardAdapters) -> None:
    _, page, opened = _wizard(qtbot, adapters)
    assert page.send_box.isVisible() and not page.sign_button.isVisible()
    page.send_box.send_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    link = urlsplit(opened[0].toString())
    assert link.scheme == "mailto" and unquote(link.path) == "jane@abc.example"
    assert parse_qs(link.query)["subject"] == ["Please sign: Letter of Authorization for ABC Company, Inc."]
    sent = page.send_box.sent_path
    assert sent is not None and sent.exists() and str(sent) in page.send_box.sent_label.text()
    assert page.send_box.attach_button.isEnabled()


def test_without_a_mail_program_the_email_goes_to_the_clipboard(qtbot: QtBot, adapters: WizardAdapters) -> None:
    from PySide6.QtGui import QGuiApplication

    _, page, _opened = _wizard(qtbot, adapters)
    page.send_box.open_url = lambda url: False  # QDesktopServices found no launcher for mailto:
    page.send_box.send_button.click()
    qtbot.waitUntil(lambda: "clipboard" in page.send_box.result.text(), timeout=5000)
    pasted = QGuiApplication.clipboard().text()
    assert pasted.startswith("To: jane@abc.example\nSubject: Please sign: Letter of Authorization for ABC Company")
    assert "Dear Jane Doe" in pasted


def test_the_signed_copy_coming_back_is_the_orders_loa(qtbot: QtBot, adapters: WizardAdapters, tmp_path: Path) -> None:
    wizard, page, _opened = _wizard(qtbot, adapters)
    page.send_box.send_button.click()
    qtbot.waitUntil(lambda: page.send_box.sent_path is not None, timeout=5000)
    assert page.send_box.sent_path is not None
    signed = _customer_signs(page.send_box.sent_path, tmp_path / "LOA signed by Jane.pdf")
    page.send_box.attach(signed)
    qtbot.waitUntil(lambda: "loa" in wizard.ctx.order.documents, timeout=5000)
    loa = wizard.ctx.order.documents["loa"]
    assert (loa.signed_by, loa.signed_on) == ("Jane Doe", "2026-11-23")
    assert "signed by the customer and returned" in page.status.text()
    assert not [f for f in wizard.ctx.findings() if f.field.startswith("documents.loa")]
    history = adapters.drafts.store
    with history.unit_of_work(write=False) as repo:
        events = repo.detail(wizard.ctx.draft.order_id).history  # type: ignore[union-attr]
    assert any(e.text.startswith("LOA signed by Jane Doe on 2026-11-23 09:12:00-07:00") for e in events)


def test_a_changed_copy_is_refused_on_the_step_with_its_reason(qtbot: QtBot, adapters: WizardAdapters,
                                                               tmp_path: Path) -> None:
    wizard, page, _opened = _wizard(qtbot, adapters)
    page.send_box.send_button.click()
    qtbot.waitUntil(lambda: page.send_box.sent_path is not None, timeout=5000)
    assert page.send_box.sent_path is not None
    changed = _customer_signs(page.send_box.sent_path, tmp_path / "LOA back.pdf", change=True)
    page.send_box.attach(changed)
    qtbot.waitUntil(lambda: "not accepted" in page.send_box.result.text(), timeout=5000)
    assert "words were changed" in page.send_box.result.text()
    assert "loa" not in wizard.ctx.order.documents
