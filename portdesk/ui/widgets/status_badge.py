"""Status badges: a coloured pill per neutral status, drawn by a delegate in the queue and as a label.

Colours group by meaning, so a coordinator scanning a tab sees what needs them: red needs a fix,
amber waits on the customer, blues are with the carrier, green is done, grey is parked or over.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from portdesk.domain.status import Status
from portdesk.ui.widgets import theme

# status → its pill's colours: "badge.<status>" (background) and "badge.<status>.text" in theme.py
_PAD_X, _PAD_Y, _MARGIN = 9, 2, 5


def badge_names(status: Status) -> tuple[str, str]:
    """The theme's names of a status's background and text colours (draft's for one it lacks)."""
    name = f"badge.{status.value}" if f"badge.{status.value}" in theme.COLOURS else "badge.draft"
    return name, f"{name}.text"


def badge_colours(status: Status) -> tuple[QColor, QColor]:
    bg, fg = badge_names(status)
    return theme.colour(bg), theme.colour(fg)


def _status_of(value: object) -> Status | None:
    try:
        return Status(str(value))
    except ValueError:
        return None


class StatusBadgeDelegate(QStyledItemDelegate):
    """Paints the status column as a pill; `status_role` holds the Status value of the row."""

    def __init__(self, status_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status_role = status_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        status = _status_of(index.data(self._status_role))
        if status is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the background and selection only; the pill is ours
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        bg, fg = badge_colours(status)
        font = opt.font
        font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
        font.setBold(True)
        metrics = QFontMetrics(font)
        room = opt.rect.width() - 2 * _MARGIN - 2 * _PAD_X
        text = metrics.elidedText(status.label, Qt.TextElideMode.ElideRight, max(room, 0))
        width = metrics.horizontalAdvance(text) + 2 * _PAD_X
        height = min(metrics.height() + 2 * _PAD_Y, opt.rect.height() - 4)
        pill = QRectF(opt.rect.x() + _MARGIN, opt.rect.center().y() - height / 2 + 0.5, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(fg)
        painter.setFont(font)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        status = _status_of(index.data(self._status_role))
        if status is None:
            return hint
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance(status.label) + 2 * (_PAD_X + _MARGIN) + 8
        return QSize(max(hint.width(), width), max(hint.height(), metrics.height() + 2 * _PAD_Y + 6))


class StatusBadge(QLabel):
    """The same pill as a label, for the detail pane's header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_status(None)

    def set_status(self, status: Status | None) -> None:
        if status is None:
            self.clear()
            self.setVisible(False)
            return
        bg, fg = (theme.hex_of(name) for name in badge_names(status))
        self.setText(status.label)
        self.setStyleSheet(
            f"QLabel {{ background: {bg}; color: {fg}; border-radius: 10px; padding: 2px 10px; font-weight: bold; }}"
        )
        self.setVisible(True)
