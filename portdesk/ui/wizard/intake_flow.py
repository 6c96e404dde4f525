"""Starting a port from a bill: attach it in step 2, read the account off it on the PDF thread, fill the
form with the proposals. A bill attached by hand to an order whose account is still empty gets an offer
("Fill the account from this bill") instead of a silent fill.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt

from portdesk.domain.bill_intake import BillIntake
from portdesk.domain.order import PortOrder
from portdesk.ui.wizard.base import ERROR_STYLE, OK_STYLE
from portdesk.ui.wizard.bill_page import BillPage
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.intake import apply_intake

log = logging.getLogger(__name__)


def account_is_empty(order: PortOrder) -> bool:
    acc = order.account
    address = acc.service_address
    return not any((order.losing_carrier, acc.name, acc.number, acc.btn, acc.authorized_user, address.line1,
                    address.city, address.postal_code))


class IntakeFlow(QObject):
    def __init__(self, ctx: WizardContext, bill_page: BillPage, on_filled: Callable[[list[str]], None]) -> None:
        super().__init__(bill_page)
        self.ctx, self.page, self._on_filled = ctx, bill_page, on_filled
        self._auto = False
        self._started: float | None = None
        self.elapsed_ms: float | None = None  # from start() to the form filled (the benchmark reads it)
        self.reading = False
        bill_page.bill_attached.connect(self._on_bill_attached)
        bill_page.fill_button.clicked.connect(self.read)

    def start(self, path: Path) -> None:
        """A port from this bill: attach it, then read the account off it without asking."""
        self._auto = True
        self._started = time.perf_counter()
        self.page.attach_file(path)

    def _on_bill_attached(self) -> None:
        if self.ctx.adapters.read_intake is None:
            return
        if self._auto:
            self._auto = False
            self.read()
            return
        self.page.intake_label.hide()
        self.page.fill_button.setVisible(account_is_empty(self.ctx.order))

    def read(self) -> None:
        reader, data = self.ctx.adapters.read_intake, self.ctx.bill_data
        if reader is None or data is None:
            return
        if self._started is None:
            self._started = time.perf_counter()
        self.page.fill_button.hide()
        self._say("Reading the account off the bill…", "")
        self.reading = True
        self.ctx.pdf.submit(lambda: reader(data), lambda intake: self._on_read(data, intake),
                                     self._on_failed)

    def _on_read(self, data: bytes, intake: BillIntake) -> None:
        self.reading = False
        if self.ctx.bill_data is not data:
            return  # another bill was attached while this one was read: its own reading follows
        filled = apply_intake(self.ctx, intake)
        if self._started is not None:
            self.elapsed_ms = (time.perf_counter() - self._started) * 1000
            self._started = None
            log.info("bill intake filled %d fields in %.0f ms", len(filled), self.elapsed_ms)
        numbers = len(intake.numbers)
        if filled:
            low = sum(1 for f in filled if self.ctx.state["from_bill"][f]["confidence"] != "high")
            unsure = f" ({low} not sure)" if low else ""
            offer = f" and {numbers} number{'s' if numbers != 1 else ''} to offer in step 4" if numbers else ""
            self._say(f"Read {len(filled)} account fields off the bill{unsure}{offer}. Confirm the date above, "
                      "then check each field in step 3: nothing is confirmed until you do.", OK_STYLE)
        else:
            self._say("PortDesk could not read the account off this bill (a scan without text?). Type it in "
                      "step 3, with the bill beside the form.", ERROR_STYLE)
        self._on_filled(filled)
        if self.page.isVisible() and self.page.date_box.isVisible():
            self.page.confirm_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_failed(self, message: str) -> None:
        self.reading = False
        self._started = None
        text = message if len(message) <= 80 else message[:79] + "…"
        self._say(f"Could not read the account off the bill ({text}). Type it in step 3.", ERROR_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.page.intake_label.setText(text)
        self.page.intake_label.setStyleSheet(style)
        self.page.intake_label.show()
