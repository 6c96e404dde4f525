"""Page thumbnails as a list model: a page's picture is asked for only when the list paints it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QPixmap

from portdesk.ui.widgets import theme

THUMB_WIDTH = 96

_Index = QModelIndex | QPersistentModelIndex


class ThumbnailModel(QAbstractListModel):
    def __init__(self, request: Callable[[int], None], parent: Any = None) -> None:
        super().__init__(parent)
        self._request = request  # ask for page N's thumbnail; set_thumbnail() answers
        self._sizes: list[tuple[float, float]] = []
        self._pixmaps: dict[int, QPixmap] = {}
        self._asked: set[int] = set()
        self._blank: dict[tuple[int, int], QPixmap] = {}

    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        self.beginResetModel()
        self._sizes = list(sizes)
        self._pixmaps.clear()
        self._asked.clear()
        self.endResetModel()

    def thumb_size(self, page: int) -> QSize:
        width, height = self._sizes[page]
        return QSize(THUMB_WIDTH, max(1, round(THUMB_WIDTH * height / width)))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._sizes)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sizes):
            return None
        page = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(page + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = self._pixmaps.get(page)
            if pixmap is None:
                if page not in self._asked:
                    self._asked.add(page)
                    self._request(page)
                return self._placeholder(self.thumb_size(page))
            return pixmap
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Page {page + 1}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _placeholder(self, size: QSize) -> QPixmap:
        key = (size.width(), size.height())
        if key not in self._blank:
            pix = QPixmap(size)
            pix.fill(theme.colour("paper"))
            self._blank[key] = pix
        return self._blank[key]

    def set_thumbnail(self, page: int, image: QImage) -> None:
        if not 0 <= page < len(self._sizes):
            return
        self._pixmaps[page] = QPixmap.fromImage(image)
        index = self.index(page)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def forget_request(self, page: int) -> None:
        """The thumbnail was not made (skipped or failed): ask again next time it is painted."""
        self._asked.discard(page)

    def has_thumbnail(self, page: int) -> bool:
        return page in self._pixmaps
