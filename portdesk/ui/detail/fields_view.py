"""The order's fields, read-only and selectable, exactly as typed (carriers reject on one comma).

The PIN is masked until the coordinator asks to see it, and masked again for the next order.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.services.queue import OrderDetail
from portdesk.ui.queue.columns import format_day, provider_name

PIN_MASK = "••••••"
EMPTY = "—"


def format_phone(number: str | None) -> str:
    """+13035550100 → (303) 555-0100; anything else as typed."""
    if not number:
        return ""
    if len(number) == 12 and number.startswith("+1") and number[1:].isdigit():
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number


def _value_label() -> QLabel:
    label = QLabel(EMPTY)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _caption(text: str, value: QLabel) -> QLabel:
    caption = QLabel(text)
    caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    caption.setBuddy(value)  # screen readers name the value by its caption
    return caption


class OrderFieldsView(QScrollArea):
    FIELDS: ClassVar[dict[str, list[tuple[str, str]]]] = {
        "Port": [("name", "Order name"), ("kind", "Kind"), ("port_type", "Port type"),
                 ("losing_carrier", "Losing carrier"), ("provider", "Gaining provider"),
                 ("requested", "Requested"), ("foc", "FOC date"), ("new_btn", "New BTN")],
        "Account (as on the bill)": [("account.name", "Account name"), ("account.number", "Account number"),
                                     ("account.pin", "PIN / passcode"), ("account.btn", "BTN"),
                                     ("account.authorized_user", "Authorized user")],
        "Service address": [("address.line1", "Line 1"), ("address.line2", "Line 2"),
                            ("address.city_line", "City, state ZIP"), ("address.country", "Country")],
        "Contacts": [("contacts", "Contacts")],
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self._labels: dict[str, QLabel] = {}
        self._pin: str | None = None
        self._pin_button = QToolButton()
        self._pin_button.setText("Show")
        self._pin_button.setCheckable(True)
        self._pin_button.setToolTip("Show the PIN (it is masked again for the next order)")
        self._pin_button.toggled.connect(self._on_pin_toggled)
        for i, (title, fields) in enumerate(self.FIELDS.items()):
            box = QGroupBox(title)
            # A grid, not a QFormLayout: when new words move the border between the two columns, a form
            # keeps its rows' heights for the old width and a wrapped value (a long order name) shows only
            # its first line; a grid measures wrapped labels at the width they get.
            form = QGridLayout(box)
            form.setColumnStretch(1, 1)
            for row, (key, caption) in enumerate(fields):
                label = _value_label()
                label.setObjectName(f"field-{key}")
                self._labels[key] = label
                form.addWidget(_caption(caption, label), row, 0)
                if key == "account.pin":
                    pin_row = QHBoxLayout()
                    pin_row.addWidget(label, 1)
                    pin_row.addWidget(self._pin_button)
                    form.addLayout(pin_row, row, 1)
                else:
                    form.addWidget(label, row, 1)
            (left if i % 2 == 0 else right).addWidget(box)
        left.addStretch(1)
        right.addStretch(1)
        self.setWidget(body)

    # -- public ------------------------------------------------------------------------------
    def field_text(self, key: str) -> str:
        return self._labels[key].text()

    def set_pin_visible(self, visible: bool) -> None:
        self._pin_button.setChecked(visible)

    def show_detail(self, detail: OrderDetail | None) -> None:
        self._pin_button.setChecked(False)
        if detail is None:
            for label in self._labels.values():
                label.setText(EMPTY)
            self._pin = None
            self._pin_button.setEnabled(False)
            return
        order, account, address = detail.order, detail.order.account, detail.order.account.service_address
        when = order.requested_date or ""
        if order.requested_time:
            when += f" {order.requested_time} ({order.timezone})"
        city = ", ".join(p for p in (address.city, " ".join(x for x in (address.state, address.postal_code) if x))
                         if p)
        contacts = "\n".join(
            " · ".join(x for x in (c.name, c.email, format_phone(c.phone)) if x) for c in order.contacts
        )
        values = {
            "name": order.name, "kind": {"local": "Local", "toll_free": "Toll-free"}.get(order.kind or "", order.kind),
            "port_type": {"full": "Full port", "partial": "Partial port"}.get(order.port_type or "", "Undecided"),
            "losing_carrier": order.losing_carrier, "provider": provider_name(order.profile),
            "requested": when, "foc": format_day(detail.foc_date) or "not yet confirmed",
            "new_btn": format_phone(order.new_btn),
            "account.name": account.name, "account.number": account.number,
            "account.btn": format_phone(account.btn), "account.authorized_user": account.authorized_user,
            "address.line1": address.line1, "address.line2": address.line2, "address.city_line": city,
            "address.country": address.country, "contacts": contacts,
        }
        for key, value in values.items():
            self._labels[key].setText(value or EMPTY)
        self._pin = account.pin
        self._pin_button.setEnabled(bool(account.pin))
        self._show_pin(False)

    # -- slots -------------------------------------------------------------------------------
    def _on_pin_toggled(self, checked: bool) -> None:
        self._show_pin(checked)

    def _show_pin(self, visible: bool) -> None:
        label = self._labels["account.pin"]
        if not self._pin:
            label.setText(EMPTY)
            return
        label.setText(self._pin if visible else PIN_MASK)
        self._pin_button.setText("Hide" if visible else "Show")
