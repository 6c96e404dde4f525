"""A signature pad: draw with the mouse, a pen or a finger; the strokes become a transparent PNG.

Pen tablets send tablet events first and synthesize mouse events when those are not accepted, so
the mouse handlers serve both. Strokes are kept as point lists (not pixels), so the PNG is drawn
at a higher resolution than the pad and cropped to the ink: it prints crisply in the LOA's box.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from portdesk.ui.widgets import theme

INK = theme.colour("ink")
EXPORT_SCALE = 3  # pixels in the PNG per pad pixel


class SignaturePad(QWidget):
    changed = Signal()  # a stroke was drawn or the pad was cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self.setMinimumSize(QSize(360, 120))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(140)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setAccessibleName("Signature pad")
        self.setAccessibleDescription("Draw the signature with the mouse or a pen; press Clear to start again")
        self.setToolTip("Sign here with the mouse or a pen")

    # -- API -------------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    def stroke_count(self) -> int:
        return sum(1 for s in self._strokes if len(s) > 1)

    def to_png(self) -> bytes:
        """The ink on a transparent background, cropped with a small margin; b"" when empty."""
        if self.is_empty():
            return b""
        bounds = self._path().boundingRect().adjusted(-6, -6, 6, 6)
        size = QSize(max(1, int(bounds.width() * EXPORT_SCALE)), max(1, int(bounds.height() * EXPORT_SCALE)))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(EXPORT_SCALE, EXPORT_SCALE)
        painter.translate(-bounds.topLeft())
        painter.setPen(self._pen())
        painter.drawPath(self._path())
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    # -- drawing ----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._strokes.append([event.position()])
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._strokes:
            self._strokes[-1].append(event.position())
            self.update()
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._strokes:
            self._strokes[-1].append(event.position())
            self.update()
            self.changed.emit()
            event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.colour("signature.paper"))
        painter.setPen(QPen(theme.colour("signature.guide"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 30
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.drawText(QRectF(16, baseline + 4, self.width() - 32, 20), "✕  sign above the line")
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.setPen(self._pen())
        painter.drawPath(self._path())
        painter.end()

    def _path(self) -> QPainterPath:
        path = QPainterPath()
        for stroke in self._strokes:
            if not stroke:
                continue
            path.moveTo(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
        return path

    @staticmethod
    def _pen() -> QPen:
        return QPen(INK, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
