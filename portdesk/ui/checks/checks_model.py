"""The checks list: one row per finding, errors first, with a severity icon and the message.

Adapts the plain CheckReport of the Qt-free checks service; overridden warnings stay listed,
marked as such with who overrode them and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from portdesk.domain.rules_account import FIELD_LABELS
from portdesk.services.checks import CheckedFinding
from portdesk.ui.widgets import icons, theme
from portdesk.ui.widgets.icons import standard_icon

Index = QModelIndex | QPersistentModelIndex

FIELD_ROLE = Qt.ItemDataRole.UserRole + 1  # dotted path into the order ("account.name")
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 3  # "error" | "warning"
OVERRIDDEN_ROLE = Qt.ItemDataRole.UserRole + 4  # bool
CHECKED_ROLE = Qt.ItemDataRole.UserRole + 5  # the CheckedFinding itself



class ChecksModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[CheckedFinding] = []

    def set_findings(self, items: Sequence[CheckedFinding]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def findings(self) -> list[CheckedFinding]:
        return list(self._items)

    def item(self, row: int) -> CheckedFinding:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        checked = self._items[index.row()]
        f = checked.finding
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(checked)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{f.code} · {f.field}\nClick to go to the field."
            if f.severity == "warning" and not checked.overridden:
                tip += "\nA warning may be overridden with a reason (kept in the history)."
            return tip
        if role == Qt.ItemDataRole.DecorationRole:
            return _icon(checked)
        if role == Qt.ItemDataRole.ForegroundRole and checked.overridden:
            return QBrush(theme.colour("muted"))
        if role == FIELD_ROLE:
            return f.field
        if role == CODE_ROLE:
            return f.code
        if role == SEVERITY_ROLE:
            return f.severity
        if role == OVERRIDDEN_ROLE:
            return checked.overridden
        if role == CHECKED_ROLE:
            return checked
        return None


_EXTRA_LABELS = {
    "documents.bill": "Bill copy", "documents.loa": "LOA", "port_type": "Port type (full or partial)",
    "new_btn": "New BTN", "documents.csr": "CSR",
}


def field_label(path: str) -> str:
    """A field path in words: "account.service_address.line1" → "Service address"."""
    if path.startswith("numbers[") and path.endswith("]") and path[8:-1].isdigit():
        return f"Number {int(path[8:-1]) + 1} in the list"
    if path in _EXTRA_LABELS:
        return _EXTRA_LABELS[path]
    words = FIELD_LABELS.get(path)
    if words is None:
        return path
    words = words.removeprefix("the ").removeprefix("a ")
    return words[0].upper() + words[1:]


def _display(checked: CheckedFinding) -> str:
    f = checked.finding
    label = "Error" if f.is_error else "Warning"
    if checked.override is not None:
        o = checked.override
        return f"Overridden warning — {o.author}: “{o.reason}”\n{f.message}"
    return f"{label} · {field_label(f.field)}\n{f.message}"


def _icon(checked: CheckedFinding) -> Any:
    if checked.finding.is_error:
        return standard_icon(icons.ERROR)
    if checked.overridden:
        return standard_icon(icons.OK)
    return standard_icon(icons.WARNING)
