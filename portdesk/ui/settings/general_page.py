"""General: your name, and how the carrier sync runs."""

from __future__ import annotations

from portdesk.ui.settings.page import SettingsPage


class GeneralPage(SettingsPage):
    title = "General"
    page = "general"
