"""Step 7: everything on one page, the pre-flight findings (Enter or double-click jumps to the step
that fixes one), the four agreements, then Submit (refused while errors remain: the order goes to
Progressing as "queued for sending") — or Save and continue later. The summary PDF and the
submission package (for providers without an API) are made from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.findings import Finding
from portdesk.domain.order import PortOrder
from portdesk.domain.rules_submission import AGREEMENTS
from portdesk.platform.safe_files import write_private_atomically
from portdesk.services.drafts import SubmitRefused
from portdesk.services.package import package_name, write_folder, write_zip
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.base import ERROR_STYLE, OK_STYLE, WizardPage, note_label
from portdesk.ui.wizard.context import WizardContext, step_of
from portdesk.ui.wizard.formatting import national, plural

STEP_NAMES = ("Name and type", "Bill", "Account", "Numbers", "LOA", "Date and contacts", "Review")
SHOWN_NUMBERS = 12


class FindingsList(QListWidget):
    """Enter jumps to the finding's step and stops there: a list view passes Enter on to the dialog,
    whose default button (Next) would move on again."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.itemActivated.emit(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def review_html(order: PortOrder, profile_name: str) -> str:
    """The order as the carrier will read it, section by section (the PIN never shown)."""
    acc = order.account
    addr = acc.service_address
    street = _esc(addr.line1 or "—") + (f", {_esc(addr.line2)}" if addr.line2 else "")
    where = " ".join(x for x in (addr.city and f"{addr.city},", addr.state, addr.postal_code) if x)
    kind = "toll-free" if order.kind == "toll_free" else "local"
    numbers = ", ".join(national(n) for n in order.numbers[:SHOWN_NUMBERS])
    if len(order.numbers) > SHOWN_NUMBERS:
        numbers += f" … and {len(order.numbers) - SHOWN_NUMBERS} more"
    port = {"full": "full port (the account closes)", "partial": "partial port"}.get(order.port_type or "", "—")
    if order.port_type == "partial" and order.new_btn:
        port += f", new BTN {national(order.new_btn)}"
    bill, loa = order.documents.get("bill"), order.documents.get("loa")
    when = order.requested_date or "—"
    if order.requested_time:
        when += f" at {order.requested_time} {order.timezone}"
    contacts = "; ".join(" · ".join(_esc(x) for x in (c.name, c.email, national(c.phone)) if x)
                         for c in order.contacts) or "—"
    rows = [
        (0, "Request", f"<b>{_esc(order.display_name())}</b> · {kind} · {_esc(profile_name)}"),
        (1, "Bill", f"{_esc(bill.path)} · statement {_esc(bill.date or 'not confirmed')}" if bill else "—"),
        (2, "Account", f"{_esc(order.losing_carrier or '—')} · {_esc(acc.name or '—')} · no. "
                       f"{_esc(acc.number or '—')} · PIN {'given' if acc.pin else '—'} · BTN {national(acc.btn) or '—'}"
                       f" · authorised user {_esc(acc.authorized_user or '—')}"),
        (2, "Service address", f"{street}, {_esc(where) or '—'}"),
        (3, "Numbers", f"<b>{plural(len(order.numbers), 'number')}</b>, {port}<br>{numbers or '—'}"),
        (4, "LOA", f"signed by {_esc(loa.signed_by)} on {_esc(loa.signed_on)}" if loa and loa.signed_by else "not signed"),
        (5, "Date", _esc(when)),
        (5, "Contacts", contacts),
    ]
    body = "".join(f'<tr><td style="padding:3px 12px 3px 0; color:{theme.hex_of("muted")}"><b>{label}</b></td>'
                   f'<td style="padding:3px 12px 3px 0">{value}</td>'
                   f'<td><a href="step:{step}">Edit</a></td></tr>' for step, label, value in rows)
    return f"<table>{body}</table>"


