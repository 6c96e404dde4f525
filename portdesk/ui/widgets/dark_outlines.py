"""Fusion with visible edges on check boxes and radio buttons under PortDesk's dark palette.

Fusion draws an indicator's edge in the window colour made darker, which on a dark window is all but
black on dark grey (about 1.1:1): an unticked agreement box on the review step could not be seen. This
style draws the edge again in the palette's placeholder-text colour (over 5:1 on the dark window); in
light it changes nothing. Colours come from the palette (theme.py sets it), none is written here.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

_INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)


class OutlinedFusion(QProxyStyle):
    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("fusion")  # what the app's style is called (tests and settings ask for it)

    def name(self) -> str:
        return "fusion"

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _INDICATORS or option.palette.color(QPalette.ColorRole.Window).lightness() >= 128:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, element != _INDICATORS[0])
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        else:  # on the pixels' centres: a sharp ring, not a blur half as bright
            painter.drawEllipse(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.restore()
