"""The PDFs of the folder the last bill came from, newest first, so the next bill is one pick away (Enter or
a double-click), with no path to type. The folder is remembered in the window's settings file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

FOLDER_KEY = "wizard/bill_folder"
VISIBLE_ROWS = 6
MAX_LISTED = 200  # a folder of thousands of scans must not stall the step


def last_folder(settings_path: Path | None) -> Path | None:
    if settings_path is None:
        return None
    value = QSettings(str(settings_path), QSettings.Format.IniFormat).value(FOLDER_KEY)
    return Path(value) if isinstance(value, str) and value and Path(value).is_dir() else None


def remember_folder(settings_path: Path | None, folder: Path) -> None:
    if settings_path is None:
        return
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue(FOLDER_KEY, str(folder))
    settings.sync()


def pdfs_in(folder: Path) -> list[Path]:
    """The folder's PDFs, newest first (the bill just saved from an e-mail is at the top)."""
    try:
        found = [p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()]
    except OSError:
        return []

    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(found, key=lambda p: (-modified(p), p.name.lower()))[:MAX_LISTED]


class _PickList(QListWidget):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # WHY: the view activates the item and then ignores Enter, which the wizard would take as Next.
            event.accept()


class BillFolderList(QWidget):
    picked = Signal(Path)

    def __init__(self, settings_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings_path = settings_path
        self.folder: Path | None = None
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.list = _PickList()
        self.list.setAccessibleName("Bills in the last folder")
        self.caption.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(self._on_item_activated)
        self.show_folder(last_folder(settings_path))

    def show_folder(self, folder: Path | None) -> None:
        self.folder = folder
        self.list.clear()
        files = pdfs_in(folder) if folder is not None else []
        self.setVisible(bool(files))
        if folder is None or not files:
            return
        self.caption.setText(f"Or pick one of the &PDFs in {_short(str(folder))} (Enter or double-click):")
        for path in files:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        rows = min(len(files), VISIBLE_ROWS)  # as tall as its files, up to a few: the date must stay in view
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 4)

    def remember(self, path: Path) -> None:
        """A bill was attached from this path: its folder is the one to list next time."""
        folder = path.parent
        remember_folder(self._settings_path, folder)
        if folder != self.folder:
            self.show_folder(folder)
        for row in range(self.list.count()):  # the one attached is the current one, not the newest
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == str(path):
                self.list.setCurrentRow(row)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.picked.emit(Path(item.data(Qt.ItemDataRole.UserRole)))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1):]
