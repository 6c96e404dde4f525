"""What the viewer draws on top of a page image: field checks, find hits, the word selection, a flash.

Everything is held in PDF points (top-left origin) and mapped to the page's on-screen rectangle at
paint time, so overlays stay put through zoom and never touch the PDF itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from portdesk.domain.documents import FieldCheck
from portdesk.services.bills import Rect, SearchHit, Word
from portdesk.ui.widgets import theme

# drawn on the bill's white page: the same in both schemes (widgets/theme.py)
STATUS_COLORS = {status: theme.colour(f"check.{status}") for status in ("exact", "near", "missing", "unchecked")}
HIT_COLOR = theme.colour("find.hit")
CURRENT_HIT_COLOR = theme.colour("find.current")
SELECTION_COLOR = theme.colour("selection")


@dataclass(frozen=True)
class FieldMark:
    """One field's place on the bill, as drawn."""

    field: str
    status: str
    page: int  # 0-based
    rects: tuple[Rect, ...]


def field_marks(checks: Iterable[FieldCheck]) -> list[FieldMark]:
    """Exact and near get a fill; missing gets an outline only if the check offered a candidate."""
    marks = []
    for check in checks:
        if check.page is None or not check.rects or check.status == "unchecked":
            continue
        marks.append(FieldMark(check.field, check.status, check.page - 1, tuple(check.rects)))
    return marks


def map_rect(rect: Rect, origin: QPointF, zoom: float) -> QRectF:
    x0, y0, x1, y1 = rect
    return QRectF(origin.x() + x0 * zoom, origin.y() + y0 * zoom, (x1 - x0) * zoom, (y1 - y0) * zoom)


def _pad(rect: QRectF, by: float = 2.0) -> QRectF:
    return rect.adjusted(-by, -by, by, by)


def paint_marks(painter: QPainter, marks: Sequence[FieldMark], page: int, origin: QPointF,
                zoom: float) -> None:
    for mark in marks:
        if mark.page != page:
            continue
        color = STATUS_COLORS[mark.status]
        for rect in mark.rects:
            box = _pad(map_rect(rect, origin, zoom))
            if mark.status == "missing":  # a candidate, not a match: outline only
                painter.setPen(QPen(color, 2.0, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                fill = QColor(color)
                fill.setAlpha(80)
                painter.setPen(QPen(color, 1.0))
                painter.setBrush(fill)
            painter.drawRect(box)


def paint_hits(painter: QPainter, hits: Sequence[SearchHit], current: int, page: int,
               origin: QPointF, zoom: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for index, hit in enumerate(hits):
        if hit.page != page:
            continue
        painter.setBrush(CURRENT_HIT_COLOR if index == current else HIT_COLOR)
        painter.drawRect(map_rect(hit.rect, origin, zoom))


def paint_selection(painter: QPainter, words: Sequence[Word], origin: QPointF, zoom: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SELECTION_COLOR)
    for word in words:
        painter.drawRect(map_rect(word.rect, origin, zoom))


def paint_flash(painter: QPainter, rects: Sequence[Rect], origin: QPointF, zoom: float,
                strength: float) -> None:
    """A thick blue ring that fades out: 'it is here'."""
    color = theme.colour("flash")
    color.setAlphaF(max(0.0, min(1.0, strength)))
    painter.setPen(QPen(color, 4.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for rect in rects:
        painter.drawRect(_pad(map_rect(rect, origin, zoom), 6.0))
