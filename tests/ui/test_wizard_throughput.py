"""The product's promise: a 20-number order from the bill PDF to Submit in at most 30 input events.

The real main window and wizard, the real intake, LOA and store; every key press, click, drag and drop
goes through one counter (tests/ui/input_counter.py). The per-step count is printed: the figure the README
quotes comes from here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.domain.status import Status
from portdesk.services.queue import QueueService
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.wizard.command import WizardCommand
from portdesk.ui.wizard.window import PortWizard
from tests.ui.input_counter import InputCounter
from tests.ui.wizard_drive import POPUP_NOTES, SIGNATURE
from tests.ui.wizard_support import make_adapters

NUMBERS = [f"(720) 555-01{i:02d}" for i in range(20)]
BILL = BillContents(carrier="Lumen", account_name="Foothills Family Dental", account_number="4417-2290-08",
                    btn="(720) 555-0100", authorized_user="Anita Shah", line1="8200 W Colfax Ave",
                    line2="Suite 110", city="Lakewood", state="CO", postal_code="80214", numbers=NUMBERS)
ALT = Qt.KeyboardModifier.AltModifier
BUDGET = 30


def drive_bill_to_submit(qtbot: QtBot, tmp_path: Path, count: InputCounter,
                         closed: list[int] | None = None) -> tuple[PortWizard, int]:
    """Drop the bill on the main window and take the order to Submit; (the wizard, the order id). The
    wizard is the app's (deleted when it closes): `closed` gets its result when it does."""
    bill = tmp_path / "foothills-lumen-2026-11.pdf"
    bill.write_bytes(build_bill_pdf(BILL, "labels"))
    db_url = f"sqlite:///{tmp_path / 'throughput.sqlite3'}"
    adapters = make_adapters(db_url, settings_path=tmp_path / "window.ini")
    window = MainWindow(QueueService(adapters.drafts.store), SyncJobRunner(), tmp_path / "window.ini", db_url, "amy")
    qtbot.addWidget(window)
    command = WizardCommand(adapters, window)
    command.install(window)
    window.show()
    window.start()
    submitted: list[int] = []

    count.at("drop the bill")
    count.drop(window, bill)
    [wizard] = command.wizards.values()
    wizard.order_submitted.connect(submitted.append)
    if closed is not None:
        wizard.finished.connect(closed.append)
    qtbot.waitExposed(wizard)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    assert wizard.step == 1 and wizard.ctx.order.account.name == "Foothills Family Dental"

    count.at("bill: confirm its date")
    count.key(Qt.Key.Key_Space)  # the focus waits on "I checked the bill"
    assert wizard.ctx.order.documents["bill"].date == "2026-11-03"
    count.key(Qt.Key.Key_Return)  # Next
    assert wizard.step == 2

    count.at("account: confirm")
    count.key(Qt.Key.Key_Return)  # every field came from the bill: Next
    assert wizard.step == 3

    count.at("numbers from the bill")
    count.key(Qt.Key.Key_U, ALT)  # Add the bill's 20 numbers
    qtbot.waitUntil(lambda: len(wizard.ctx.order.numbers) == 20)  # a mnemonic clicks after a flash
    count.key(Qt.Key.Key_F, ALT)  # the BTN leaves: full port
    qtbot.waitUntil(lambda: wizard.ctx.order.port_type == "full")
    count.key(Qt.Key.Key_Return)  # Next
    qtbot.waitUntil(lambda: wizard.step == 4)

    count.at("sign the LOA")
    loa = wizard.page(4)
    for stroke in SIGNATURE:
        count.drag(loa.pad, stroke)  # type: ignore[attr-defined]
    count.key(Qt.Key.Key_S, ALT)  # Sign the LOA
    qtbot.waitUntil(lambda: "loa" in wizard.ctx.order.documents)
    count.key(Qt.Key.Key_Return)  # Next
    assert wizard.step == 5

    count.at("date")
    count.key(Qt.Key.Key_Return)  # the earliest good date, shown as picked: Next
    assert wizard.step == 6

    count.at("agree and submit")
    for number in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4):
        count.key(number, ALT)
    qtbot.waitUntil(lambda: wizard.review_page.submit_button.isEnabled())
    count.key(Qt.Key.Key_U, ALT)  # Submit the order
    qtbot.waitUntil(lambda: bool(submitted), timeout=5000)
    return wizard, submitted[0]


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_twenty_number_order_goes_from_the_bill_to_submitted_in_at_most_30_input_events(
        qtbot: QtBot, tmp_path: Path) -> None:
    count = InputCounter()
    wizard, order_id = drive_bill_to_submit(qtbot, tmp_path, count)
    print("\n" + count.report())
    with wizard.ctx.adapters.drafts.store.unit_of_work(write=False) as repo:
        stored = repo.detail(order_id)
    assert stored.status is Status.QUEUED
    order = stored.order
    assert len(order.numbers) == 20 and order.port_type == "full"
    assert order.requested_date and order.documents["loa"].signed_by == "Anita Shah"
    assert order.account.service_address.extra["street_number"] == "8200"
    assert count.total <= BUDGET, count.report()
