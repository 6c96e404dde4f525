"""A calendar that shows which days a carrier will port on: weekends and US federal holidays greyed,
days inside the profile's lead time shaded amber, past days struck out; each marked day says why
in its tooltip. Only the shown month (plus the days around it) is marked, as the coordinator pages.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QTableView, QWidget

from portdesk.domain.calendar import LAST_KNOWN_DAY, add_business_days, holiday_name
from portdesk.ui.widgets import theme


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def earliest_port_date(today: dt.date, lead_days: int) -> dt.date:
    """The first day the lead time allows (always a business day): the date step's default."""
    return add_business_days(today, max(lead_days, 1))


def day_marks(day: dt.date, today: dt.date, earliest: dt.date) -> tuple[str, str] | None:
    """(kind, why) for a day the carrier will not or may not port on; None for a good day."""
    if day <= today:
        return "past", "In the past or today: no carrier ports on it."
    holiday = holiday_name(day)
    if holiday:
        return "holiday", f"{holiday}: a US federal holiday, carriers do not port."
    if day.weekday() >= 5:
        return "weekend", f"A {day:%A}: carriers do not port on weekends."
    if day < earliest:
        return "lead", "Inside the provider's lead time: the carrier will propose a later date."
    return None


class PortCalendar(QCalendarWidget):
    def __init__(self, today: dt.date, lead_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.lead_days = lead_days
        self.marks: dict[dt.date, str] = {}  # what each marked day is (tests read it)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setMinimumDate(qdate(today))
        self.setMaximumDate(qdate(LAST_KNOWN_DAY))  # later dates are FIELD_INVALID (no holidays known)
        self.setAccessibleName("Requested port date")
        grid = self.findChild(QTableView, "qt_calendar_calendarview")
        if grid is not None:  # the focusable part; arrow keys move the day, screen readers need its name
            grid.setAccessibleName("Requested port date: days of the month")
        self.currentPageChanged.connect(self._on_page_changed)
        theme.notifier().changed.connect(self._on_scheme_changed)
        self.mark_month(today.year, today.month)

    @property
    def earliest(self) -> dt.date:
        """The first day the lead time allows (always a business day)."""
        return earliest_port_date(self.today, self.lead_days)

    def set_lead_days(self, days: int) -> None:
        self.lead_days = days
        self.mark_month(self.yearShown(), self.monthShown())

    def mark_month(self, year: int, month: int) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears every format
        weekend = QTextCharFormat()  # the day names too (Qt's own weekend red is not checked for contrast)
        weekend.setForeground(QBrush(theme.colour("calendar.weekend")))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, weekend)
        self.marks = {}
        first = dt.date(year, month, 1)
        earliest = self.earliest
        for offset in range(-7, 45):  # the grid shows up to a week either side
            day = first + dt.timedelta(days=offset)
            mark = day_marks(day, self.today, earliest)
            if mark is None:
                continue
            kind, why = mark
            fmt = QTextCharFormat()
            fmt.setToolTip(why)
            if kind == "past":
                fmt.setForeground(QBrush(theme.colour("calendar.past")))
                fmt.setFontStrikeOut(True)
            elif kind == "holiday":
                fmt.setForeground(QBrush(theme.colour("calendar.holiday")))
                fmt.setFontItalic(True)
            elif kind == "weekend":
                fmt.setForeground(QBrush(theme.colour("calendar.weekend")))
            if kind in ("lead", "holiday", "weekend") and day < earliest and day > self.today:
                fmt.setBackground(QBrush(theme.colour("calendar.lead")))
            self.setDateTextFormat(qdate(day), fmt)
            self.marks[day] = kind

    def _on_page_changed(self, year: int, month: int) -> None:
        self.mark_month(year, month)

    def _on_scheme_changed(self, _scheme: str) -> None:
        self.mark_month(self.yearShown(), self.monthShown())
