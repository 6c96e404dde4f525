"""The issue's "done when": in the real main window (app.build_window), a port is submitted from the
wizard, started from a bill PDF made in the test, with the in-process sandbox on 127.0.0.1 behind a
KAZOO connection; the sandbox's clock is moved on, the background sync runs, and the order is watched
in the queue: Progressing with its FOC date filled, then Completed, a notification raised for each.

The bill's account is the sandbox world's ACME account at Lumen, so the losing carrier accepts it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from portdesk.app.gui import build_window, open_connections, open_store
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.domain.status import Status, Tab
from portdesk.sandbox.server import Sandbox, SandboxServer
from portdesk.sandbox.world import parse_world
from portdesk.services.connections import new_connection
from portdesk.services.queue import QueueService
from portdesk.ui.queue.columns import COLUMNS
from tests.sandbox.conftest import ACME_NUMBERS, world_data
from tests.ui.sync_support import file_keyring  # noqa: F401 - fixture
from tests.ui.wizard_drive import POPUP_NOTES, SIGNATURE, drag

ALT = Qt.KeyboardModifier.AltModifier
FOC_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.title == "FOC date")
CARRIER_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.title == "Carrier")


class LiveSandbox:
    """The sandbox in this process at real time, its clock moved on by the test (`later`)."""

    def __init__(self) -> None:
        self.box = Sandbox(parse_world(world_data()), speed=1.0, rate_limit=0)
        self.server = SandboxServer(self.box, "127.0.0.1", 0, log=None)
        self.server.start()

    def later(self, days: float) -> None:
        self.box.clock.advance(dt.timedelta(days=days))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def live_sandbox() -> Iterator[LiveSandbox]:
    box = LiveSandbox()
    yield box
    box.close()


def recent_bill() -> BillContents:
    """The sample bill (ACME's account), dated last week: providers take bills up to 30 days old."""
    statement = dt.date.today() - dt.timedelta(days=7)
    return BillContents(statement_date=statement, due_date=statement + dt.timedelta(days=25),
                        service_period=(statement - dt.timedelta(days=33), statement - dt.timedelta(days=3)),
                        previous_statement_date=statement - dt.timedelta(days=30))


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "no widget has the keyboard focus: the key would be lost"
    qtbot.keyClick(focus, k, modifier)


def submit_from_the_bill(qtbot: QtBot, window: Any, bill: Path) -> int:
    """File ▸ New port from bill, then the keys a coordinator presses up to Submit; the order id."""
    wizard = window.wizard_command.open_from_bill(bill)
    submitted: list[int] = []
    wizard.order_submitted.connect(submitted.append)
    qtbot.waitExposed(wizard)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.step == 1 and wizard.ctx.order.account.name == "ABC Company, Inc.", timeout=10_000)
    key(qtbot, Qt.Key.Key_Space)  # I checked the bill's date
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.step == 2
    pin = wizard.page(2).pin
    qtbot.mouseClick(pin, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pin, "4321")  # the port-out PIN the customer gave (no bill prints it)
    key(qtbot, Qt.Key.Key_Return)  # the rest of the account as the bill has it
    assert wizard.step == 3
    key(qtbot, Qt.Key.Key_U, ALT)  # the bill's numbers
    qtbot.waitUntil(lambda: len(wizard.ctx.order.numbers) == 3)
    key(qtbot, Qt.Key.Key_F, ALT)  # the BTN leaves too: a full port
    qtbot.waitUntil(lambda: wizard.ctx.order.port_type == "full")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.step == 4)
    loa = wizard.page(4)
    for stroke in SIGNATURE:
        drag(loa.pad, stroke)
    key(qtbot, Qt.Key.Key_S, ALT)  # sign the LOA
    qtbot.waitUntil(lambda: "loa" in wizard.ctx.order.documents, timeout=10_000)
    key(qtbot, Qt.Key.Key_Return)
    assert wizard.step == 5
    key(qtbot, Qt.Key.Key_Return)  # the earliest good date
    assert wizard.step == 6
    for agreement in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4):
        key(qtbot, agreement, ALT)
    boxes = list(wizard.review_page.agreement_boxes.values())
    qtbot.waitUntil(lambda: all(box.isChecked() for box in boxes))  # a mnemonic clicks after a flash
    errors = [f"{f.field}: {f.message}" for f in wizard.ctx.findings() if f.is_error]
    assert not errors, errors
    qtbot.waitUntil(wizard.review_page.submit_button.isEnabled)
    key(qtbot, Qt.Key.Key_U, ALT)  # Submit
    qtbot.waitUntil(lambda: bool(submitted), timeout=5000)
    assert wizard.ctx.order.numbers == ACME_NUMBERS
    return submitted[0]


