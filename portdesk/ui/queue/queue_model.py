"""One queue tab as a lazy table model over the service's keyset pages.

The model holds only the rows fetched so far; the view asks for more (canFetchMore/fetchMore) as
the user scrolls, one page (~200 rows) at a time, fetched on the task runner so the GUI thread
never waits on the database. A changed order is refreshed in place (dataChanged), never by a reset.
Every reload bumps a generation number so a late page of an old search or sort is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from portdesk.domain.status import Tab
from portdesk.services.queue import PageCursor, QueueRow, QueueService
from portdesk.ui.jobs import JobRunner
from portdesk.ui.queue.columns import COLUMNS, DEFAULT_SORT_COLUMN

log = logging.getLogger(__name__)

ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
PAGE_SIZE = 200

AnyIndex = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    page_loaded = Signal(int)  # rows now loaded
    load_failed = Signal(object)  # the exception (the window shows it)

    def __init__(self, queue: QueueService, tab: Tab, jobs: JobRunner, page_size: int = PAGE_SIZE,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._queue, self._tab, self._page_size = queue, tab, page_size
        self._runner = jobs.lane("db")
        self._rows: list[QueueRow] = []
        self._ids: set[int] = set()  # ids of _rows, kept in step with it (a page checks against it)
        self._cursor: PageCursor | None = None
        self._more = True
        self._loading = False
        self._generation = 0
        self._search: str | None = None
        self._sort = COLUMNS[DEFAULT_SORT_COLUMN].sort_key
        self._descending = True

    # -- public ------------------------------------------------------------------------------
    @property
    def tab(self) -> Tab:
        return self._tab

    @property
    def search(self) -> str | None:
        return self._search

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def is_loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> QueueRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, order_id: int) -> int:
        """The row showing `order_id`, or -1 when it is not loaded."""
        if order_id not in self._ids:
            return -1
        return next((i for i, r in enumerate(self._rows) if r.id == order_id), -1)

    def set_search(self, text: str | None) -> None:
        text = (text or "").strip() or None
        if text != self._search:
            self._search = text
            self.reload()

    def reload(self) -> None:
        """Start again from the first page (a new search or sort, or after an import)."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._ids = set()
        self._cursor = None
        self._more = True
        self._loading = False
        self.endResetModel()
        self._request_page()

    def refresh_orders(self, order_ids: Sequence[int]) -> None:
        """Re-read these orders: changed rows update in place, rows that left this tab go away."""
        ids = list(dict.fromkeys(order_ids))
        if not ids:
            return
        generation = self._generation
        self._runner.submit(lambda: self._queue.rows(ids),
                            lambda rows: self._on_rows_refreshed(generation, ids, rows),
                            lambda exc: self._on_load_failed(generation, exc))

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == ORDER_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status.value
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Sort by {COLUMNS[section].title.lower()}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._request_page()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the database's job: a new sort starts again from the first page."""
        self.set_sort(column, order)

    def set_sort(self, column: int, order: Qt.SortOrder, reload: bool = True) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._sort, self._descending):
            self._sort, self._descending = key, descending
            if reload:
                self.reload()

    # -- loading -----------------------------------------------------------------------------
    def _request_page(self) -> None:
        if self._loading or not self._more:
            return
        self._loading = True
        generation = self._generation
        tab, search, sort, desc, after, limit = (self._tab, self._search, self._sort, self._descending,
                                                 self._cursor, self._page_size)
        self._runner.submit(
            lambda: self._queue.page(tab, search=search, sort=sort, descending=desc, after=after, limit=limit),
            lambda result: self._on_page_loaded(generation, result),
            lambda exc: self._on_load_failed(generation, exc),
        )

    def _on_page_loaded(self, generation: int, result: tuple[list[QueueRow], PageCursor | None]) -> None:
        if generation != self._generation:
            return  # a page of an old search or sort
        rows, cursor = result
        known = self._ids
        fresh = [r for r in rows if r.id not in known]  # an order moved up since the last page
        self._cursor = cursor
        self._more = cursor is not None
        self._loading = False
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            known.update(r.id for r in fresh)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = False  # do not hammer a broken database; a reload tries again
        log.error("loading the %s tab failed: %s", self._tab.value, exc)  # the runner logged the traceback
        self.load_failed.emit(exc)

    def _on_rows_refreshed(self, generation: int, ids: list[int], rows: list[QueueRow]) -> None:
        if generation != self._generation:
            return  # the model was reloaded meanwhile: it already has fresh rows
        fresh = {r.id: r for r in rows}
        for order_id in ids:
            position = self.row_of(order_id)
            row = fresh.get(order_id)
            if position >= 0:
                if row is not None and row.tab is self._tab:
                    self._rows[position] = row
                    self.dataChanged.emit(self.index(position, 0), self.index(position, len(COLUMNS) - 1))
                else:  # moved to another tab, or gone
                    self.beginRemoveRows(QModelIndex(), position, position)
                    del self._rows[position]
                    self._ids.discard(order_id)
                    self.endRemoveRows()
            elif row is not None and row.tab is self._tab and self._shows_newest_first():
                # just changed, so it is the newest: its place in this order is the top
                self.beginInsertRows(QModelIndex(), 0, 0)
                self._rows.insert(0, row)
                self._ids.add(order_id)
                self.endInsertRows()

    def _shows_newest_first(self) -> bool:
        # with a search on, rows() cannot tell whether the order matches it: leave it to a reload
        return self._sort == "updated_at" and self._descending and self._search is None
