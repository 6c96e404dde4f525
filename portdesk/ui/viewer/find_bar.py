"""Find on the bill (Ctrl+F): type, Enter for the next hit, Shift+Enter for the previous, Esc to close."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    search_requested = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find on the bill")
        self.edit.setClearButtonEnabled(True)
        self.previous_button = QToolButton(self, text="▲", toolTip="Previous hit (Shift+Enter)")
        self.next_button = QToolButton(self, text="▼", toolTip="Next hit (Enter)")
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        close = QToolButton(self, text="✕", toolTip="Close (Esc)", autoRaise=True)
        for widget in (self.edit, self.previous_button, self.next_button, self.count_label, close):
            row.addWidget(widget)
        # Wait for a pause in typing, so a long bill is not searched once per keystroke.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.edit.textEdited.connect(lambda _t: self._debounce.start())
        self.edit.returnPressed.connect(self._on_return_pressed)
        self.next_button.clicked.connect(self.next_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        close.clicked.connect(self.close_bar)
        self._searched = ""

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_status(self, current: int, total: int, searching: bool = False) -> None:
        if searching:
            self.count_label.setText("Searching…")
        elif not self.edit.text().strip():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{current + 1} of {total}")

    def _on_debounce_timeout(self) -> None:
        self._searched = self.edit.text()
        self.search_requested.emit(self._searched)

    def _on_return_pressed(self) -> None:
        if self.edit.text() != self._searched:
            self._debounce.stop()
            self._on_debounce_timeout()
        elif QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.previous_requested.emit()
        else:
            self.next_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # The line edit passes Enter on after finding; in a dialog (the wizard) the default button
            # would take it next and press Next. Enter here means "find", nothing else.
            event.accept()
            return
        super().keyPressEvent(event)
