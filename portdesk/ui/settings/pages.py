"""The Settings dialog's pages, in order: adding a page is one line here."""

from __future__ import annotations

from portdesk.ui.settings.connections_page import ConnectionsPage
from portdesk.ui.settings.general_page import GeneralPage
from portdesk.ui.settings.ocr_page import OcrPage
from portdesk.ui.settings.page import SettingsPage
from portdesk.ui.settings.profiles_page import ProfilesPage

PAGES: list[type[SettingsPage]] = [
    GeneralPage,
    ProfilesPage,
    OcrPage,
    ConnectionsPage,
]
