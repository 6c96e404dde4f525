"""The numbers import table: one row per entry read, judged, editable in the Input column.

The model adapts a plain list of NumberEntry (judged by the Qt-free numbers_import service); an
edit re-judges the entry at once and recomputes duplicates over the whole list. Each row also
remembers where it came from (pasted text, a file, the order), so "line 4" is never ambiguous.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from portdesk.domain.numbers import NumberEntry
from portdesk.domain.profiles import Profile
from portdesk.services import numbers_import
from portdesk.ui.widgets import icons, theme
from portdesk.ui.widgets.icons import standard_icon

Index = QModelIndex | QPersistentModelIndex

# Status is last: it holds the longest text and stretches with the window.
COLUMNS = ("Source", "Input", "E.164", "Kind", "NPA-NXX", "Losing carrier", "Status")
COL_SOURCE, COL_INPUT, COL_E164, COL_KIND, COL_NPA, COL_CARRIER, COL_STATUS = range(len(COLUMNS))
KIND_LABELS = {"local": "local", "toll_free": "toll-free", "mobile": "mobile", "other": "other"}
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's problems as text ("" when none)
ERROR_ROLE = Qt.ItemDataRole.UserRole + 2  # True when the entry is invalid



class NumbersModel(QAbstractTableModel):
    entries_changed = Signal()  # after any read, edit or removal

    def __init__(self, order_kind: str | None = None, profile: Profile | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[NumberEntry] = []
        self._sources: list[str] = []
        self._order_kind = order_kind
        self._profile = profile

    # -- the list --------------------------------------------------------------------------------
    def entries(self) -> list[NumberEntry]:
        return list(self._entries)

    def add(self, source: str, entries: Sequence[NumberEntry]) -> None:
        """Append entries read from `source`; duplicates are judged across everything listed."""
        self.beginResetModel()
        self._entries = numbers_import._reflag([*self._entries, *entries])
        self._sources += [source] * len(entries)
        self.endResetModel()
        self.entries_changed.emit()

    def remove_rows(self, rows: Sequence[int]) -> None:
        if not rows:
            return
        gone = set(rows)
        self.beginResetModel()
        self._entries = numbers_import.remove(self._entries, sorted(gone))
        self._sources = [s for i, s in enumerate(self._sources) if i not in gone]
        self.endResetModel()
        self.entries_changed.emit()

    def set_context(self, order_kind: str | None, profile: Profile | None) -> None:
        """The order kind and profile the rows are judged against (kind mixing, countries)."""
        self._order_kind, self._profile = order_kind, profile
        self._changed_all()

    def left_out_texts(self) -> list[str]:
        """One line per entry not added ("pasted, line 2: “303-555-01” — too short …")."""
        first: dict[str, str] = {}
        out: list[str] = []
        for row, e in enumerate(self._entries):
            where = f"{self._sources[row]}, line {e.line}"
            if not e.valid:
                out.append(f"{where}: “{e.input}” — {e.error or 'not a valid number'}")
            elif e.duplicate:
                out.append(f"{where}: “{e.input}” — duplicate of {first.get(e.e164 or '', 'an earlier line')}")
            elif e.e164:
                first.setdefault(e.e164, where)
        return out

    def problems(self, row: int) -> list[str]:
        return numbers_import.problems(self._entries[row], self._order_kind, self._profile)

    # -- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COL_INPUT else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry, col = self._entries[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return entry.input if role == Qt.ItemDataRole.EditRole else self._text(index.row(), entry, col)
        if role == PROBLEM_ROLE:
            return "; ".join(self.problems(index.row()))
        if role == ERROR_ROLE:
            return not entry.valid
        if role == Qt.ItemDataRole.ToolTipRole:
            found = self.problems(index.row())
            tip = "\n".join(found) if found else "valid"
            return tip + ("\nDouble-click to correct the number." if col == COL_INPUT else "")
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            if not entry.valid:
                return QBrush(theme.colour("error"))
            return QBrush(theme.colour("warning")) if self.problems(index.row()) else None
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return self._icon(index.row(), entry)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_INPUT:
            return False
        text = str(value).strip()
        if not text or text == self._entries[index.row()].input:
            return False
        self._entries = numbers_import.rejudge(self._entries, index.row(), text)
        self._changed_all()  # a fix can end (or start) a duplicate in another row
        self.entries_changed.emit()
        return True

    # -- helpers ------------------------------------------------------------------------------------
    def _changed_all(self) -> None:
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, len(COLUMNS) - 1))

    def _text(self, row: int, entry: NumberEntry, col: int) -> str:
        if col == COL_SOURCE:
            return f"{self._sources[row]}, line {entry.line}"
        if col == COL_INPUT:
            return entry.input
        if col == COL_E164:
            return entry.e164 or ""
        if col == COL_STATUS:
            found = self.problems(row)
            if not found:
                return "valid"
            return found[0][0].upper() + found[0][1:] + (f" (+{len(found) - 1} more)" if len(found) > 1 else "")
        if col == COL_KIND:
            return KIND_LABELS.get(entry.kind or "", "")
        if col == COL_NPA:
            return f"{entry.npa_nxx[:3]}-{entry.npa_nxx[3:]}" if entry.npa_nxx else ""
        return entry.losing_carrier or ""

    def _icon(self, row: int, entry: NumberEntry) -> Any:
        if not entry.valid:
            return standard_icon(icons.ERROR)
        if self.problems(row):
            return standard_icon(icons.WARNING)
        return standard_icon(icons.OK)


class ProblemsFilter(QSortFilterProxyModel):
    """Shows every row, or with `problems_only` just the rows that need a look."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems_only = False

    def set_problems_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._problems_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._problems_only:
            return True
        model = self.sourceModel()
        return bool(model.data(model.index(source_row, 0, source_parent), PROBLEM_ROLE))
