"""The order at the carrier: where it went, its status in PortDesk's words and the provider's raw one, the
FOC date, when a sync last read it, and each part when the provider split the order (Telnyx)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.status import Status
from portdesk.services.ports import OrderDetail
from portdesk.ui.queue.columns import format_day, format_time

if TYPE_CHECKING:  # the order actions come after the first paint (app.py)
    from portdesk.services.order_actions import CarrierInfo

EMPTY = "—"


def raw_statuses(info: CarrierInfo | None) -> str:
    if info is None or info.submission is None:
        return ""
    return ", ".join(dict.fromkeys(p.status for p in info.submission.carrier_orders if p.status))


def carrier_summary(detail: OrderDetail, info: CarrierInfo | None) -> str:
    """One line under the title: where the order is and what the carrier says, in words and raw."""
    sub = info.submission if info is not None else None
    if sub is None:
        return "Not sent to a carrier yet" if detail.status in (Status.DRAFT, Status.AWAITING_DOCUMENTS) else ""
    where = sub.connection or ("the provider's console" if sub.type == "manual" else "no connection yet")
    text = f"At {where}: {detail.status.label}"
    raw = raw_statuses(info)
    if raw:
        text += f" (the carrier says “{raw}”)"
    if detail.foc_date:
        text += f" · FOC {format_day(detail.foc_date)}"
    if sub.last_synced_at:
        text += f" · last synced {format_time(sub.last_synced_at)}"
    elif sub.connection:
        text += " · not synced yet"
    return text


def _time(value: dt.datetime | None) -> str:
    return format_time(value) if value else EMPTY


class CarrierView(QScrollArea):
    """In a scroll area, so its form never sets the pane's (and the window's) minimum height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, caption in (("connection", "Connection"), ("status", "Status"), ("raw", "The carrier says"),
                             ("foc", "FOC date"), ("sent", "Sent"), ("synced", "Last synced"),
                             ("key", "PortDesk's reference")):
            label = QLabel(EMPTY)
            label.setObjectName(f"carrier-{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self._labels[key] = label
            form.addRow(caption, label)
        self.parts = QTableWidget(0, 3, body)
        self.parts.setObjectName("carrier-parts")
        self.parts.setHorizontalHeaderLabels(["Carrier's order id", "Carrier's status", "Numbers"])
        self.parts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parts.verticalHeader().setVisible(False)
        self.parts.setShowGrid(False)
        header = self.parts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._parts_title = QLabel()
        self._empty = QLabel("This order has not been sent to a carrier. Submit it from the wizard; it is sent "
                             "through the connection that serves its provider.")
        self._empty.setWordWrap(True)
        self.parts.setMinimumHeight(self.parts.fontMetrics().height() * 5)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._empty)
        layout.addLayout(form)
        layout.addWidget(self._parts_title)
        layout.addWidget(self.parts, 1)
        self.setWidget(body)

    def field_text(self, key: str) -> str:
        return self._labels[key].text()

    def part_rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.parts.item(r, c).text() for c in range(3))  # type: ignore[misc, union-attr]
                for r in range(self.parts.rowCount())]

    def show_carrier(self, detail: OrderDetail | None, info: CarrierInfo | None) -> None:
        sub = info.submission if info is not None else None
        self._empty.setVisible(sub is None)
        if detail is None or sub is None:
            for label in self._labels.values():
                label.setText(EMPTY)
            self.parts.setRowCount(0)
            self._parts_title.setText("")
            return
        values = {
            "connection": sub.connection or ("sent through the provider's console" if sub.type == "manual"
                                             else "waiting for a connection that serves this provider"),
            "status": detail.status.label, "raw": raw_statuses(info) or EMPTY,
            "foc": format_day(detail.foc_date) or "not confirmed yet", "sent": _time(sub.sent_at),
            "synced": _time(sub.last_synced_at), "key": sub.key,
        }
        for key, value in values.items():
            self._labels[key].setText(value)
        parts = sub.carrier_orders
        self._parts_title.setText(f"The carrier split this order into {len(parts)} orders:" if len(parts) > 1
                                  else "The carrier's order:" if parts else "")
        self.parts.setRowCount(len(parts))
        for row, part in enumerate(parts):
            numbers = ", ".join(part.numbers) if part.numbers else EMPTY
            for col, text in enumerate((part.id, part.status or EMPTY, numbers)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.parts.setItem(row, col, item)
        self.parts.setVisible(bool(parts))
