"""The numbers step's portability check: losing carrier and rate centre per number, the numbers
that cannot port flagged before anything is submitted. The question goes out on the `net` pool;
the step stays usable while the provider answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portdesk.services.gateway import Portability
from portdesk.ui.jobs import JobError, JobRunner
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.formatting import national

COLUMNS = ("Number", "Losing carrier", "Rate centre", "Portable")


class PortabilityBox(QWidget):
    checked = Signal(object)  # the Portability

    def __init__(self, service: Any, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lane = jobs.lane("net")
        self._db = jobs.lane("db")
        self._connection: str | None = None
        self._asked: tuple[str, ...] | None = None
        self.result: Portability | None = None
        self.button = QPushButton("Check &portability")
        self.button.setToolTip("Ask the provider which carrier holds each number, its rate centre, and "
                               "whether it can port (nothing is submitted)")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Portability check result")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(170)
        self.table.setAccessibleName("Portability per number")
        self.table.hide()
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.numbers: Sequence[str] = ()
        self.button.clicked.connect(lambda: self.check(self.numbers))
        self.hide()

    def set_profile(self, profile: str | None, numbers: Sequence[str] = ()) -> None:
        """Shown only where a connection can check numbers for this profile (looked up on the db pool);
        then the numbers are checked unless they were already."""
        self._db.submit(lambda: self._service.connection_for(profile),
                        lambda found: self._on_connection(found, tuple(numbers)),
                        lambda error: self._on_connection(None, ()))

    def _on_connection(self, connection: str | None, numbers: Sequence[str]) -> None:
        self._connection = connection
        self.setVisible(connection is not None)
        if connection is not None and self.result is None:
            self.status.setText(f"{connection} can check these numbers before submitting.")
        self.check(numbers, only_if_new=True)

    def check(self, numbers: Sequence[str], *, only_if_new: bool = False) -> bool:
        """Ask the provider; False when there is nothing to ask (no connection, no numbers, asked already)."""
        wanted = tuple(numbers)
        if self._connection is None or not wanted or (only_if_new and wanted == self._asked):
            return False
        self._asked = wanted
        connection = self._connection
        self.button.setEnabled(False)
        self.status.setText(f"Asking {connection}…")
        self._lane.submit(lambda: self._service.check(connection, wanted),
                          lambda answer: self._show(wanted, answer), self._failed)
        return True

    def _failed(self, error: JobError) -> None:
        self.button.setEnabled(True)
        self._asked = None
        self.status.setText(f"Portability not checked: {error}")

    def _show(self, numbers: Sequence[str], answer: Portability) -> None:
        self.button.setEnabled(True)
        self.result = answer
        self.table.setRowCount(len(numbers))
        for row, number in enumerate(numbers):
            refused = answer.not_portable.get(number)
            cells = (national(number), answer.losing_carrier_of(number) or "—",
                     answer.rate_centres.get(number, "—"), f"No: {refused}" if refused else "Yes")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if refused:
                    item.setBackground(QBrush(theme.colour("error.fill")))  # the scheme's own, read when drawn
                self.table.setItem(row, column, item)
        self.table.show()
        bad = [n for n in numbers if n in answer.not_portable]
        if bad:
            self.status.setText(f"<b>{len(bad)} of {len(numbers)} number{'s' if len(numbers) != 1 else ''} "
                                f"cannot port</b>: remove {'them' if len(bad) > 1 else 'it'} before submitting "
                                "(it would be rejected).")
        else:
            self.status.setText(f"All {len(numbers)} number{'s' if len(numbers) != 1 else ''} can port.")
        self.checked.emit(answer)
