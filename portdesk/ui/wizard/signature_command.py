"""Order → "Send LOA for signature…" and "Attach the signed LOA…": the customer signs by e-mail for the
order selected in the queue, without opening the wizard (services.signature_requests does the work;
the wizard's LOA step offers the same for the order it holds).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar

from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, read_regular_file
from portdesk.services.signature_requests import ReceivedLoa, SentForSignature, SignatureRequests
from portdesk.ui.jobs import JobError, JobRunner
from portdesk.ui.wizard.loa_send import mail_as_text

if TYPE_CHECKING:
    from portdesk.ui.main_window import MainWindow


def _order_menu(bar: QMenuBar) -> QMenu:
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == "Order":
            return menu
    return bar.addMenu("&Order")


class SignatureCommand(QObject):
    failed = Signal(str, object)  # what was being done, the exception

    def __init__(self, signatures: SignatureRequests, jobs: JobRunner, folder: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signatures, self.folder = signatures, folder
        self._db = jobs.lane("db")
        self._selected: int | None = None
        self._window: MainWindow | None = None
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl  # tests watch instead
        self.send_action = QAction("Send LOA for si&gnature…", self)
        self.send_action.setToolTip("Write the selected order's LOA to sign and open an e-mail to its authorised user")
        self.send_action.triggered.connect(self.send_selected)
        self.attach_action = QAction("Attach the signed L&OA…", self)
        self.attach_action.setToolTip("Take back the LOA the customer signed: it must be the one sent, unchanged")
        self.attach_action.triggered.connect(self._on_attach_triggered)
        for action in (self.send_action, self.attach_action):
            action.setEnabled(False)

    def install(self, window: MainWindow) -> None:
        self._window = window
        menu = _order_menu(window.menuBar())
        menu.addSeparator()
        menu.addAction(self.send_action)
        menu.addAction(self.attach_action)
        self.failed.connect(window.show_error)
        window.tabs.follow_selection(self._on_order_selected)

    def ask_signed_path(self) -> Path | None:
        """The file dialog (tests override it)."""
        path, _ = QFileDialog.getOpenFileName(self._window, "Choose the signed LOA the customer sent back", "",
                                              "PDF files (*.pdf);;All files (*)")
        return Path(path) if path else None

    # -- actions -------------------------------------------------------------------------------------
    def send_selected(self) -> None:
        order_id, signatures, folder = self._selected, self.signatures, self.folder
        if order_id is None:
            return
        self._db.submit(lambda: signatures.send(order_id, folder), self._on_sent,
                        lambda error: self._failed("The LOA was not sent for signature", error))

    def attach_signed(self, path: Path) -> None:
        order_id, signatures = self._selected, self.signatures
        if order_id is None:
            return

        def job() -> ReceivedLoa:
            data = read_regular_file(path, MAX_DOCUMENT_BYTES, "the signed LOA")
            return signatures.receive(order_id, data, path.name)

        self._db.submit(job, self._on_received, lambda error: self._failed("The signed LOA was not accepted", error))

    # -- results -------------------------------------------------------------------------------------
    def _on_sent(self, out: SentForSignature) -> None:
        message = f"LOA to sign written to {out.path}: attach it to the e-mail to {out.sent.signer}."
        if self.open_url(QUrl(out.mailto)) is False:  # no mail program on this desktop
            QGuiApplication.clipboard().setText(mail_as_text(out.mailto))
            message += " No mail program answered: the e-mail is on the clipboard."
        self._status(message)

    def _on_received(self, received: ReceivedLoa) -> None:
        self._status(f"Signed LOA accepted: signed by {received.verdict.signer} on {received.signed_on.isoformat()}.")

    def _failed(self, title: str, error: JobError) -> None:
        self.failed.emit(title, error.cause if error.cause is not None else error)

    def _status(self, text: str) -> None:
        if self._window is not None:
            self._window.statusBar().showMessage(text, 15_000)

    def _on_order_selected(self, order_id: int | None) -> None:
        self._selected = order_id
        for action in (self.send_action, self.attach_action):
            action.setEnabled(order_id is not None)

    def _on_attach_triggered(self) -> None:
        path = self.ask_signed_path()
        if path is not None:
            self.attach_signed(path)
