"""The LOA step's "send it to the customer to sign": write the LOA to sign and open an e-mail draft to
the authorised user, then attach the signed copy when it comes back (services.signature_requests
proves it is the letter sent, unchanged, with a signature added, or says why not).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from portdesk.domain.loa_return import SentLoa
from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, read_regular_file
from portdesk.services.signature_requests import ReceivedLoa, SentForSignature
from portdesk.ui.jobs import JobError
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.base import note_label
from portdesk.ui.wizard.context import WizardContext


def _words(error: JobError) -> str:
    return str(error.cause) if error.cause is not None else str(error)


def local_time(iso: str) -> str:
    """An ISO time as the coordinator's clock shows it (2026-11-20 09:05)."""
    try:
        return f"{dt.datetime.fromisoformat(iso).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return iso[:16].replace("T", " ")


def mail_as_text(mailto: str) -> str:
    """A mailto: link as a message to paste: To, Subject, then the body."""
    link = urlsplit(mailto)
    query = parse_qs(link.query)
    return (f"To: {unquote(link.path)}\nSubject: {query.get('subject', [''])[0]}\n\n"
            f"{query.get('body', [''])[0]}")


def choose_signed_copy(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Choose the signed LOA the customer sent back", "",
                                          "PDF files (*.pdf);;All files (*)")
    return path


class SendForSignatureBox(QWidget):
    received = Signal(object, bytes)  # ReceivedLoa, the signed PDF's bytes

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl  # tests watch instead
        self.choose_file: Callable[[QWidget], str] = choose_signed_copy
        self.sent: SentLoa | None = None
        self.sent_path: Path | None = None
        self.explain = note_label("PortDesk writes the LOA with a signature field and opens an e-mail to the "
                                  "authorised user in your mail program. When the signed copy comes back, attach "
                                  "it here: PortDesk checks it is the letter it sent, unchanged, with a signature.")
        self.send_button = QPushButton("Send for signat&ure…")
        self.send_button.setAccessibleName("Send the LOA for signature by e-mail")
        self.show_file_button = QPushButton("Show the &file")
        self.show_file_button.setEnabled(False)
        self.sent_label = note_label()
        self.sent_label.setAccessibleName("Sent for signature")
        self.attach_button = QPushButton("Attach the signed &copy…")
        self.attach_button.setEnabled(False)
        self.result = note_label()
        self.result.setAccessibleName("Signed copy check")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.send_button)
        row.addWidget(self.show_file_button)
        row.addWidget(self.attach_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explain)
        layout.addLayout(row)
        layout.addWidget(self.sent_label)
        layout.addWidget(self.result)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.show_file_button.clicked.connect(self._on_show_file_clicked)
        self.attach_button.clicked.connect(self._on_attach_clicked)

    @property
    def available(self) -> bool:
        return self.ctx.adapters.signatures is not None and self.ctx.adapters.signature_folder is not None

    def load(self) -> None:
        """What was sent before (a resumed draft): the latest LOA sent for this order."""
        signatures, draft = self.ctx.adapters.signatures, self.ctx.draft
        self.send_button.setEnabled(self.available)
        if not self.available:
            self.sent_label.setText("Sending for signature is not available in this window.")
            return
        if signatures is not None and draft is not None:
            order_id = draft.order_id
            self._show_sent(self.ctx.db.call(lambda: signatures.last_sent(order_id)), None)

    def _show_sent(self, sent: SentLoa | None, path: Path | None) -> None:
        self.sent, self.sent_path = sent, path
        self.attach_button.setEnabled(sent is not None)
        self.show_file_button.setEnabled(path is not None)
        if sent is None:
            self.sent_label.setText("")
            return
        to = f"{sent.signer} &lt;{sent.email}&gt;" if sent.email else f"{sent.signer} (no e-mail address on the order)"
        where = f" Attach <b>{path}</b> to the e-mail before you send it." if path else ""
        self.sent_label.setText(f"Sent for signature on {local_time(sent.sent_at)} to {to}: "
                                f"{sent.filename}.{where}")

    # -- sending ---------------------------------------------------------------------------------------
    def _on_send_clicked(self) -> None:
        ctx, signatures, folder = self.ctx, self.ctx.adapters.signatures, self.ctx.adapters.signature_folder
        if signatures is None or folder is None:
            return
        if not ctx.ensure_draft() or ctx.draft is None:
            self._say("The draft could not be saved, so nothing was sent; try again.", error=True)
            return
        order, order_id = copy.deepcopy(ctx.order), ctx.draft.order_id
        self.send_button.setEnabled(False)
        self._say("Writing the LOA to sign…")
        ctx.db.submit(lambda: signatures.send(order_id, folder, order), self._on_sent, self._on_send_failed)

    def _on_sent(self, out: SentForSignature) -> None:
        self.send_button.setEnabled(True)
        self._show_sent(out.sent, out.path)
        if self.open_url(QUrl(out.mailto)) is False:  # no mail program on this desktop: the e-mail as text
            QGuiApplication.clipboard().setText(mail_as_text(out.mailto))
            self._say("No mail program answered, so the e-mail is on the clipboard: paste it into a new message "
                      "and attach the file named above.", error=True)
        else:
            self._say("Your mail program opens with the e-mail to the customer. Attach the file named above.")

    def _on_send_failed(self, error: JobError) -> None:
        self.send_button.setEnabled(True)
        self._say(f"The LOA was not sent for signature: {_words(error)}", error=True)

    def _on_show_file_clicked(self) -> None:
        if self.sent_path is not None:
            self.open_url(QUrl.fromLocalFile(str(self.sent_path.parent)))

    # -- receiving -------------------------------------------------------------------------------------
    def _on_attach_clicked(self) -> None:
        path = self.choose_file(self)
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        """Hold the returned copy to what was sent; on success `received` carries it to the LOA step."""
        ctx, signatures = self.ctx, self.ctx.adapters.signatures
        if signatures is None or ctx.draft is None:
            return
        order_id = ctx.draft.order_id

        def job() -> tuple[ReceivedLoa, bytes]:
            data = read_regular_file(path, MAX_DOCUMENT_BYTES, "the signed LOA")
            return signatures.receive(order_id, data, path.name, update_order=False), data

        self.attach_button.setEnabled(False)
        self._say(f"Checking {path.name}…")
        ctx.db.submit(job, self._on_received, self._on_receive_failed)

    def _on_received(self, result: tuple[ReceivedLoa, bytes]) -> None:
        received, data = result
        self.attach_button.setEnabled(True)
        self._say(f"✔ Signed by {received.verdict.signer}; {received.verdict.reason}", ok=True)
        self.received.emit(received, data)

    def _on_receive_failed(self, error: JobError) -> None:
        self.attach_button.setEnabled(self.sent is not None)
        self._say(_words(error), error=True)

    def _say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(theme.style("error") if error else theme.style("ok") if ok else "")
