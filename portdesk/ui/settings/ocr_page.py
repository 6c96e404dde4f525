"""OCR: whether scanned bills are read with Tesseract, and whether Tesseract can be found."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from portdesk.platform.settings import Settings
from portdesk.ui.app_context import AppContext
from portdesk.ui.settings.page import SettingsPage
from portdesk.ui.widgets import theme

INSTALL_HINT = "Debian/Ubuntu: sudo apt-get install tesseract-ocr"


class OcrPage(SettingsPage):
    title = "OCR"
    page = "ocr"

    def __init__(self, context: AppContext, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(context, settings, parent)
        found = context.ocr_available()
        self.status = QLabel("Tesseract is installed: scanned bills can be read." if found else
                             f"Tesseract was not found, so scanned bills cannot be read yet ({INSTALL_HINT}).")
        self.status.setObjectName("ocr-status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(theme.style("ok" if found else "warning"))
        self.layout_.insertWidget(0, self.status)
