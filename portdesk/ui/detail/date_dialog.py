"""Change the date: a calendar from the first day the provider's lead time allows, every other day judged
as it is picked (weekend, holiday, too soon, the provider's cut-off), OK only for a day that can be asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from portdesk.domain.calendar import LAST_KNOWN_DAY


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DateDialog(QDialog):
    def __init__(self, current: dt.date | None, earliest: dt.date | None, judge: Callable[[dt.date], str | None],
                 intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change the requested date")
        self._judge = judge
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setMaximumDate(QDate(LAST_KNOWN_DAY.year, LAST_KNOWN_DAY.month, LAST_KNOWN_DAY.day))
        if earliest is not None:
            self.calendar.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        start = max(d for d in (current, earliest) if d is not None) if (current or earliest) else None
        if start is not None:
            self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self._intro = QLabel(intro)
        self._intro.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setObjectName("date-verdict")
        self.verdict.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ask for this date")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self.calendar)
        layout.addWidget(self.verdict)
        layout.addWidget(self.buttons)
        self.calendar.selectionChanged.connect(self._on_picked)
        self._on_picked()

    def chosen(self) -> dt.date:
        return _day(self.calendar.selectedDate())

    def _on_picked(self) -> None:
        refusal = self._judge(self.chosen())
        self.verdict.setText(refusal or f"{self.chosen():%A %Y-%m-%d} can be asked for.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(refusal is None)
