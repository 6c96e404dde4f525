"""Rows arriving or leaving above the first visible row would slide the queue under the reader's eyes:
keep the rows on screen where they are (a coordinator reading row 300 stays on row 300's order).

At the very top the view stays at the top, so orders that just arrived are seen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView

AnyIndex = QModelIndex | QPersistentModelIndex


class ScrollKeeper(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._top = -1
        model = view.model()
        model.rowsAboutToBeInserted.connect(self._before)
        model.rowsAboutToBeRemoved.connect(self._before)
        model.rowsInserted.connect(self._inserted)
        model.rowsRemoved.connect(self._removed)

    def _before(self, _parent: AnyIndex, _first: int, _last: int) -> None:
        self._top = self._view.rowAt(0) if self._view.verticalScrollBar().value() > 0 else -1

    def _inserted(self, _parent: AnyIndex, first: int, last: int) -> None:
        if self._top >= 0 and first <= self._top:
            self._shift(last - first + 1)

    def _removed(self, _parent: AnyIndex, first: int, last: int) -> None:
        if self._top >= 0 and first < self._top:
            self._shift(-(min(last, self._top - 1) - first + 1))

    def _shift(self, rows: int) -> None:
        view = self._view
        step = 1 if view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem else (
            view.verticalHeader().defaultSectionSize())
        view.updateGeometries()  # the scroll bar's range must know the new rows before the value moves
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + rows * step)
