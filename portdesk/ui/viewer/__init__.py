"""The side-by-side bill viewer. Embed `BillViewerWindow`, or call `open_bill_viewer` for a window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from portdesk.domain.order import PortOrder
from portdesk.services.bills import BillService
from portdesk.ui.viewer.window import BillViewerWindow

__all__ = ["BillViewerWindow", "open_bill_viewer"]


def open_bill_viewer(bill_service: BillService, order: PortOrder, bill_bytes: bytes,
                     today: dt.date | None = None, parent: QWidget | None = None) -> BillViewerWindow:
    """Open the viewer as its own window (deleted when closed); connect its signals to keep the order."""
    window = BillViewerWindow(bill_service, order, bill_bytes, today or dt.date.today(), parent=parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.resize(1400, 900)
    window.show()
    return window
