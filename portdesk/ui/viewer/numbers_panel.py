"""Numbers that differ between the order and the bill; bill-only numbers can be added to the order."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.ui.widgets import theme


def display_number(e164: str) -> str:
    """+13035550100 → (303) 555-0100; anything else as given."""
    if e164.startswith("+1") and len(e164) == 12 and e164[1:].isdigit():
        d = e164[2:]
        return f"({d[:3]}) {d[3:6]}-{d[6:]}"
    return e164


class NumbersPanel(QWidget):
    numbers_added = Signal(list)  # E.164 numbers the coordinator added from the bill

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self._order_box = QGroupBox("On the order, not on the bill", self)
        self._order_rows = QVBoxLayout(self._order_box)
        self._bill_box = QGroupBox("On the bill, not on the order", self)
        self._bill_rows = QVBoxLayout(self._bill_box)
        self.add_all_button = QPushButton("Add all to order", self._bill_box)
        self.add_all_button.clicked.connect(self._on_add_all_clicked)
        outer.addWidget(self._order_box)
        outer.addWidget(self._bill_box)
        outer.addStretch(1)
        self.add_buttons: dict[str, QPushButton] = {}
        self._bill_only: list[str] = []
        self.set_numbers([], [])

    def set_numbers(self, on_order_not_on_bill: list[str], on_bill_not_on_order: list[str]) -> None:
        for layout in (self._order_rows, self._bill_rows):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget()
                if widget is not None and widget is not self.add_all_button:
                    widget.hide()  # deleteLater waits for the event loop; it must vanish now
                    widget.deleteLater()
        self.add_buttons.clear()
        self._bill_only = list(on_bill_not_on_order)
        if not on_order_not_on_bill:
            self._order_rows.addWidget(QLabel("None: every number on the order is on the bill.", self))
        for number in on_order_not_on_bill:
            label = QLabel(f"⚠ {display_number(number)}", self)
            label.setToolTip("This number is not printed on the bill: check it belongs to this account.")
            label.setStyleSheet(theme.style("error"))
            self._order_rows.addWidget(label)
        if not on_bill_not_on_order:
            self._bill_rows.addWidget(QLabel("None.", self))
        for number in on_bill_not_on_order:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(QLabel(display_number(number), row), 1)
            button = QPushButton("Add to order", row)
            button.clicked.connect(lambda _=False, n=number: self._add([n]))
            line.addWidget(button)
            self.add_buttons[number] = button
            self._bill_rows.addWidget(row)
        self.add_all_button.setVisible(len(on_bill_not_on_order) > 1)
        self._bill_rows.addWidget(self.add_all_button)

    def order_only_labels(self) -> list[str]:
        """What the "on the order, not on the bill" box shows, row by row."""
        rows = (self._order_rows.itemAt(i).widget() for i in range(self._order_rows.count()))
        return [w.text() for w in rows if isinstance(w, QLabel)]

    def _on_add_all_clicked(self) -> None:
        self._add([n for n, b in self.add_buttons.items() if b.isEnabled()])

    def _add(self, numbers: list[str]) -> None:
        if not numbers:
            return
        for number in numbers:
            button = self.add_buttons.get(number)
            if button is not None:
                button.setEnabled(False)
                button.setText("Added")
        self.numbers_added.emit(numbers)
