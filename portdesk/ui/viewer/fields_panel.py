"""The order's bill fields beside the bill: value, status icon, "take from bill", drop target.

Clicking a field's name or icon asks the viewer to show its place on the bill (`field_activated`).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from portdesk.domain.documents import FieldCheck
from portdesk.services.bills import FIELD_LABELS, TAKEABLE_FIELDS
from portdesk.ui.viewer.overlays import STATUS_COLORS
from portdesk.ui.widgets import theme

_GLYPHS = {"exact": "✓", "near": "≈", "missing": "✗", "unchecked": "?"}
STATUS_WORDS = {
    "exact": "On the bill exactly as typed",
    "near": "Close, but not exactly as on the bill",
    "missing": "Not found on the bill",
    "unchecked": "Not checked",
}


@cache
def status_pixmap(status: str, size: int = 18) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(STATUS_COLORS[status])
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.setPen(theme.colour("check.glyph"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(size - 6)
    painter.setFont(font)
    painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, _GLYPHS[status])
    painter.end()
    return pix


def describe(check: FieldCheck) -> str:
    """The tooltip: what the check found, in words a coordinator can act on."""
    lines = [STATUS_WORDS[check.status] + (f" (page {check.page})" if check.page else "") + "."]
    if check.status == "near":
        if check.found:
            lines.append(f"The bill has: “{check.found}”")
        lines.extend(f"• {d}" for d in check.differences)
    elif check.status == "missing" and check.differences:  # e.g. two digits swapped: said in words
        lines.extend(f"• {d}" for d in check.differences)
    elif check.status == "missing" and check.rects:
        closest = f": “{check.found}”" if check.found else ""
        lines.append(f"The closest text on the bill is outlined in red{closest}. Compare it by eye.")
    elif check.status == "unchecked" and not check.value:
        lines.append("Empty on the order: pick the words on the bill and press “Take”.")
    return "\n".join(lines)


class FieldEdit(QLineEdit):
    """A field editor that takes a drop from the bill as the whole new value."""

    text_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        text = event.mimeData().text()
        if text:
            event.acceptProposedAction()
            self.text_dropped.emit(text)


class FieldsPanel(QWidget):
    field_activated = Signal(str)  # show me where it is on the bill
    take_requested = Signal(str)  # copy the bill's selected words into this field
    text_dropped = Signal(str, str)  # field, the words dragged in from the bill
    field_edited = Signal(str, str)  # field, text typed by hand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setHorizontalSpacing(6)
        grid.setColumnStretch(2, 1)
        self.icons: dict[str, QToolButton] = {}
        self.names: dict[str, QToolButton] = {}
        self.editors: dict[str, FieldEdit] = {}
        self.take_buttons: dict[str, QPushButton] = {}
        self.checks: dict[str, FieldCheck] = {}
        for row, name in enumerate(TAKEABLE_FIELDS):
            icon = QToolButton(self)
            icon.setAutoRaise(True)
            icon.setIconSize(QSize(18, 18))
            label = QToolButton(self)
            label.setText(FIELD_LABELS[name])
            label.setAutoRaise(True)
            label.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            editor = FieldEdit(self)
            editor.setObjectName(name)
            take = QPushButton("Take", self)
            take.setToolTip("Copy the words selected on the bill into this field, exactly as printed")
            take.setEnabled(False)
            for button in (icon, label):
                button.clicked.connect(lambda _=False, n=name: self.field_activated.emit(n))
            take.clicked.connect(lambda _=False, n=name: self.take_requested.emit(n))
            editor.text_dropped.connect(lambda text, n=name: self.text_dropped.emit(n, text))
            editor.editingFinished.connect(lambda n=name: self._on_editing_finished(n))
            grid.addWidget(icon, row, 0)
            grid.addWidget(label, row, 1, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(editor, row, 2)
            grid.addWidget(take, row, 3)
            self.icons[name], self.names[name], self.editors[name] = icon, label, editor
            self.take_buttons[name] = take
        hint = QLabel("Click a field's name to find it on the bill. Click words on the bill "
                      "(shift-click or drag to extend), then press Take or drag them onto a field.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet(theme.style("muted"))  # readable grey (palette(mid) is too faint on white)
        grid.addWidget(hint, len(TAKEABLE_FIELDS), 0, 1, 4)
        grid.setRowStretch(len(TAKEABLE_FIELDS) + 1, 1)

    def set_checks(self, checks: list[FieldCheck], values: dict[str, str]) -> None:
        """Show each field's typed value and its status; fields the check did not cover are grey."""
        self.checks = {c.field: c for c in checks}
        for name in TAKEABLE_FIELDS:
            check = self.checks.get(name) or FieldCheck(name, values.get(name, ""), "unchecked")
            editor = self.editors[name]
            if not editor.hasFocus() and editor.text() != values.get(name, ""):
                editor.setText(values.get(name, ""))
            icon = self.icons[name]
            icon.setIcon(status_pixmap(check.status))
            icon.setProperty("status", check.status)
            tip = describe(check)
            for widget in (icon, self.names[name], editor):
                widget.setToolTip(tip)

    def status_of(self, name: str) -> str:
        return str(self.icons[name].property("status") or "unchecked")

    def set_selection_available(self, available: bool) -> None:
        for button in self.take_buttons.values():
            button.setEnabled(available)

    def set_value(self, name: str, text: str) -> None:
        self.editors[name].setText(text)

    def _on_editing_finished(self, name: str) -> None:
        editor = self.editors[name]
        if editor.isModified():
            editor.setModified(False)
            self.field_edited.emit(name, editor.text())
