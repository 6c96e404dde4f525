"""The right side of the account step: the bill attached in step 2, in the viewer, beside the form.

The viewer holds its own copy of the order; this widget passes every edit over (so the per-field
status follows the typing) and passes fills from the bill back (so the form and the draft get them).
Without a bill, or without the PDF adapters, it names the file and says where to attach one.
"""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from portdesk.domain.documents import BillCheck
from portdesk.domain.order import PortOrder
from portdesk.services.bills import BillService
from portdesk.ui.viewer.window import BillViewerWindow
from portdesk.ui.wizard.context import WizardContext


class BillSide(QWidget):
    field_filled = Signal(str, str)  # field, value taken from the bill

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.viewer: BillViewerWindow | None = None
        self._shown: bytes | None = None
        self._checked_key: str | None = None  # the order as last held against the bill
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Bill")
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.label)
        self._layout.addStretch(1)

    def show_bill(self) -> None:
        """Show the bill attached in step 2 (again only when it changed)."""
        ctx = self.ctx
        ref = ctx.order.documents.get("bill")
        if ctx.bill_data is None or ref is None:
            self.label.setText("No bill attached yet. Attach it in step 2 to see it here, side by side.")
            return
        self.label.setText(f"Bill: <b>{ref.path}</b>")
        reader = ctx.adapters.reader
        if reader is None or ctx.bill_data is self._shown:
            return
        self._drop_viewer()
        service = BillService(reader, ctx.adapters.check_bill)
        # The viewer takes its own lane on the PDF pool: its release() cancels only its own jobs.
        viewer = BillViewerWindow(service, copy.deepcopy(ctx.order), ctx.bill_data, ctx.today,
                                  jobs=ctx.adapters.jobs, parent=self, compact=True)
        viewer.field_filled.connect(self._on_field_filled)
        viewer.check_updated.connect(self._on_check_updated)
        self._layout.insertWidget(1, viewer, 1)
        self._layout.setStretch(2, 0)  # the spacer that kept the label at the top gives the bill its height
        self.viewer = viewer
        self._shown = ctx.bill_data
        self._checked_key = _check_key(ctx.order)
        viewer.recheck()

    def order_changed(self) -> None:
        """The form changed the order: hold the new values against the bill (only when they changed:
        coming back to the step without an edit costs no PDF work)."""
        if self.viewer is None:
            return
        key = _check_key(self.ctx.order)
        if key == self._checked_key:
            return
        self._checked_key = key
        self.viewer.order = copy.deepcopy(self.ctx.order)
        self.viewer.recheck()

    def _on_field_filled(self, name: str, value: str) -> None:
        self.field_filled.emit(name, value)

    def _on_check_updated(self, check: BillCheck) -> None:
        self.ctx.bill_check = check

    def release(self) -> None:
        """The wizard closes: drop the viewer's pending PDF work and close its document."""
        self._drop_viewer()
        self._shown = None

    def _drop_viewer(self) -> None:
        if self.viewer is not None:
            self.viewer.release()
            self.viewer.setParent(None)
            self.viewer.deleteLater()
            self.viewer = None


def _check_key(order: PortOrder) -> str:
    """What the bill check depends on: the order without the wizard's own bookkeeping (the step it
    is on changes with every step change, and must not count as an edit)."""
    content = order.to_dict()
    content.pop("x_wizard", None)
    return json.dumps(content, sort_keys=True, default=str)
