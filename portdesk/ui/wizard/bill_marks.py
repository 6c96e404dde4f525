"""The small "from the bill" mark inside a field the bill intake filled: a blue dot when intake is sure, an
amber one when it is not (OCR text, or the mailing block where the bill prints no service location),
with a tooltip saying where on the bill it came from. The mark goes when the coordinator edits the field.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from portdesk.ui.widgets import theme

MARK_NAME = "from-bill-mark"
COLOURS = {"high": "bill.sure", "low": "bill.unsure"}  # names in widgets/theme.py


@cache
def mark_icon(confidence: str) -> QIcon:
    """A filled disc with a "B" (for Bill), drawn here so no image file ships with it."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.colour(COLOURS.get(confidence, COLOURS["low"])))
    painter.drawEllipse(QRectF(2, 2, 28, 28))
    painter.setPen(theme.colour("bill.glyph"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(19)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, 32, 32), Qt.AlignmentFlag.AlignCenter, "B" if confidence == "high" else "?")
    painter.end()
    return QIcon(pixmap)


def tip(confidence: str, page: int | None) -> str:
    where = f" (page {page})" if page else ""
    if confidence == "high":
        return f"From the bill{where}. Check it against the bill beside the form; edit it if it differs."
    return (f"From the bill{where}, but PortDesk is not sure: it may be the mailing address or an OCR "
            "reading. Check it carefully against the bill.")


def _edit_of(widget: QWidget) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QComboBox):
        return widget.lineEdit()
    return None


def set_mark(widget: QWidget, confidence: str | None, page: int | None = None) -> None:
    """Show (confidence "high" / "low") or remove (None) the mark in this field."""
    edit = _edit_of(widget)
    if edit is None:
        return
    for action in edit.actions():
        if action.objectName() == MARK_NAME:
            edit.removeAction(action)
            action.deleteLater()
    widget.setProperty("fromBill", confidence or "")
    if confidence is None:
        widget.setToolTip("")
        widget.setAccessibleDescription("")
        return
    text = tip(confidence, page)
    action = QAction(mark_icon(confidence), text, edit)
    action.setObjectName(MARK_NAME)
    action.setToolTip(text)
    edit.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
    widget.setToolTip(text)
    widget.setAccessibleDescription(text)


def mark_of(widget: QWidget) -> str | None:
    """ "high", "low" or None: the mark the field shows (tests and the review read it)."""
    value = widget.property("fromBill")
    return value or None
