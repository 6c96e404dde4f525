"""Step 5: the Letter of Authorization. Generated from what was entered (every number, the gaining
provider, the authorised user), previewed page by page, then e-signed here (drawn on the pad or the
name typed in a script font) or replaced by an LOA signed elsewhere (signer and date asked).

Generating, signing and rendering run on the PDF thread. The signed LOA is stored with the draft and
the signature is written to the order's history with the SHA-256 of the unsigned document.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.documents import DocumentFacts
from portdesk.domain.loa_contents import LoaText
from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.domain.rules_submission import loa_basis
from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, read_regular_file
from portdesk.services.bills import RenderedPage
from portdesk.services.ports import NewDocument
from portdesk.services.signature_requests import RETURNED_METHOD, ReceivedLoa
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.base import (
    ERROR_STYLE,
    OK_STYLE,
    WizardPage,
    add_row,
    describe_findings,
    line_edit,
    note_label,
)
from portdesk.ui.wizard.context import WizardContext
from portdesk.ui.wizard.loa_order import ensure_port_date, loa_order
from portdesk.ui.wizard.loa_preview import LoaPreview, render_pages
from portdesk.ui.wizard.loa_send import SendForSignatureBox
from portdesk.ui.wizard.signature_pad import SignaturePad

Rendered = tuple[int, list[RenderedPage]]


def choose_pdf(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Choose the signed LOA", "", "PDF files (*.pdf);;All files (*)")
    return path


def loa_filename(order: PortOrder, signed: bool = True) -> str:
    stem = "".join(ch if ch.isalnum() or ch in " -_.,&" else " " for ch in order.display_name()).strip()
    return f"LOA{' signed' if signed else ''} - {' '.join(stem.split())[:60] or 'order'}.pdf"


class LoaPage(WizardPage):
    title = "LOA"
    subtitle = ("The Letter of Authorization lets the gaining provider take the numbers. It is written from what "
                "you entered; the authorised user signs it here, or you attach one signed on paper.")

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.choose_file: Callable[[QWidget], str] = choose_pdf  # tests pick the file
        self.unsigned: bytes | None = None
        self.signed: bytes | None = None
        self._preview_basis: str | None = None
        self._external_path: Path | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("LOA status")
        self.status.setStyleSheet("font-weight: bold;")
        self.signer = line_edit("the authorised user, as on the account")
        self.signer_title = line_edit("e.g. Owner, Office manager")
        self.draw_radio = QRadioButton("&Draw the signature")
        self.type_radio = QRadioButton("T&ype the name (script font)")
        self.external_radio = QRadioButton("Attach an LOA signed &elsewhere")
        self.send_radio = QRadioButton("Send it to the customer to sign by e-&mail")
        self.method_group = QButtonGroup(self)
        for button in (self.draw_radio, self.type_radio, self.external_radio, self.send_radio):
            self.method_group.addButton(button)
        self.pad = SignaturePad()
        self.clear_button = QPushButton("&Clear the pad")
        self.typed_preview = QLabel()
        self.typed_preview.setStyleSheet("font-family: 'URW Chancery L', 'Z003', cursive; font-style: italic;"
                                         f" font-size: 26pt; color: {theme.hex_of('ink')}; padding: 8px;"
                                         f" background: {theme.hex_of('signature.paper')};")
        self.typed_preview.setMinimumHeight(70)
        self.typed_preview.setAccessibleName("Typed signature preview")
        self.external_file = QPushButton("C&hoose the signed PDF…")
        self.external_label = note_label()
        self.signed_on = QDateEdit()
        self.signed_on.setCalendarPopup(True)
        self.signed_on.setDisplayFormat("yyyy-MM-dd")
        self.sign_button = QPushButton("&Sign the LOA")
        self.problem = note_label(style=ERROR_STYLE)
        self.problem.setAccessibleName("LOA problem")
        self.findings_label = note_label()
        self.preview = LoaPreview()
        self.send_box = SendForSignatureBox(ctx)
        self._build_layout()
        inner = self.signed_on.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName("Date the LOA was signed")
        self._connect()

    def _build_layout(self) -> None:
        form = QFormLayout()
        add_row(form, "Si&gner's name:", self.signer, "Signer's name")
        add_row(form, "Signer's &title:", self.signer_title, "Signer's title")
        form.addRow("Signature:", self.draw_radio)
        form.addRow("", self.type_radio)
        form.addRow("", self.external_radio)
        form.addRow("", self.send_radio)
        self.draw_box = QWidget()
        draw = QVBoxLayout(self.draw_box)
        draw.setContentsMargins(0, 0, 0, 0)
        draw.addWidget(self.pad)
        draw.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.external_box = QWidget()
        external = QFormLayout(self.external_box)
        external.setContentsMargins(0, 0, 0, 0)
        external.addRow(self.external_file)
        external.addRow(self.external_label)
        add_row(external, "Signed o&n:", self.signed_on, "Date the LOA was signed")
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.status)
        column.addLayout(form)
        column.addWidget(self.draw_box)
        column.addWidget(self.typed_preview)
        column.addWidget(self.external_box)
        column.addWidget(self.send_box)
        column.addWidget(self.sign_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.problem)
        column.addWidget(self.findings_label)
        column.addStretch(1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        QHBoxLayout(self).addWidget(split)

    def _connect(self) -> None:
        self.signer.textEdited.connect(self._on_signer_edited)
        self.signer_title.textEdited.connect(self._on_title_edited)
        self.method_group.buttonToggled.connect(self._on_method_toggled)
        self.pad.changed.connect(self._update_sign_button)
        self.clear_button.clicked.connect(self.pad.clear)
        self.external_file.clicked.connect(self._on_external_file_clicked)
        self.signed_on.dateChanged.connect(self._on_signed_on_changed)
        self.sign_button.clicked.connect(self._on_sign_clicked)
        self.send_box.received.connect(self._on_returned)

    # -- showing -----------------------------------------------------------------------------------
    def load(self) -> None:
        ctx = self.ctx
        state = ctx.state
        with self.loading():
            self.signer.setText(state.get("loa_signer") or ctx.order.account.authorized_user or "")
            self.signer_title.setText(state.get("loa_signer_title") or "")
            method = state.get("loa_method_chosen") or state.get("loa_method", "drawn")
            {"typed": self.type_radio, "external": self.external_radio, "send": self.send_radio,
             RETURNED_METHOD: self.send_radio}.get(method, self.draw_radio).setChecked(True)
            self.signed_on.setMaximumDate(QDate(ctx.today.year, ctx.today.month, ctx.today.day))
            self.signed_on.setDate(QDate(ctx.today.year, ctx.today.month, ctx.today.day))
        info = ctx.draft.latest("loa") if ctx.draft else None
        if info is not None and "loa" in ctx.order.documents and self.signed is None:
            drafts, document_id = ctx.adapters.drafts, info.id
            data = ctx.db.call(lambda: drafts.document(document_id).data)
            self.signed = data
            if ctx.adapters.inspect_document is not None:
                ctx.pdf.submit(lambda: ctx.measure_loa(info.filename, data), self._on_loa_measured,
                                        lambda _message: None)
        self.send_box.load()
        self._show_method()

    def entered(self) -> None:
        if ensure_port_date(self.ctx):  # the LOA states the date, so it is known before signing
            self._changed()
        if not self.signer.text().strip() and self.ctx.order.account.authorized_user:
            self.signer.setText(self.ctx.order.account.authorized_user)
            self._on_signer_edited(self.signer.text())
        self._show_status()
        if self.signed is not None and not self._outdated():
            self._render(self.signed, "Signed LOA")
        else:
            self._generate_preview()

    def _outdated(self) -> bool:
        basis = self.ctx.state.get("loa_basis")
        return bool(basis) and basis != loa_basis(self.ctx.order)

    def _show_status(self) -> None:
        ref = self.ctx.order.documents.get("loa")
        if ref is None:
            day = self.ctx.order.requested_date
            self.status.setText("Not signed yet." + (f" It asks for the port on {day} (change the date in step 6 "
                                                     "before signing)." if day else ""))
            self.status.setStyleSheet("font-weight: bold;")
        elif self._outdated():
            self.status.setText("The order changed after the LOA was signed: sign a new one.")
            self.status.setStyleSheet(f"font-weight: bold; {ERROR_STYLE}")
        else:
            how = {"external": "signed elsewhere", RETURNED_METHOD: "signed by the customer and returned"}.get(
                str(self.ctx.state.get("loa_method")), "signed here")
            self.status.setText(f"✔ LOA {how} by {ref.signed_by} on {ref.signed_on}.")
            self.status.setStyleSheet(f"font-weight: bold; {OK_STYLE}")
        findings = [f for f in self.ctx.findings() if f.field.startswith("documents.loa")]
        self.findings_label.setText(describe_findings(findings) if ref is not None else "")
        self._update_sign_button()

    def _show_method(self) -> None:
        external = self.external_radio.isChecked()
        self.draw_box.setVisible(self.draw_radio.isChecked())
        self.typed_preview.setVisible(self.type_radio.isChecked())
        self.typed_preview.setText(self.signer.text().strip() or "Your name here")
        self.external_box.setVisible(external)
        self.send_box.setVisible(self.send_radio.isChecked())
        self.sign_button.setVisible(not self.send_radio.isChecked())  # the box has its own buttons
        self.sign_button.setText("Attach the signed &LOA" if external else "&Sign the LOA")
        self._update_sign_button()

    def _update_sign_button(self) -> None:
        ready = bool(self.signer.text().strip())
        if self.draw_radio.isChecked():
            ready = ready and not self.pad.is_empty()
        elif self.external_radio.isChecked():
            ready = ready and self._external_path is not None
        self.sign_button.setEnabled(ready)
        self.sign_button.setDefault(False)

    # -- preview -----------------------------------------------------------------------------------
    def _generate_preview(self) -> None:
        generate, reader = self.ctx.adapters.generate_loa, self.ctx.adapters.reader
        if generate is None:
            self.preview.show_message("LOA generation is not available in this window.")
            return
        basis = loa_basis(self.ctx.order)
        if basis == self._preview_basis and self.unsigned is not None:
            return
        self._preview_basis = basis
        order = loa_order(self.ctx)
        self.preview.show_message("Writing the LOA…")

        def job() -> tuple[bytes, Rendered | None]:
            data = generate(order)
            return data, render_pages(reader, data) if reader is not None else None

        self.ctx.pdf.submit(job, self._on_generated, self._on_pdf_failed)

    def _on_generated(self, result: tuple[bytes, Rendered | None]) -> None:
        self.unsigned, rendered = result
        if self.signed is not None and not self._outdated():
            return
        if rendered is None:
            self.preview.show_message(f"LOA written ({len(self.unsigned):,} bytes); no preview available.")
        else:
            self.preview.show_pages("Unsigned LOA", *rendered)

    def _render(self, data: bytes, title: str) -> None:
        reader = self.ctx.adapters.reader
        if reader is None:
            self.preview.show_message(f"{title}: no preview available.")
            return
        self.ctx.pdf.submit(lambda: render_pages(reader, data),
                                     lambda rendered: self.preview.show_pages(title, *rendered),
                                     self._on_pdf_failed)

    def _on_pdf_failed(self, message: str) -> None:
        self.problem.setText(f"The LOA could not be prepared: {message}")

    # -- editing ---------------------------------------------------------------------------------------
    def _on_signer_edited(self, _text: str) -> None:
        self.ctx.state["loa_signer"] = self.signer.text().strip() or None
        self.typed_preview.setText(self.signer.text().strip() or "Your name here")
        self._update_sign_button()
        self._changed()

    def _on_title_edited(self, text: str) -> None:
        self.ctx.state["loa_signer_title"] = " ".join(text.split()) or None
        self._changed()

    def _on_method_toggled(self, *_: object) -> None:
        method = "typed" if self.type_radio.isChecked() else "external" if self.external_radio.isChecked() \
            else "send" if self.send_radio.isChecked() else "drawn"
        self._show_method()
        if not self._loading:
            self.ctx.state["loa_method_chosen"] = method
            self._changed()

    def _on_signed_on_changed(self, _date: QDate) -> None:
        self._changed()

    def _on_external_file_clicked(self) -> None:
        path = self.choose_file(self)
        if not path:
            return
        self._external_path = Path(path)
        self.external_label.setText(f"Chosen: <b>{self._external_path.name}</b>")
        self._update_sign_button()

    # -- signing -----------------------------------------------------------------------------------------
    def _on_sign_clicked(self) -> None:
        self.problem.setText("")
        if self.external_radio.isChecked():
            self._attach_external()
        else:
            self._sign_here()

    def _sign_here(self) -> None:
        ctx = self.ctx
        generate, sign = ctx.adapters.generate_loa, ctx.adapters.sign_loa
        if generate is None or sign is None:
            self.problem.setText("Signing is not available in this window.")
            return
        signer = " ".join(self.signer.text().split())
        typed = self.type_radio.isChecked()
        png = None if typed else self.pad.to_png()
        if not typed and not png:
            self.problem.setText("Draw the signature on the pad first (or choose to type the name).")
            return
        order = copy.deepcopy(ctx.order)  # what the LOA was signed for (its basis)
        written = loa_order(ctx)  # what it says: the full legal name, the requested date
        title = " ".join(self.signer_title.text().split()) or None
        signed_at = ctx.adapters.drafts.now().astimezone()  # the coordinator's local time, with its offset
        filename = loa_filename(order)
        reader = ctx.adapters.reader

        def job() -> dict[str, Any]:
            unsigned = generate(written)
            signed = sign(unsigned, signer, signed_at, signature_png=png, typed=typed, title=title)
            return {"unsigned": unsigned, "signed": signed, "measured": ctx.measure_loa(filename, signed),
                    "rendered": render_pages(reader, signed) if reader else None}

        self.sign_button.setEnabled(False)
        self.preview.show_message("Signing…")
        ctx.pdf.submit(job, lambda r: self._on_signed(r, signer, signed_at, filename, typed, order),
                                self._on_sign_failed)

    def _on_sign_failed(self, message: str) -> None:
        self.problem.setText(f"The LOA was not signed: {message}")
        self._update_sign_button()

    def _on_signed(self, result: dict[str, Any], signer: str, signed_at: dt.datetime, filename: str,
                   typed: bool, basis_order: PortOrder) -> None:
        ctx = self.ctx
        if not ctx.ensure_draft() or ctx.draft is None:
            self._on_sign_failed("the draft could not be saved; try again")
            return
        unsigned_sha = hashlib.sha256(result["unsigned"]).hexdigest()
        method = "typed" if typed else "drawn"
        drafts, order_id = ctx.adapters.drafts, ctx.draft.order_id
        try:
            info = ctx.db.call(lambda: drafts.attach(
                order_id, NewDocument("loa", filename, result["signed"]), kind="signature",
                text=f"LOA signed at the desk by {drafts.author} for {signer} ({method} signature) at "
                     f"{signed_at.isoformat(timespec='seconds')}; SHA-256 of the unsigned LOA {unsigned_sha}",
                data={"signer": signer, "signed_at": signed_at.isoformat(timespec="seconds"),
                      "unsigned_sha256": unsigned_sha, "method": method}))
        except Exception as exc:
            self._on_sign_failed(f"the signed LOA was not stored ({exc}); try again")
            return
        ctx.draft.documents.append(info)
        self._stored(filename, result["signed"], signer, signed_at.date(), method, basis_order, *result["measured"])
        if result["rendered"] is not None:
            self.preview.show_pages("Signed LOA", *result["rendered"])
        self.pad.clear()

    def _attach_external(self) -> None:
        ctx = self.ctx
        path = self._external_path
        signer = " ".join(self.signer.text().split())
        if path is None or not signer:
            return
        day = self.signed_on.date().toPython()
        order = copy.deepcopy(ctx.order)

        def job() -> tuple[bytes, DocumentFacts | None, LoaText | None]:
            data = read_regular_file(path, MAX_DOCUMENT_BYTES, "an LOA")  # not a FIFO or a device
            return (data, *ctx.measure_loa(path.name, data))

        def done(result: tuple[bytes, DocumentFacts | None, LoaText | None]) -> None:
            data, facts, text = result
            if facts is not None and (not facts.is_pdf or not facts.readable or facts.encrypted):
                self.problem.setText(f"{path.name} is not a readable PDF ({facts.problem or 'cannot be opened'}). "
                                     "Scan or export the signed LOA to an unprotected PDF.")
                return
            if not ctx.ensure_draft() or ctx.draft is None:
                self._on_sign_failed("the draft could not be saved; try again")
                return
            drafts, order_id = ctx.adapters.drafts, ctx.draft.order_id
            try:
                info = ctx.db.call(lambda: drafts.attach(
                    order_id, NewDocument("loa", path.name, data), kind="signature",
                    text=f"LOA signed elsewhere attached: {path.name}, signed by {signer} on {day.isoformat()}",
                    data={"signer": signer, "signed_on": day.isoformat(), "method": "external"}))
            except Exception as exc:
                self._on_sign_failed(f"the signed LOA was not stored ({exc}); try again")
                return
            ctx.draft.documents.append(info)
            self._stored(path.name, data, signer, day, "external", order, facts, text)
            self._render(data, "Signed LOA (attached)")

        ctx.pdf.submit(job, done, lambda message: self.problem.setText(f"{path.name}: {message}"))

    def _stored(self, filename: str, data: bytes, signer: str, day: dt.date, method: str,
                basis_order: PortOrder, facts: DocumentFacts | None, text: LoaText | None = None) -> None:
        ctx = self.ctx
        self.signed = data
        ctx.order.documents["loa"] = DocumentRef("loa", path=filename, signed_by=signer, signed_on=day.isoformat())
        ctx.state["loa_basis"] = loa_basis(basis_order)
        ctx.state["loa_method"] = method
        ctx.loa_text = text
        if facts is not None:
            ctx.facts["loa"] = facts
        else:
            ctx.facts.pop("loa", None)
        self._show_status()
        self._changed()

    def _on_returned(self, received: ReceivedLoa, data: bytes) -> None:
        """The customer's signed copy, proven to be the LOA sent: the order's LOA from now on."""
        ctx = self.ctx
        name = received.document.filename

        def done(measured: tuple[DocumentFacts | None, LoaText | None]) -> None:
            if ctx.draft is not None:
                ctx.draft.documents.append(received.document)
            self._stored(name, data, received.verdict.signer, received.signed_on, RETURNED_METHOD, ctx.order,
                         *measured)
            ctx.state["loa_basis"] = received.sent.basis  # signed for what was sent, not for what is typed now
            self._show_status()
            self._changed()
            self._render(data, "Signed LOA (returned by the customer)")

        ctx.pdf.submit(lambda: ctx.measure_loa(name, data), done, self._on_pdf_failed)

    def _on_loa_measured(self, measured: tuple[DocumentFacts | None, LoaText | None]) -> None:
        facts, self.ctx.loa_text = measured
        if facts is not None:
            self.ctx.facts["loa"] = facts
        self._show_status()
