"""Keyboard shortcuts, read from the window's own actions, so the list can never drift from the app."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    menu: str  # the menu that holds the action ("Window" when it is in none)
    action: str
    keys: str


def _plain(text: str) -> str:
    text = text.split("\t", 1)[0]  # a menu's "Sync now\tF5": the keys are listed in their own column
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def _keys(action: QAction) -> list[str]:
    """The action's own shortcuts, or the keys its menu text shows after a tab: a key another action
    serves for it (F5 is View ▸ Refresh, which also syncs: Carrier ▸ Sync now shows it too)."""
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    if not keys and "\t" in action.text():
        shown = QKeySequence(action.text().split("\t", 1)[1].strip())
        keys = [shown.toString(QKeySequence.SequenceFormat.NativeText)] if not shown.isEmpty() else []
    return keys


def window_shortcuts(window: QWidget) -> list[Shortcut]:
    """Every action of `window` (and its children) that has a shortcut, with the menu that shows it."""
    seen: set[tuple[str, str]] = set()
    out: list[Shortcut] = []
    for action in window.findChildren(QAction):
        keys = _keys(action)
        if not keys or not action.text():
            continue
        menus = [o for o in action.associatedObjects() if isinstance(o, QMenu)]
        menu = _plain(menus[0].title()) if menus else "Window"
        key = (_plain(action.text()), ", ".join(keys))
        if key in seen:
            continue
        seen.add(key)
        out.append(Shortcut(menu, key[0], key[1]))
    return sorted(out, key=lambda s: (s.menu, s.action))


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.shortcuts = window_shortcuts(window)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcuts")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for shortcut in self.shortcuts:
            group = groups.get(shortcut.menu)
            if group is None:
                group = groups[shortcut.menu] = QTreeWidgetItem(self.tree, [shortcut.menu])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
            QTreeWidgetItem(group, [shortcut.action, shortcut.keys])
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(480, 460)
