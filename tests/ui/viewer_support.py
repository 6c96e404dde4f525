"""Shared by the viewer tests: real bills from demo/bill_story, an order with exact, near and missing
fields, and a viewer on the synchronous PDF runner (every job done before the call returns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from portdesk.app.pdf_adapters import check_bill_bytes
from portdesk.documents.render import PdfBillReader
from portdesk.domain.order import PortOrder
from portdesk.services.bills import BillService, Word
from portdesk.ui.jobs import JobRunner, SyncJobRunner
from portdesk.ui.viewer.overlays import map_rect
from portdesk.ui.viewer.window import BillViewerWindow

TODAY = dt.date(2026, 11, 22)


def bill_order(**account: Any) -> PortOrder:
    """The sample bill's customer, typed with one near field (no comma) and one missing field."""
    data: dict[str, Any] = {
        "format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {
            "name": "ABC Company Inc.", "number": "8812-5520-01", "btn": "+13035550100",
            "authorized_user": "John Smith",
            "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                                "state": "CO", "postal_code": "80202", "country": "US"},
        },
        "port_type": "full", "numbers": ["+13035550100", "+13035550199"], "requested_date": "2026-12-10",
    }
    data["account"].update(account)
    return PortOrder.from_dict(data)


def bill_service() -> BillService:
    return BillService(PdfBillReader(), check_bill_bytes)


def refuse_password(message: str) -> str | None:
    raise AssertionError(f"unexpected password prompt: {message}")


def make_viewer(qtbot: Any, data: bytes, order: PortOrder | None = None, runner: JobRunner | None = None,
                size: tuple[int, int] = (1300, 900),
                ask_password: Callable[[str], str | None] = refuse_password) -> BillViewerWindow:
    viewer = BillViewerWindow(bill_service(), order or bill_order(), data, TODAY, jobs=runner or SyncJobRunner(),
                              ask_password=ask_password)
    qtbot.addWidget(viewer)
    viewer.resize(*size)
    viewer.show()
    qtbot.waitExposed(viewer)
    viewer.activateWindow()  # shortcuts (Ctrl+F, Ctrl++) work while the focus is in the viewer
    qtbot.waitUntil(viewer.isActiveWindow)
    viewer.view.setFocus()
    return viewer


def words_on(viewer: BillViewerWindow, page: int, *texts: str) -> list[Word]:
    """The bill's words with these texts, in reading order (the first occurrence of the run)."""
    words = viewer.view.words_of(page)
    assert words is not None, f"page {page} words were never read"
    for start in range(len(words) - len(texts) + 1):
        run = words[start:start + len(texts)]
        if [w.text for w in run] == list(texts):
            return run
    raise AssertionError(f"{texts} not on page {page}: {[w.text for w in words][:60]}")


def point_of(viewer: BillViewerWindow, page: int, word: Word) -> QPoint:
    return viewer.view.word_position(page, word).toPoint()


def viewport_image(viewer: BillViewerWindow) -> QImage:
    return viewer.view.viewport().grab().toImage()


def edge_colors(viewer: BillViewerWindow, page: int, rect: tuple[float, float, float, float],
                pad: float = 2.0) -> set[str]:
    """Colours painted along the top edge of an overlay box (padded like overlays._pad)."""
    image = viewport_image(viewer)
    box = map_rect(rect, viewer.view.page_origin(page), viewer.view.zoom).adjusted(-pad, -pad, pad, pad)
    colors = set()
    for x in range(round(box.left()) + 1, round(box.right())):
        for y in (int(box.top()) - 1, int(box.top()), int(box.top()) + 1):
            if 0 <= x < image.width() and 0 <= y < image.height():
                colors.add(QColor(image.pixel(x, y)).name())
    return colors


def click(qtbot: Any, viewer: BillViewerWindow, pos: QPoint,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(viewer.view.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def centre(rect: tuple[float, float, float, float]) -> tuple[float, float]:
    return (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2


def viewport_point(viewer: BillViewerWindow, page: int, x: float, y: float) -> QPointF:
    origin = viewer.view.page_origin(page)
    return QPointF(origin.x() + x * viewer.view.zoom, origin.y() + y * viewer.view.zoom)
