"""Step 2: the bill copy. Attach the PDF (pick or drop), checked at once: a PDF, within the profile's
size limit, readable; then the statement date found on it, its age against the profile's limit, and
the coordinator confirms the date (the finder can pick a due date; a person must say yes).

The file is read and measured on the PDF thread; only a good bill is stored with the draft.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.documents import DocumentFacts
from portdesk.domain.order import DocumentRef
from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, read_regular_file
from portdesk.services.ports import NewDocument
from portdesk.ui.wizard.base import ERROR_STYLE, OK_STYLE, WARNING_STYLE, WizardPage, add_row, note_label
from portdesk.ui.wizard.bill_folder import BillFolderList
from portdesk.ui.wizard.bill_rules import age_text, bill_problem
from portdesk.ui.wizard.context import WizardContext


class DropZone(QFrame):
    """A box that takes a PDF dropped from the file manager or an e-mail client."""

    def __init__(self, page: BillPage) -> None:
        super().__init__()
        self._page = page
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        label = QLabel("Drop the bill PDF here")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self._page.attach_file(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()


class BillPage(WizardPage):
    bill_attached = Signal()  # a good bill was stored with the draft (the window may read the account off it)
    title = "Bill"
    subtitle = ("Attach the customer's latest bill from the losing carrier as a PDF. It proves the account "
                "and shows the name, address and numbers exactly as the carrier has them.")

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.choose_button = QPushButton("Ch&oose the bill PDF…")
        self.drop_zone = DropZone(self)
        self.file_label = note_label()
        self.file_label.setAccessibleName("Attached bill")
        self.problem_label = note_label(style=ERROR_STYLE)
        self.problem_label.setAccessibleName("Bill problem")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.age_label = note_label()
        self.age_label.setAccessibleName("Bill age")
        self.confirm_box = QCheckBox("I &checked the bill: this is its statement date")
        self.folder_list = BillFolderList(ctx.adapters.settings_path)
        self.intake_label = note_label()
        self.intake_label.setAccessibleName("Reading the bill")
        self.intake_label.hide()
        self.fill_button = QPushButton("&Fill the account from this bill")
        self.fill_button.setToolTip("Read the account name, number, BTN, service address and numbers off the "
                                    "bill; you check each one in the next step")
        self.fill_button.hide()
        form = QFormLayout()
        add_row(form, "Statement &date:", self.date_edit, "Statement date of the bill")
        form.addRow("", self.age_label)
        form.addRow("", self.confirm_box)
        self.date_box = QWidget()
        self.date_box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.folder_list)
        layout.addWidget(self.file_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.date_box)
        layout.addWidget(self.intake_label)
        layout.addWidget(self.fill_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.folder_list.picked.connect(self.attach_file)
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.confirm_box.toggled.connect(self._on_confirm_toggled)

    # -- showing -----------------------------------------------------------------------------------
    def load(self) -> None:
        ctx = self.ctx
        info = ctx.draft.latest("bill") if ctx.draft else None
        if info is not None and ctx.bill_data is None:
            data = ctx.adapters.drafts.document(info.id).data  # one quick read; measuring is PDF work
            ctx.bill_data = data
            inspect = ctx.adapters.inspect_document
            if inspect is not None:
                ctx.pdf.submit(lambda: inspect("bill", info.filename, data), self._on_remeasured,
                                        lambda _message: None)
        self._show()

    def _on_remeasured(self, facts: DocumentFacts) -> None:
        self.ctx.facts["bill"] = facts
        self._show()

    def _show(self) -> None:
        ctx = self.ctx
        ref = ctx.order.documents.get("bill")
        facts = ctx.facts.get("bill")
        self.date_box.setVisible(ref is not None)
        if ref is None:
            self.file_label.setText("No bill attached yet.")
            return
        pages = f", {facts.pages} page{'s' if facts.pages != 1 else ''}" if facts else ""
        size = f"{len(ctx.bill_data) / 1024:.0f} KB" if ctx.bill_data else ""
        self.file_label.setText(f"Attached: <b>{ref.path}</b> ({size}{pages})")
        self.file_label.setStyleSheet(OK_STYLE)
        with self.loading():
            day = _iso(ref.date) or (facts.statement_date.isoformat() if facts and facts.statement_date else None)
            if day:
                self.date_edit.setDate(QDate.fromString(day, "yyyy-MM-dd"))
            self.confirm_box.setChecked(bool(ctx.state.get("bill_date_confirmed")) and ref.date is not None)
        self._show_age(found=bool(facts and facts.statement_date))

    def _show_age(self, found: bool) -> None:
        day = dt.date.fromisoformat(self.date_edit.date().toString("yyyy-MM-dd"))
        text, risky = age_text(day, self.ctx.today, self.ctx.profile, found)
        self.age_label.setText(text)
        self.age_label.setStyleSheet(WARNING_STYLE if risky else "")

    # -- attaching -----------------------------------------------------------------------------------
    def _on_choose_clicked(self) -> None:
        start = str(self.folder_list.folder or "")
        path, _ = QFileDialog.getOpenFileName(self, "Choose the bill", start, "PDF files (*.pdf);;All files (*)")
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> None:
        """Check the file and, when it is a good bill, store it with the draft."""
        profile = self.ctx.profile
        limit = profile.bill.max_size_bytes
        try:
            size = path.stat().st_size
        except OSError as exc:
            self._refuse(f"{path.name}: cannot read the file ({exc.strerror}).")
            return
        if limit and size > limit:  # refused before reading: a 200 MB scan must not load
            self._refuse(f"{path.name} is {size / 1048576:.1f} MB; {profile.name} accepts bills up to "
                         f"{limit / 1048576:g} MB. Attach only the pages with the account, address and numbers.")
            return
        self.folder_list.remember(path)
        self.file_label.setText(f"Checking {path.name}…")
        inspect = self.ctx.adapters.inspect_document

        def job() -> tuple[bytes, DocumentFacts | None]:
            data = read_regular_file(path, MAX_DOCUMENT_BYTES, "a bill")  # not a FIFO or a device
            return data, inspect("bill", path.name, data) if inspect else None

        self.ctx.pdf.submit(job, lambda result: self._on_measured(path.name, *result),
                             lambda error: self._refuse(str(error)))

    def _refuse(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.show()
        self._show()

    def _on_measured(self, filename: str, data: bytes, facts: DocumentFacts | None) -> None:
        problem = bill_problem(filename, data, facts, self.ctx.profile)
        if problem:
            self._refuse(problem)
            return
        ctx = self.ctx
        if not ctx.ensure_draft() or ctx.draft is None:
            self._refuse("The draft could not be saved, so the bill cannot be stored yet. Try again.")
            return
        drafts, order_id = ctx.adapters.drafts, ctx.draft.order_id
        try:
            info = ctx.db.call(lambda: drafts.attach(order_id, NewDocument("bill", filename, data)))
        except Exception as exc:  # a locked or vanished database: say so, keep the page
            self._refuse(f"The bill was not stored: {exc}")
            return
        ctx.draft.documents.append(info)
        ctx.bill_data = data
        if facts is not None:
            ctx.facts["bill"] = facts
        ctx.bill_check = None
        ctx.order.documents["bill"] = DocumentRef("bill", path=filename)
        ctx.state["bill_date_confirmed"] = False
        self.problem_label.hide()
        self._show()
        self._changed()
        self.bill_attached.emit()

    # -- the date ---------------------------------------------------------------------------------------
    def _on_date_changed(self, _date: QDate) -> None:
        if self._loading:
            return
        self.confirm_box.setChecked(False)  # a new date must be confirmed again
        facts = self.ctx.facts.get("bill")
        self._show_age(found=bool(facts and facts.statement_date))
        self._changed()

    def _on_confirm_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        ref = self.ctx.order.documents.get("bill")
        if ref is None:
            return
        ref.date = self.date_edit.date().toString("yyyy-MM-dd") if checked else None
        self.ctx.state["bill_date_confirmed"] = checked
        self._changed()


def _iso(value: str | None) -> str | None:
    return value[:10] if value else None
