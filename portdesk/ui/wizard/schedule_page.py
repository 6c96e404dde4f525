"""Step 6: the requested port date on a calendar that marks the days a carrier will not port, the time
and time zone where the provider lets you choose (its window shown either way), and who hears about
the port (notification contacts, e-mails checked as typed).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.calendar import LAST_KNOWN_DAY, business_days_between, convert
from portdesk.domain.order import DEFAULT_TIMEZONE
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.base import WizardPage, add_row, describe_findings, note_label
from portdesk.ui.wizard.contacts_editor import ContactsEditor
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.port_calendar import PortCalendar, day_marks, qdate

ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
         "America/Anchorage", "Pacific/Honolulu", "UTC")
def legend() -> str:
    """What the calendar's marks mean, in the calendar's own colours."""
    return (f'<span style="background:{theme.hex_of("calendar.lead")}">&nbsp;inside the lead time&nbsp;</span> · '
            f'<span style="color:{theme.hex_of("calendar.weekend")}">weekend</span> · '
            f'<i style="color:{theme.hex_of("calendar.holiday")}">US holiday</i> · '
            f'<s style="color:{theme.hex_of("calendar.past")}">past</s> — hover a day to see why')


class SchedulePage(WizardPage):
    title = "Date and contacts"
    subtitle = "When should the numbers move, and who should hear about it?"

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.calendar = PortCalendar(ctx.today, ctx.profile.lead_time_business_days)
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd  (ddd)")
        self.date_edit.setMinimumDate(qdate(ctx.today))
        self.date_edit.setMaximumDate(qdate(LAST_KNOWN_DAY))
        self.earliest_button = QPushButton("&Earliest good date")
        self.date_note = note_label()
        self.date_note.setAccessibleName("Date check")
        self.legend = note_label(legend())
        self.legend.setAccessibleName("Calendar legend")
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        self.zone_combo = QComboBox()
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(ZONES)
        self.zone_combo.lineEdit().setAccessibleName("Time zone (IANA name)")
        self.window_note = note_label()
        self.window_note.setAccessibleName("Port window")
        self.time_note = note_label()
        self.contacts = ContactsEditor()

        date_box = QGroupBox("Requested port date")
        form = QFormLayout()
        add_row(form, "&Date:", self.date_edit, "Requested port date (text)")
        form.addRow("", self.earliest_button)
        date_layout = QVBoxLayout(date_box)
        date_layout.addWidget(self.calendar)
        date_layout.addWidget(self.legend)
        date_layout.addLayout(form)
        date_layout.addWidget(self.date_note)
        time_box = QGroupBox("Time")
        time_form = QFormLayout(time_box)
        time_form.addRow(self.window_note)
        self.time_caption = add_row(time_form, "&Time:", self.time_edit, "Requested port time")
        self.zone_caption = add_row(time_form, "Time &zone:", self.zone_combo, "Time zone of the requested time")
        time_form.addRow(self.time_note)
        contacts_box = QGroupBox("Notification contacts")
        contacts_layout = QVBoxLayout(contacts_box)
        contacts_layout.addWidget(note_label("The provider sends progress, the FOC date and any rejection to "
                                             "these people."))
        contacts_layout.addWidget(self.contacts)
        right = QVBoxLayout()
        right.addWidget(time_box)
        right.addWidget(contacts_box)
        right.addStretch(1)
        row = QHBoxLayout(self)
        # The calendar reads well at ~400 px; the contacts need the width for whole e-mail addresses.
        row.addWidget(date_box, 2)
        row.addLayout(right, 3)

        self.calendar.clicked.connect(self._on_calendar_picked)
        self.calendar.activated.connect(self._on_calendar_picked)
        self.calendar.selectionChanged.connect(self._on_calendar_selection_changed)
        self.date_edit.dateChanged.connect(self._on_date_edited)
        self.earliest_button.clicked.connect(self._on_earliest_clicked)
        self.time_edit.timeChanged.connect(self._on_time_changed)
        self.zone_combo.currentTextChanged.connect(self._on_time_changed)
        self.contacts.edited.connect(self._on_contacts_edited)
        for spin in (self.date_edit, self.time_edit):
            inner = spin.findChild(QLineEdit)
            if inner is not None:  # the text part takes the focus: give it the field's name too
                inner.setAccessibleName(spin.accessibleName())

    # -- showing ------------------------------------------------------------------------------------
    def load(self) -> None:
        order = self.ctx.order
        with self.loading():
            day = _parse_date(order.requested_date)
            if day is not None:
                self.calendar.setSelectedDate(qdate(day))
                self.date_edit.setDate(qdate(day))
            else:
                self.date_edit.setDate(qdate(self.calendar.earliest))
                self.calendar.setSelectedDate(qdate(self.calendar.earliest))
            clock = _parse_time(order.requested_time)
            window = self.ctx.profile.window
            default = window.start if window else dt.time(9, 0)
            shown = clock or default
            self.time_edit.setTime(QTime(shown.hour, shown.minute))
            zone = order.requested_timezone or (window.timezone if window else DEFAULT_TIMEZONE)
            self.zone_combo.setCurrentText(zone)
            self.contacts.load(order.contacts)
        self._show()

    def entered(self) -> None:
        self.calendar.set_lead_days(self.ctx.profile.lead_time_business_days)  # step 1 may have changed it
        day = _parse_date(self.ctx.order.requested_date)
        if day is None:
            # The calendar shows a day as picked: that day is the date, saved, not a picture of one. The
            # earliest good date is the default a coordinator takes nine times in ten.
            self._set_date(self.calendar.earliest)
        elif day != self.date_edit.date().toPython():  # set elsewhere since (the LOA step's default)
            with self.loading():
                self.calendar.setSelectedDate(qdate(day))
                self.date_edit.setDate(qdate(day))
        self._show()

    def focus_first(self) -> None:
        """The date's text field, not the calendar: Enter there is Next (the calendar keeps Enter)."""
        self.date_edit.setFocus()

    def _show(self) -> None:
        profile = self.ctx.profile
        window = profile.window
        choosable = bool(window and window.selectable) or profile.time_selectable
        for widget in (self.time_edit, self.zone_combo, self.time_caption, self.zone_caption):
            widget.setVisible(choosable)
        if window is None:
            text = (f"{profile.name} schedules the port during its business hours; "
                    + ("you may ask for a time." if choosable else "no time to choose."))
        elif window.selectable:
            text = f"{profile.name} ports between <b>{window.describe()}</b>; pick a time inside it."
        else:
            text = (f"{profile.name} picks the time itself, inside <b>{window.describe()}</b>; "
                    "there is nothing to choose.")
        self.window_note.setText(text)
        self._show_date_note()
        self._show_time_note()

    def _show_date_note(self) -> None:
        ctx = self.ctx
        day = _parse_date(ctx.order.requested_date)
        lead = ctx.profile.lead_time_business_days
        if day is None:
            self.date_note.setText(f"Pick a date. {ctx.profile.name} needs {lead} business days; the earliest "
                                   f"good date is {self.calendar.earliest:%A %d %B %Y}.")
            return
        findings = [f for f in ctx.findings() if f.field == "requested_date"]
        ahead = business_days_between(ctx.today, day)
        head = f"<b>{day:%A %d %B %Y}</b>: {ahead} business day{'s' if ahead != 1 else ''} from today."
        mark = day_marks(day, ctx.today, self.calendar.earliest)
        good = "" if mark or findings else " ✔ A good date."
        self.date_note.setText(head + good + describe_findings(findings))

    def _show_time_note(self) -> None:
        ctx = self.ctx
        order = ctx.order
        findings = [f for f in ctx.findings() if f.field in ("requested_time", "requested_timezone")]
        window = ctx.profile.window
        text = describe_findings(findings)
        if not findings and window and order.requested_time and order.requested_date:
            try:
                there = convert(_parse_date(order.requested_date) or ctx.today,
                                _parse_time(order.requested_time) or dt.time(9), order.timezone, window.timezone)
                if order.timezone != window.timezone:
                    text = f"That is {there:%H:%M} {window.timezone}, inside the window ✔"
                else:
                    text = "Inside the window ✔"
            except (ValueError, OverflowError):  # OverflowError: a moment past year 9999 (or before 1)
                text = ""
        self.time_note.setText(text)

    # -- editing --------------------------------------------------------------------------------------
    def _set_date(self, day: dt.date) -> None:
        self.ctx.order.requested_date = day.isoformat()
        with self.loading():
            self.calendar.setSelectedDate(qdate(day))
            self.date_edit.setDate(qdate(day))
        self._show_date_note()
        self._changed()

    def _on_calendar_picked(self, date: QDate) -> None:
        if not self._loading:
            self._set_date(date.toPython())

    def _on_calendar_selection_changed(self) -> None:
        # Arrow keys move the selection: the keyboard picks a date without Enter.
        if not self._loading:
            self._set_date(self.calendar.selectedDate().toPython())

    def _on_date_edited(self, date: QDate) -> None:
        if not self._loading:
            self._set_date(date.toPython())

    def _on_earliest_clicked(self) -> None:
        self._set_date(self.calendar.earliest)

    def _on_time_changed(self, *_: object) -> None:
        if self._loading:
            return
        order = self.ctx.order
        order.requested_time = self.time_edit.time().toString("HH:mm")
        order.requested_timezone = self.zone_combo.currentText().strip() or None
        self._show_time_note()
        self._changed()

    def _on_contacts_edited(self) -> None:
        self.ctx.order.contacts = self.contacts.contacts()
        self._changed()


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _parse_time(text: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:
        return None
