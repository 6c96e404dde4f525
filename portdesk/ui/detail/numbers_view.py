"""The numbers on the order, each with the status the carrier reports for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from portdesk.domain.status import Status
from portdesk.services.queue import NumberState
from portdesk.ui.detail.fields_view import format_phone
from portdesk.ui.widgets import theme

# per-number statuses as carriers word them → a colour for the text
_NUMBER_COLOURS = {  # … as named in widgets/theme.py
    "ported": "number.done", "completed": "number.done", "active": "number.done",
    "foc": "number.foc", "scheduled": "number.foc", "foc_confirmed": "number.foc",
    "rejected": "number.failed", "exception": "number.failed", "not_portable": "number.failed",
    "cancelled": "number.cancelled",
}


# Before a carrier has the order its numbers have no status of their own (the store's placeholder is
# "pending", which a coordinator reads as "the carrier is working on it").
UNSENT = frozenset({Status.DRAFT, Status.AWAITING_DOCUMENTS, Status.QUEUED})
NOT_SENT_TEXT = "Not sent yet"
NOT_SENT_TIP = "No carrier has this order yet: each number gets its carrier's status once it is sent."


def status_text(status: str) -> str:
    return status.replace("_", " ").capitalize() if status else ""


class NumbersView(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Number", "E.164", "Status"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def show_numbers(self, numbers: list[NumberState], order_status: Status | None = None) -> None:
        unsent = order_status in UNSENT
        self.setRowCount(len(numbers))
        for row, number in enumerate(numbers):
            if unsent:
                status = QTableWidgetItem(NOT_SENT_TEXT)
                status.setToolTip(NOT_SENT_TIP)
                status.setForeground(self.palette().placeholderText())
            else:
                status = QTableWidgetItem(status_text(number.status))
                colour = _NUMBER_COLOURS.get(number.status.lower())
                if colour:
                    status.setForeground(theme.colour(colour))
            for col, item in enumerate((QTableWidgetItem(format_phone(number.e164)),
                                        QTableWidgetItem(number.e164), status)):
                self.setItem(row, col, item)

    def statuses(self) -> dict[str, str]:
        """E.164 → status text as shown (for tests and copy)."""
        out = {}
        for row in range(self.rowCount()):
            e164, status = self.item(row, 1), self.item(row, 2)
            if e164 is not None and status is not None:
                out[e164.text()] = status.text()
        return out