def foc_shown(window: Any, order_id: int) -> str | None:
    """The FOC date cell of the order's row in the Progressing tab, or None while the row is not there."""
    model = window.tabs.model(Tab.PROGRESSING)
    row = model.row_of(order_id)
    if row < 0:
        return None
    return str(model.data(model.index(row, FOC_COLUMN)) or "")


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_an_order_submitted_from_the_wizard_reaches_foc_then_completed_in_the_queue_with_notifications(
        qtbot: QtBot, tmp_path: Path, live_sandbox: LiveSandbox, file_keyring: Path) -> None:  # noqa: F811
    store, _ = open_store(None)
    open_connections(store).add_sandbox(new_connection("kz", "kazoo", f"{live_sandbox.server.base_url}/kazoo/v2"))
    store.engine.dispose()
    bill = tmp_path / "abc-lumen-2026-11.pdf"
    bill.write_bytes(build_bill_pdf(recent_bill()))  # ABC Company at Lumen: the sandbox world's account

    built = build_window(db_url=None)
    assert not isinstance(built, int)
    window, runner = built
    window.resize(1400, 900)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: getattr(window, "sync_controller", None) is not None, timeout=10_000)
    controller = window.sync_controller
    raised: list[tuple[str, str, int]] = []
    controller.notifier.raised.connect(lambda *args: raised.append(args))
    try:
        order_id = submit_from_the_bill(qtbot, window, bill)
        queue = QueueService(open_store(None)[0])  # read beside the window, as the CLI would

        def cycle_until(status: Status) -> bool:  # F5, as often as a cycle ends, until the carrier says so
            if not controller.busy():
                controller.sync_now()
            return queue.detail(order_id).status is status

        qtbot.waitUntil(lambda: cycle_until(Status.SUBMITTED) or queue.detail(order_id).status is Status.PENDING,
                        timeout=8000)  # sent to the sandbox by the background sync
        live_sandbox.later(1)  # the losing carrier reviews it and answers with a FOC date
        qtbot.waitUntil(lambda: cycle_until(Status.FOC_CONFIRMED), timeout=8000)
        foc = queue.detail(order_id).foc_date
        assert foc is not None
        qtbot.waitUntil(lambda: bool(foc_shown(window, order_id)), timeout=5000)  # the live row, no reload
        assert foc.strftime("%d") in str(foc_shown(window, order_id))
        progressing = window.tabs.model(Tab.PROGRESSING)
        carrier = progressing.data(progressing.index(progressing.row_of(order_id), CARRIER_COLUMN))
        assert str(carrier).startswith("kz · ")  # the connection and the carrier's order id
        qtbot.waitUntil(lambda: any(t == "FOC confirmed" and i == order_id for t, _, i in raised), timeout=5000)

        live_sandbox.later((foc - live_sandbox.box.clock.now().date()).days + 1)  # the port day has passed
        qtbot.waitUntil(lambda: cycle_until(Status.COMPLETED), timeout=8000)
        completed = window.tabs.model(Tab.COMPLETED)
        qtbot.waitUntil(lambda: completed.row_of(order_id) >= 0, timeout=5000)  # moved to the Completed tab
        assert foc_shown(window, order_id) is None  # and out of Progressing
        qtbot.waitUntil(lambda: any(t == "Port completed" and i == order_id for t, _, i in raised), timeout=5000)
        assert [t for t, _, i in raised if i == order_id] == ["FOC confirmed", "Port completed"]
    finally:
        controller.stop()
        qtbot.waitUntil(lambda: not controller.busy(), timeout=20_000)
        window.close()
        runner.wait()
