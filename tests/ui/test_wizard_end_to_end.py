"""The whole port wizard, driven like a coordinator: a generated Lumen bill, the account filled from
it, numbers pasted, the BTN question answered, the LOA signed with a drawn signature, the date and a
contact, the agreements ticked, Submit — and the order is queued in Progressing with its signed LOA
and the signature in its history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from portdesk.documents.loa_signing import read_signing_record
from portdesk.domain.status import Status, Tab
from portdesk.ui.wizard.window import new_port
from tests.ui.wizard_drive import POPUP_NOTES, fill_account, fill_name_and_bill, keep, sign_on_pad, type_into
from tests.ui.wizard_support import make_adapters


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_coordinator_goes_from_bill_to_a_queued_order(qtbot: QtBot, tmp_path: Path) -> None:
    adapters = make_adapters(f"sqlite:///{tmp_path / 'e2e.sqlite3'}")
    wizard = new_port(adapters)
    keep(qtbot, wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    submitted: list[int] = []
    wizard.order_submitted.connect(submitted.append)

    fill_name_and_bill(wizard, tmp_path)
    assert wizard.page(1).date_edit.date() == QDate(2026, 11, 3)  # type: ignore[attr-defined]
    fill_account(wizard)
    order = wizard.ctx.order
    assert order.account.number == "8812-5520-01"
    assert order.account.service_address.line1 == "1200 Market Street"
    check = wizard.ctx.bill_check
    assert check is not None and check.status_of("account.name") == "exact"

    with qtbot.waitActive(wizard):  # the carrier's suggestion popup had the focus
        wizard.activateWindow()

    # Step 4: paste two numbers; the bill's third is offered; the BTN question is asked.
    qtbot.keyClick(wizard, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    numbers = wizard.numbers_page
    type_into(numbers.paste_box, "303-555-0100")
    qtbot.keyClick(numbers.paste_box, Qt.Key.Key_Return)
    type_into(numbers.paste_box, "(303) 555.0101")
    numbers.add_button.click()
    assert order.numbers == ["+13035550100", "+13035550101"]
    assert numbers.bill_box.isVisible() and "(303) 555-0102" in numbers.bill_hint.text()
    assert numbers.question.isVisible() and "(303) 555-0100" in numbers.question_label.text()
    numbers.partial_radio.click()
    assert numbers.new_btn_box.isVisible()
    type_into(numbers.new_btn, "(303) 555-0102")
    numbers.refresh_checks()
    assert (order.port_type, order.new_btn) == ("partial", "+13035550102")
    assert not [f for f in wizard.ctx.findings() if f.field in ("port_type", "new_btn")]

    # Step 5: the LOA is generated and previewed, then signed with a drawn signature.
    qtbot.keyClick(wizard, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    loa = wizard.page(4)
    assert loa.preview.page_labels, (loa.problem.text(), loa.preview.caption.text())  # type: ignore[attr-defined]
    assert loa.signer.text() == "Jane Doe"  # type: ignore[attr-defined]
    assert not loa.sign_button.isEnabled()  # type: ignore[attr-defined]
    sign_on_pad(loa.pad)  # type: ignore[attr-defined]
    assert loa.pad.stroke_count() == 2  # type: ignore[attr-defined]
    loa.sign_button.click()  # type: ignore[attr-defined]
    assert order.documents["loa"].signed_by == "Jane Doe"
    assert loa.status.text().startswith("✔")  # type: ignore[attr-defined]

    # Step 6: the earliest good date and one contact.
    qtbot.keyClick(wizard, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    schedule = wizard.page(5)
    schedule.earliest_button.click()  # type: ignore[attr-defined]
    assert order.requested_date == "2026-12-07"  # 10 business days after Fri 20 Nov, Thanksgiving skipped
    schedule.contacts.add_button.click()  # type: ignore[attr-defined]
    row = schedule.contacts.rows[0]  # type: ignore[attr-defined]
    type_into(row.name, "Jane Doe")
    type_into(row.email, "jane@abc-company.com")
    type_into(row.phone, "303 555 0199")

    # Step 7: review, tick the agreements, submit.
    wizard.go_to(6)
    review = wizard.review_page
    assert not review.submit_button.isEnabled()  # the agreements are not ticked yet
    for box in review.agreement_boxes.values():
        box.click()
    errors = [f for f in wizard.ctx.findings() if f.is_error]
    assert errors == []
    assert review.submit_button.isEnabled()
    review.submit_button.click()

    assert wizard.ctx.draft is not None and submitted == [wizard.ctx.draft.order_id]
    with adapters.drafts.store.unit_of_work() as repo:
        detail = repo.detail(submitted[0])
        loa_info = max((d for d in detail.documents if d.kind == "loa"), key=lambda d: d.id)
        signed = repo.document(loa_info.id).data
    assert detail.status is Status.QUEUED and detail.status.tab is Tab.PROGRESSING
    assert detail.order.numbers == ["+13035550100", "+13035550101"]
    assert detail.order.contacts[0].email == "jane@abc-company.com"
    record = read_signing_record(signed)
    assert record is not None and (record.signer, record.method) == ("Jane Doe", "drawn")
    signing = [e for e in detail.history if e.kind == "signature"]
    assert len(signing) == 1 and signing[0].data is not None
    assert signing[0].data["unsigned_sha256"] == record.unsigned_sha256
    assert any("queued" in e.text.lower() or e.kind == "status" for e in detail.history)
