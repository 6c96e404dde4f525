"""Profiles: the default profile, and every profile in use — shipped, or overridden by a file of yours."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QWidget

from portdesk.platform.settings import Settings
from portdesk.ui.app_context import AppContext
from portdesk.ui.settings.page import SettingsPage
from portdesk.ui.widgets import theme

COLUMNS = ("Id", "Provider", "How orders go", "Max numbers", "Source")


class ProfilesPage(SettingsPage):
    title = "Profiles"
    page = "profiles"

    def __init__(self, context: AppContext, settings: Settings, parent: QWidget | None = None) -> None:
        self._catalogue = context.catalogue()
        super().__init__(context, settings, parent)
        folder = context.user_profiles_folder
        overridden = {p.id for p in self._catalogue.profiles.values() if folder is not None and _inside(p.source, folder)}
        self.table = QTableWidget(len(self._catalogue.profiles), len(COLUMNS))
        self.table.setObjectName("profiles-table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, profile in enumerate(sorted(self._catalogue.profiles.values(), key=lambda p: p.id)):
            cells = (profile.id, profile.name, profile.path,
                     "" if profile.max_numbers is None else f"{profile.max_numbers:,}",
                     "your override" if profile.id in overridden else "shipped")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if profile.id in overridden:
                    item.setToolTip(profile.source)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.layout_.insertWidget(1, QLabel("Profiles in use:"))
        self.layout_.insertWidget(2, self.table, 1)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("profile-problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self._catalogue.problems:
            self.problems_label.setStyleSheet(theme.style("error"))
            self.problems_label.setText("Override files not used (the shipped profile of that id stays in use):\n"
                                        + "\n".join(f"• {p}" for p in self._catalogue.problems))
        self.layout_.insertWidget(3, self.problems_label)
        if folder is not None:
            row_widget = QWidget()
            row = QHBoxLayout(row_widget)
            row.setContentsMargins(0, 0, 0, 0)
            hint = QLabel(f"A .toml file in {folder} replaces the shipped profile of the same id.")
            hint.setWordWrap(True)
            hint.setStyleSheet(theme.style("muted"))
            open_button = QPushButton("Open folder")
            open_button.setObjectName("open-profiles-folder")
            open_button.clicked.connect(lambda: _open_folder(folder))
            row.addWidget(hint, 1)
            row.addWidget(open_button)
            self.layout_.insertWidget(4, row_widget)

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        return {"profiles": [(p.id, f"{p.name} ({p.id})")
                             for p in sorted(self._catalogue.profiles.values(), key=lambda p: p.name.lower())]}


def _inside(source: str, folder: Path) -> bool:
    return bool(source) and Path(source).parent.resolve() == folder.resolve()


def _open_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
