"""Notification contacts: one row per person (name, e-mail, phone), e-mails checked as they are typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from portdesk.domain.numbers import to_e164
from portdesk.domain.order import Contact
from portdesk.domain.rules_submission import email_problem
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.base import ERROR_STYLE, line_edit
from portdesk.ui.wizard.formatting import national

BAD_FIELD = f"QLineEdit {{ border: 1px solid {theme.hex_of('error')}; }}"


class ContactRow:
    def __init__(self, index: int) -> None:
        self.name = line_edit("Name")
        self.email = line_edit("name@example.com")
        self.phone = line_edit("(303) 555-0100")
        self.remove = QPushButton("Remove")
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setAccessibleName(f"Problem with contact {index + 1}")
        self.problem.hide()
        for edit, what in ((self.name, "name"), (self.email, "e-mail"), (self.phone, "phone")):
            edit.setAccessibleName(f"Contact {index + 1} {what}")
        self.remove.setAccessibleName(f"Remove contact {index + 1}")

    def contact(self) -> Contact:
        phone = self.phone.text().strip() or None
        return Contact(name=self.name.text().strip() or None, email=self.email.text().strip() or None,
                       phone=(to_e164(phone) or phone) if phone else None)

    def show_problem(self) -> bool:
        why = email_problem(self.email.text())
        self.problem.setText(f"✖ {why}" if why else "")
        self.problem.setVisible(bool(why))
        self.email.setStyleSheet(BAD_FIELD if why else "")
        return why is None


class ContactsEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ContactRow] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        for col, text in enumerate(("Name", "E-mail", "Phone")):
            self._grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        self._grid.setColumnStretch(0, 2)
        self._grid.setColumnStretch(1, 3)
        self._grid.setColumnStretch(2, 2)
        self.add_button = QPushButton("Add a c&ontact")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.add_button)
        self.add_button.clicked.connect(self._on_add_clicked)

    def load(self, contacts: list[Contact]) -> None:
        while self.rows:
            self._drop_row(len(self.rows) - 1)
        for contact in contacts:
            row = self._add_row()
            row.name.setText(contact.name or "")
            row.email.setText(contact.email or "")
            row.phone.setText(national(contact.phone))
            row.show_problem()

    def contacts(self) -> list[Contact]:
        return [c for c in (row.contact() for row in self.rows) if c.name or c.email or c.phone]

    def _add_row(self) -> ContactRow:
        row = ContactRow(len(self.rows))
        at = 1 + 2 * len(self.rows)
        self._grid.addWidget(row.name, at, 0)
        self._grid.addWidget(row.email, at, 1)
        self._grid.addWidget(row.phone, at, 2)
        self._grid.addWidget(row.remove, at, 3)
        self._grid.addWidget(row.problem, at + 1, 1, 1, 3)
        for edit in (row.name, row.email, row.phone):
            edit.textEdited.connect(lambda _text, r=row: self._on_row_edited(r))
        row.remove.clicked.connect(lambda _checked=False, r=row: self._on_remove_clicked(r))
        self.rows.append(row)
        return row

    def _drop_row(self, index: int) -> None:
        row = self.rows.pop(index)
        for widget in (row.name, row.email, row.phone, row.remove, row.problem):
            self._grid.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()

    def _on_add_clicked(self) -> None:
        row = self._add_row()
        row.name.setFocus()

    def _on_row_edited(self, row: ContactRow) -> None:
        row.show_problem()
        self.edited.emit()

    def _on_remove_clicked(self, row: ContactRow) -> None:
        kept = [r.contact() for r in self.rows if r is not row]
        self.load(kept)
        self.edited.emit()