class ReviewPage(WizardPage):
    title = "Review"
    subtitle = "Check everything once more, tick the agreements with the customer, then submit."
    submitted = Signal(int)  # the order id, now queued

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ask_path: Callable[[QWidget, str, str, str], Path | None] = ask_save_path  # tests answer
        self.submitted_id: int | None = None  # set once the order is queued: Submit is done for good
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.summary.setAccessibleName("Order summary")
        self.findings_title = QLabel()
        self.findings = FindingsList()
        self.findings.setAccessibleName("Pre-flight findings (Enter jumps to the step that fixes one)")
        self.findings.setWordWrap(True)
        self.findings.setMinimumHeight(110)
        self.agreement_boxes: dict[str, QCheckBox] = {}
        agreements = QGroupBox("Agreements (read them with the customer)")
        column = QVBoxLayout(agreements)
        for number, (key, text) in enumerate(AGREEMENTS, start=1):
            box = QCheckBox(f"&{number}  {text}")
            box.setAccessibleName(f"Agreement {number}: {text}")
            box.toggled.connect(self._on_agreement_toggled)
            self.agreement_boxes[key] = box
            column.addWidget(box)
        self.summary_button = QPushButton("Summary &PDF…")
        self.package_button = QPushButton("Submission pac&kage…")
        self.package_button.setToolTip("Summary PDF, numbers CSV, bill and signed LOA in one folder or zip, for "
                                       "providers without an API (Plivo, 8x8 consoles)")
        self.submit_button = QPushButton("S&ubmit the order")
        self.submit_button.setStyleSheet("font-weight: bold; padding: 4px 14px;")
        self.result = note_label()
        self.result.setAccessibleName("Submit result")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary_button)
        buttons.addWidget(self.package_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.findings_title)
        layout.addWidget(self.findings, 1)
        layout.addWidget(agreements)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

        self.summary.linkActivated.connect(self._on_link_activated)
        self.findings.itemActivated.connect(self._on_finding_activated)
        self.summary_button.clicked.connect(self._on_summary_clicked)
        self.package_button.clicked.connect(self._on_package_clicked)
        self.submit_button.clicked.connect(self.submit)

    def load(self) -> None:
        ticked = self.ctx.state.get("agreements")
        done = set(ticked) if isinstance(ticked, list) else set()
        with self.loading():
            for key, box in self.agreement_boxes.items():
                box.setChecked(key in done)

    def entered(self) -> None:
        self.refresh()

    def refresh(self) -> list[Finding]:
        ctx = self.ctx
        self.summary.setText(review_html(ctx.order, ctx.profile.name))
        findings = ctx.findings()
        errors = sum(1 for f in findings if f.is_error)
        self.findings.clear()
        for f in findings:
            step = step_of(f.field)
            mark = "✖" if f.is_error else "⚠"
            item = QListWidgetItem(f"{mark} {f.message}   → step {step + 1}, {STEP_NAMES[step]}")
            item.setData(Qt.ItemDataRole.UserRole, step)
            item.setForeground(theme.colour("error" if f.is_error else "warning"))
            item.setToolTip(f"{f.code} ({f.field}). Press Enter to go to step {step + 1}.")
            self.findings.addItem(item)
        if findings:
            self.findings_title.setText(f"<b>Pre-flight: {plural(errors, 'error')}, "
                                        f"{plural(len(findings) - errors, 'warning')}</b> — errors block submitting")
        else:
            self.findings_title.setText("<b>Pre-flight: nothing found</b> — ready to submit")
        self.submit_button.setEnabled(errors == 0 and self.submitted_id is None)
        self.submit_button.setToolTip("" if errors == 0 else "Fix the errors listed above first")
        return findings

    # -- slots --------------------------------------------------------------------------------------
    def _on_link_activated(self, link: str) -> None:
        if link.startswith("step:"):
            self.step_requested.emit(int(link.split(":", 1)[1]))

    def _on_finding_activated(self, item: QListWidgetItem) -> None:
        self.step_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_agreement_toggled(self, _checked: bool) -> None:
        if self._loading:
            return
        self.ctx.state["agreements"] = [k for k, box in self.agreement_boxes.items() if box.isChecked()]
        self.refresh()
        self._changed()

    def submit(self) -> bool:
        """Queue the order for the carrier; False (and the reasons shown) while errors remain."""
        ctx = self.ctx
        if self.submitted_id is not None:  # queued already: a second click must not try to save a draft
            self._say(f"Not submitted again: order #{self.submitted_id} was already submitted and is queued "
                      "for sending in Progressing.", False)
            self.submit_button.setEnabled(False)
            return False
        findings = self.refresh()
        if any(f.is_error for f in findings):
            self._say("Not submitted: fix the errors in the list first (Enter on one jumps to its step).", False)
            self.findings.setFocus()
            return False
        if not ctx.flush() or ctx.draft is None:
            self._say("Not submitted: the draft could not be saved. Try again.", False)
            return False
        drafts = ctx.adapters.drafts
        try:
            order_id, order, seen = ctx.draft.order_id, ctx.order, ctx.draft.version
            ctx.draft.version = ctx.db.call(lambda: drafts.submit(order_id, order, seen, findings))
        except SubmitRefused as exc:
            self._say(f"Not submitted: {exc}", False)
            return False
        except Exception as exc:  # another window moved it on, or the database is locked
            self._say(f"Not submitted: {exc}", False)
            return False
        full = ctx.state.get("full_account_name")
        if isinstance(full, str) and full and full != ctx.order.account.name:
            comment_on = ctx.draft.order_id
            ctx.db.submit(lambda: drafts.add_comment(comment_on, f"The full account name on the bill is: {full}"),
                          lambda _none: None, lambda error: self._say(f"The comment was not saved: {error}", False))
        self.submitted_id = ctx.draft.order_id
        self.submit_button.setEnabled(False)
        self._say(f"Submitted: order #{ctx.draft.order_id} is queued for sending in Progressing.", True)
        self.submitted.emit(ctx.draft.order_id)
        return True

    def _on_summary_clicked(self) -> None:
        ctx = self.ctx
        package = ctx.adapters.package
        if package is None or not ctx.flush() or ctx.draft is None:
            self._say("The summary cannot be made here.", False)
            return
        name = package_name(ctx.order, ctx.draft.order_id)
        path = self.ask_path(self, "Save the order summary", f"{name} - summary.pdf", "PDF files (*.pdf)")
        if path is None:
            return
        order_id, order, findings = ctx.draft.order_id, ctx.order, ctx.findings()
        self._say("Writing the summary…", True)

        def job() -> Path:
            write_private_atomically(path, package.summary(order_id, order, findings))  # holds the PIN
            return path

        ctx.pdf.submit(job, lambda done: self._say(f"Summary saved: {done}", True),
                                lambda message: self._say(f"The summary was not saved: {message}", False))

    def _on_package_clicked(self) -> None:
        ctx = self.ctx
        package = ctx.adapters.package
        errors = [f for f in ctx.findings() if f.is_error]
        if errors:  # the package service refuses it too; say why before asking where to save it
            listed = "; ".join(f"{f.code}: {_short(f.message)}" for f in errors[:3])
            more = f" … and {len(errors) - 3} more" if len(errors) > 3 else ""
            self._say(f"No package written: {plural(len(errors), 'error')} must be fixed first, as for Submit "
                      f"({listed}{more}). Enter on a finding above jumps to its step.", False)
            return
        if package is None or not ctx.flush() or ctx.draft is None:
            self._say("The package cannot be made here.", False)
            return
        name = package_name(ctx.order, ctx.draft.order_id)
        path = self.ask_path(self, "Save the submission package", f"{name}.zip",
                             "Zip archive (*.zip);;Folder (no extension)")
        if path is None:
            return
        order_id, order, findings = ctx.draft.order_id, ctx.order, ctx.findings()
        self._say("Writing the package…", True)

        def job() -> Any:
            files = package.files(order_id, order, findings)
            if path.suffix.lower() == ".zip":
                return write_zip(files, path, name)
            return write_folder(files, path)

        ctx.pdf.submit(job, lambda done: self._say(f"Package saved: {done}", True),
                                lambda message: self._say(f"The package was not saved: {message}", False))

    def _say(self, text: str, ok: bool) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
