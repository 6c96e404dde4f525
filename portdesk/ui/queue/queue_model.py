"""One queue tab as a lazy table model over the service's keyset pages.

The model holds only the rows fetched so far; the view asks for more (canFetchMore/fetchMore) as
the user scrolls, one page (~200 rows) at a time, fetched on the task runner so the GUI thread
never waits on the database. A changed order is refreshed in place (dataChanged), never by a reset.
Every reload bumps a generation number so a late page of an old search or sort is dropped.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from portdesk.domain.status import Status, Tab
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
        self._positions: dict[int, int] | None = None  # id → row; None after rows moved (rebuilt on demand)
        self._cursor: PageCursor | None = None
        self._more = True
        self._loading = False
        self._generation = 0
        self._search: str | None = None
        self._sort: str = COLUMNS[DEFAULT_SORT_COLUMN].sort_key or "updated_at"
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
        """The row showing `order_id`, or -1 when it is not loaded (a dict lookup, rebuilt after a move)."""
        if order_id not in self._ids:
            return -1
        if self._positions is None:
            self._positions = {r.id: i for i, r in enumerate(self._rows)}
        return self._positions.get(order_id, -1)

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
        self._positions = None
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
        generation, search = self._generation, self._search
        self._runner.submit(lambda: self._queue.rows(ids, search=search),
                            lambda rows: self.apply_rows(ids, rows, generation),
                            lambda exc: self._on_load_failed(generation, exc))

    @property
    def generation(self) -> int:
        """Moves on every reload: rows read before it belong to an old search or sort."""
        return self._generation

    def apply_rows(self, ids: Sequence[int], rows: Sequence[QueueRow], generation: int | None = None) -> None:
        """Fresh rows for `ids` (those missing were deleted or no longer match the search), as one batch:
        rows that left this tab are removed, changed ones updated in place, newcomers inserted where the
        sort puts them — grouped into as few inserts and removes as the positions allow; never a reset."""
        if generation is not None and generation != self._generation:
            return  # the model was reloaded meanwhile: it already has fresh rows
        fresh = {r.id: r for r in rows if r.tab is self._tab}
        self._remove_ids([i for i in ids if i in self._ids and i not in fresh])
        self._update_in_place([fresh[i] for i in ids if i in self._ids and i in fresh])
        self._insert_rows([fresh[i] for i in ids if i not in self._ids and i in fresh])

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
            return column.tooltip(row) if column.tooltip is not None else (column.text(row) or None)
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
                column = COLUMNS[section]
                sort = f"Sort by {column.title.lower()}" if column.sort_key else column.title
                return f"{sort} · right-click to choose the columns"
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
        if key is None:
            return  # not a column the store sorts by (the tabs put the header's indicator back)
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
            if self._positions is not None:
                self._positions.update((r.id, first + i) for i, r in enumerate(fresh))
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

    def _remove_ids(self, ids: Sequence[int]) -> None:
        positions = sorted((self.row_of(i) for i in ids), reverse=True)
        for first, last in _runs(positions):
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self._rows[first:last + 1]:
                self._ids.discard(row.id)
            del self._rows[first:last + 1]
            self._positions = None
            self.endRemoveRows()

    def _update_in_place(self, rows: Sequence[QueueRow]) -> None:
        positions = []
        for row in rows:
            position = self.row_of(row.id)
            self._rows[position] = row
            positions.append(position)
        for first, last in _runs(sorted(positions, reverse=True)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _insert_rows(self, rows: Sequence[QueueRow]) -> None:
        """Each newcomer where the current sort puts it among the loaded rows; one past the last loaded
        row while more pages remain is left for its page (it would otherwise sit out of order)."""
        if not rows:
            return
        before = _sorts_before(self._sort, self._descending)
        by_position: dict[int, list[QueueRow]] = {}
        for row in rows:
            low, high = 0, len(self._rows)
            while low < high:  # the first loaded row this one sorts before
                middle = (low + high) // 2
                if before(self._rows[middle], row):
                    low = middle + 1
                else:
                    high = middle
            if low == len(self._rows) and self._more:
                continue
            by_position.setdefault(low, []).append(row)
        shift = 0
        for position in sorted(by_position):
            group = sorted(by_position[position], key=functools.cmp_to_key(
                lambda a, b: -1 if before(a, b) else (1 if before(b, a) else 0)))
            at = position + shift
            self.beginInsertRows(QModelIndex(), at, at + len(group) - 1)
            self._rows[at:at] = group
            self._ids.update(r.id for r in group)
            self._positions = None
            self.endInsertRows()
            shift += len(group)


def _runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Descending row numbers as (first, last) runs of neighbours, bottom run first (so removing one
    run leaves the row numbers of the runs above it valid)."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and runs[-1][0] == position + 1:
            runs[-1] = (position, runs[-1][1])
        else:
            runs.append((position, position))
    return runs


def _sort_key(row: QueueRow, sort: str) -> tuple[bool, Any, int]:
    value = row.sort_value(sort)
    if isinstance(value, Status):
        value = value.value
    return value is not None, value, row.id  # NULLs sort as the smallest value, as the store pages them


def _sorts_before(sort: str, descending: bool) -> Callable[[QueueRow, QueueRow], bool]:
    """Whether row a comes before row b in the store's order for this sort (ties broken by id)."""
    def before(a: QueueRow, b: QueueRow) -> bool:
        ka, kb = _sort_key(a, sort), _sort_key(b, sort)
        try:
            return ka > kb if descending else ka < kb
        except TypeError:  # a NULL beside a value is settled by the first element already; this is a guard
            return False

    return before
