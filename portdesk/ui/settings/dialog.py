"""Settings: the pages of `pages.PAGES` beside a list; Save writes settings.json through the context."""

from __future__ import annotations

import copy
import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from portdesk.platform.settings import Settings
from portdesk.ui.app_context import AppContext
from portdesk.ui.settings.page import SettingsPage
from portdesk.ui.settings.pages import PAGES

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None,
                 pages: list[type[SettingsPage]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PortDesk settings")
        self.setObjectName("settings-dialog")
        self.context = context
        self.settings = context.load_settings()
        self.saved: Settings | None = None
        self.list = QListWidget()
        self.list.setObjectName("settings-pages")
        self.list.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.pages: list[SettingsPage] = []
        for page_type in pages if pages is not None else PAGES:
            page = page_type(context, self.settings)
            self.pages.append(page)
            self.stack.addWidget(page)
            self.list.addItem(page.title)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        self.list.setFocus()  # the arrow keys move between pages from the start
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def page(self, title: str) -> SettingsPage:
        return next(p for p in self.pages if p.title == title)

    def show_page(self, title: str) -> None:
        self.list.setCurrentRow(self.pages.index(self.page(title)))

    def save(self) -> bool:
        """Check every page, write the settings, close; a problem or a failed write is said, nothing lost."""
        problems = [p for page in self.pages for p in page.problems()]
        if problems:
            self.show_message("Settings not saved", "\n".join(problems))
            return False
        updated = copy.deepcopy(self.settings)
        for page in self.pages:
            page.apply(updated)
        try:
            self.context.save_settings(updated)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
            self.show_message("Settings not saved", f"The settings file could not be written: {exc}")
            return False
        self.saved = updated
        self.accept()
        return True

    def show_message(self, title: str, text: str) -> None:  # tests override this
        QMessageBox.warning(self, title, text)
