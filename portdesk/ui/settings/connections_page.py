"""Connections: the carrier connections, each added, tested and removed here; secrets go to the keyring only.

Nothing on this page waits on the network or the keyring on the GUI thread: the list, Add and Remove
run on the `db` lane (the database and the keyring), Test on the `net` lane, and the provider's answer
comes back in words. A connection is saved the moment it is added, not with the dialog's Save.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from portdesk.platform.settings import Settings
from portdesk.services.connections import Connection, ConnectionProblem, SecretStoreUnavailable
from portdesk.services.gateway import CarrierError
from portdesk.ui.app_context import AppContext
from portdesk.ui.jobs import JobError
from portdesk.ui.settings.connection_form import TYPES, ConnectionForm, in_form_words
from portdesk.ui.settings.page import SettingsPage
from portdesk.ui.widgets import theme

log = logging.getLogger(__name__)
COLUMNS = ("Name", "Provider", "Serves", "Account", "User / client id", "API root")
PROVIDER = dict(TYPES)
# the words' colours: the theme's checked light/dark pairs, read when a message is shown
GREEN, RED, GREY = "ok", "error", "muted"
NO_KEYRING_TITLE = "No safe place for the secret"


class ConnectionsPage(SettingsPage):
    title = "Connections"
    page = "connections"

    def __init__(self, context: AppContext, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(context, settings, parent)
        self.service = context.connections
        self._db = context.jobs.lane("db") if context.jobs is not None else None
        self._net = context.jobs.lane("net") if context.jobs is not None else None
        self.connections: list[Connection] = []
        intro = QLabel("PortDesk sends orders and follows them through these connections. A connection is "
                       "saved as soon as it is added; its secret goes to the system keyring and is never shown again.")
        intro.setWordWrap(True)
        intro.setStyleSheet(theme.style(GREY))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("connections-table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.test_button = QPushButton("Test")
        self.test_button.setObjectName("connection-test")
        self.test_button.setToolTip("Sign in at the provider with the stored secret and say what it answered")
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setObjectName("connection-remove")
        self.new_button = QPushButton("Add connection…")
        self.new_button.setObjectName("connection-new")
        self.new_button.clicked.connect(lambda: self.show_form(True))
        self.add_button = QPushButton("Save connection")
        self.add_button.setObjectName("connection-add")
        self.add_button.setDefault(False)
        self.add_button.setAutoDefault(False)
        self.cancel_button = QPushButton("Discard")
        self.cancel_button.setObjectName("connection-cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(lambda: self.show_form(False))
        self.test_button.clicked.connect(lambda: self.test_selected())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        self.answer = QLabel()
        self.answer.setObjectName("connection-answer")
        self.answer.setWordWrap(True)
        profiles = sorted(context.catalogue().profiles.values(), key=lambda p: p.id)
        self.connection_form = ConnectionForm([(p.id, f"{p.name} ({p.id})") for p in profiles])
        self.form_problem = QLabel()
        self.form_problem.setObjectName("connection-form-problem")
        self.form_problem.setWordWrap(True)
        self.form_problem.setStyleSheet(theme.style(RED))
        add_row = QHBoxLayout()
        add_row.addWidget(self.form_problem, 1)
        add_row.addWidget(self.cancel_button)
        add_row.addWidget(self.add_button)
        self.connection_form.layout().addRow(add_row)  # type: ignore[union-attr]
        self.add_button.clicked.connect(lambda: self.add_connection())
        for at, widget in enumerate((intro, self.table)):
            self.layout_.insertWidget(at, widget, 1 if widget is self.table else 0)
        self.layout_.insertLayout(2, buttons)
        self.layout_.insertWidget(3, self.answer)
        self.layout_.insertWidget(4, self.connection_form)
        self.table.setMinimumHeight(110)
        self.connection_form.setVisible(False)  # shown by "Add connection…": the list has the room until then
        self._set_busy(False)
        if self.service is None or self._db is None:
            self._say("Connections cannot be changed from this window.", GREY)
            self.connection_form.setEnabled(False)
            self.add_button.setEnabled(False)
            self.new_button.setEnabled(False)
        else:
            self.reload()

    # -- the list -------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.service is None or self._db is None:
            return
        service = self.service
        self._db.submit(service.connections, self._on_listed,
                        lambda error: self._say(f"The connections could not be read: {error}", RED))

    def _on_listed(self, connections: list[Connection]) -> None:
        self.connections = connections
        self.table.setRowCount(len(connections))
        for row, c in enumerate(connections):
            cells = (c.name, PROVIDER.get(c.type, c.type), ", ".join(c.profiles), c.account or "", c.user or "", c.url)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        for column in range(len(COLUMNS) - 1):  # the API root takes what is left, elided in the middle
            self.table.resizeColumnToContents(column)
        if not connections and not self.answer.text():
            self._say("No connection yet: press “Add connection…” to add one.", GREY)
        if self._select_after_reload is not None:
            self.select(self._select_after_reload)
            self._select_after_reload = None
        elif connections and self.selected() is None:
            self.table.selectRow(0)  # Test and Remove are ready for the first one
        self._on_selection_changed()

    def selected(self) -> Connection | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.connections[rows.pop()] if len(rows) == 1 else None

    def select(self, name: str) -> None:
        for row, c in enumerate(self.connections):
            if c.name == name:
                self.table.selectRow(row)

    def _on_selection_changed(self) -> None:
        chosen = self.selected() is not None and not self._busy
        self.test_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # -- add ------------------------------------------------------------------------------------
    def show_form(self, shown: bool) -> None:
        """The new-connection form below the list; Discard empties it (the secret with the rest)."""
        if not shown:
            self.connection_form.clear()
            self.form_problem.clear()
        self.connection_form.setVisible(shown)
        self.new_button.setEnabled(not shown and self.service is not None)
        if shown:
            self.connection_form.name.setFocus()

    def add_connection(self) -> None:
        """Check the form, then store the secret and the connection off the GUI thread."""
        if self.service is None or self._db is None:
            return
        try:
            connection = self.connection_form.connection()
        except ConnectionProblem as exc:
            self.form_problem.setText(str(exc))
            return
        secret = self.connection_form.secret_text()
        if not secret:
            self.form_problem.setText(f"{self.connection_form.labels['secret'].text().rstrip(':')} cannot be empty.")
            return
        self.form_problem.clear()
        self._set_busy(True)
        service = self.service
        self._say(f"Adding {connection.name}…", GREY)
        self._db.submit(lambda: service.add(connection, secret), lambda _r: self._on_added(connection),
                        self._on_add_failed)

    def _on_added(self, connection: Connection) -> None:
        self._set_busy(False)
        self.show_form(False)  # the form is emptied, the secret with the rest: it lives in the keyring now
        self._say(f"{connection.name} added; its secret is in the keyring. Press Test to sign in with it.", GREEN)
        self._select_after_reload = connection.name
        self._changed()
        self.reload()

    def _on_add_failed(self, error: JobError) -> None:
        self._set_busy(False)
        cause = error.cause
        if isinstance(cause, SecretStoreUnavailable):
            self._say("Not added: there is no keyring to keep the secret in.", RED)
            self.show_message(NO_KEYRING_TITLE,
                              "PortDesk keeps carrier secrets only in the system keyring, and none can be used "
                              f"here, so the connection was not added.\n\n{cause}")
            return
        words = in_form_words(str(error))
        self.form_problem.setText(words if isinstance(cause, ConnectionProblem) else f"Not added: {words}")
        self._say("", GREY)

    # -- test -----------------------------------------------------------------------------------
    def test_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or self.service is None or self._net is None:
            return
        service, name = self.service, chosen.name
        self._set_busy(True)
        self._say(f"Testing {name}: asking {PROVIDER.get(chosen.type, chosen.type)}…", GREY)
        self._net.submit(lambda: service.test(name), lambda said: self._on_tested(name, said),
                         lambda error: self._on_test_failed(name, error))

    def _on_tested(self, name: str, said: str) -> None:
        self._set_busy(False)
        self._say(f"✓ {name}: {said}.", GREEN)

    def _on_test_failed(self, name: str, error: JobError) -> None:
        self._set_busy(False)
        cause = error.cause
        if isinstance(cause, SecretStoreUnavailable):
            self._say(f"✗ {name}: the keyring cannot be read, so the secret is out of reach.", RED)
            self.show_message(NO_KEYRING_TITLE, str(cause))
            return
        kind = {"auth": "the provider refused the credentials", "transient": "the provider could not be reached"}.get(
            getattr(cause, "kind", ""), "the test did not pass") if isinstance(cause, CarrierError) else "not tested"
        self._say(f"✗ {name}: {kind} — {error}", RED)

    # -- remove ---------------------------------------------------------------------------------
    def remove_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or self.service is None or self._db is None:
            return
        if not self.confirm("Remove connection",
                            f"Remove {chosen.name} and its secret from the keyring? Orders sent through it keep "
                            "their history; they are no longer followed until a connection serves them again."):
            return
        service, name = self.service, chosen.name
        self._set_busy(True)
        self._db.submit(lambda: service.remove(name), lambda _r: self._on_removed(name),
                        lambda error: self._on_remove_failed(name, error))

    def _on_removed(self, name: str) -> None:
        self._set_busy(False)
        self._say(f"{name} removed, and its secret with it.", GREEN)
        self._changed()
        self.reload()

    def _on_remove_failed(self, name: str, error: JobError) -> None:
        self._set_busy(False)
        self._say(f"{name} was not removed: {error}", RED)

    # -- helpers --------------------------------------------------------------------------------
    _busy = False
    _select_after_reload: str | None = None

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.add_button.setEnabled(not busy and self.service is not None)
        self.cancel_button.setEnabled(not busy)
        self._on_selection_changed()

    def _say(self, text: str, colour: str) -> None:
        self.answer.setText(text)
        self.answer.setStyleSheet(theme.style(colour))

    def _changed(self) -> None:
        if self.context.connections_changed is not None:
            self.context.connections_changed()

    # -- dialogs (tests override these) -----------------------------------------------------------
    def show_message(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes
