"""What every Settings page is: a titled widget that checks and writes its part of the settings."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

from portdesk.platform.settings import Settings
from portdesk.ui.app_context import AppContext
from portdesk.ui.settings.form import SettingsForm, specs_for


class SettingsPage(QWidget):
    """A page: its title in the list, the declared settings of `page` as a generated form, extras below."""

    title: ClassVar[str] = ""
    page: ClassVar[str] = ""  # the `page` the declared settings name

    def __init__(self, context: AppContext, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(f"settings-page-{self.page}")
        self.layout_ = QVBoxLayout(self)
        self.form = SettingsForm(specs_for(self.page), settings, self.choices())
        self.layout_.addWidget(self.form)

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """The choice lists the page's settings may name (`SettingSpec.choices`)."""
        return {}

    def problems(self) -> list[str]:
        return self.form.problems()

    def apply(self, settings: Settings) -> None:
        self.form.apply(settings)
