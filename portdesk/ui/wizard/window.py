"""The port wizard window: the steps on the left, one page at a time, Back / Next / Save for later.

Keyboard only works: Enter is Next (the default button), Alt+B / Alt+N / Alt+L, Ctrl+1…7 jump to a
step, Escape closes (after saving). Every edit is saved within a second (autosave.py); closing saves
too. A new port becomes a draft on its first edit; a suspended order resumes at its saved step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.order import PortOrder
from portdesk.services.drafts import STEPS, Draft
from portdesk.ui.widgets.screen_fit import fit_to_screen
from portdesk.ui.wizard import focus_ring
from portdesk.ui.wizard.account_page import AccountPage
from portdesk.ui.wizard.autosave import Autosave
from portdesk.ui.wizard.base import ERROR_STYLE, WizardPage
from portdesk.ui.wizard.bill_page import BillPage
from portdesk.ui.wizard.context import WizardAdapters, WizardContext
from portdesk.ui.wizard.intake_flow import IntakeFlow
from portdesk.ui.wizard.name_page import suggested_name
from portdesk.ui.wizard.numbers_page import NumbersPage
from portdesk.ui.wizard.pages import build_pages
from portdesk.ui.wizard.review_page import ReviewPage


class PortWizard(QDialog):
    order_submitted = Signal(int)  # the order id, now queued for the carrier
    draft_saved = Signal(int)  # the order id
    drafts_created = Signal(list)  # ids of the drafts a split in step 4 made

    def __init__(self, adapters: WizardAdapters, draft: Draft | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New port" if draft is None else f"Port: {draft.order.display_name()}")
        self.setObjectName("portWizard")
        self.setModal(False)
        fit_to_screen(self, 1280, 820)  # the account form and the bill side by side, where there is room
        order = draft.order if draft is not None else PortOrder()
        self.ctx = WizardContext(adapters, order, draft, today=adapters.drafts.today())
        self._step = 0
        self.autosave = Autosave(self.ctx, lambda: self._step, parent=self)
        self.ctx.ensure_draft = self.autosave.ensure_draft
        self.ctx.flush = lambda: self.autosave.ensure_draft() and self.autosave.flush()

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"{ERROR_STYLE} font-weight: bold; padding: 6px;")
        self.banner.setAccessibleName("Warning")
        self.banner.hide()
        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.steps.setFixedWidth(200)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.stack = QStackedWidget()
        self.pages: list[WizardPage] = build_pages(self.ctx)
        for number, page in enumerate(self.pages, start=1):
            self.steps.addItem(f"{number}  {page.title}")
            scroll = QScrollArea()
            scroll.setWidget(page)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            self.stack.addWidget(scroll)
            page.edited.connect(self._on_edited)
            page.step_requested.connect(self.go_to)
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Save status")
        self.later_button = QPushButton("Save and continue &later")
        self.back_button = QPushButton("< &Back")
        self.next_button = QPushButton("&Next >")
        for button in (self.later_button, self.back_button):
            button.setAutoDefault(False)
        self.next_button.setDefault(True)
        self._layout()
        focus_ring.install(self)

        self.steps.currentRowChanged.connect(self._on_step_row_changed)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.later_button.clicked.connect(self._on_later_clicked)
        self.autosave.saved.connect(self._on_saved)
        self.autosave.conflicted.connect(self._on_conflicted)
        self.autosave.failed.connect(self._on_failed)
        self.numbers_page.drafts_created.connect(self._on_drafts_created)
        self.review_page.submitted.connect(self.submitted)
        self.intake = IntakeFlow(self.ctx, self.bill_page, self._on_intake_filled)
        for number in range(1, len(self.pages) + 1):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda n=number: self.go_to(n - 1))

        for page in self.pages:
            page.load()
        self.go_to(self.ctx.draft.step if self.ctx.draft else 0, save=False)

    def _layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.subtitle)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        self.buttons_row = buttons  # a mode of the wizard (fix_flow.py) adds its own button here
        outer = QVBoxLayout(self)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        outer.addLayout(buttons)

    @property
    def numbers_page(self) -> NumbersPage:
        return self.pages[3]  # type: ignore[return-value]

    @property
    def account_page(self) -> AccountPage:
        return self.pages[2]  # type: ignore[return-value]

    @property
    def bill_page(self) -> BillPage:
        return self.pages[1]  # type: ignore[return-value]

    @property
    def review_page(self) -> ReviewPage:
        return self.pages[6]  # type: ignore[return-value]

    # -- navigation ---------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self._step

    def page(self, step: int) -> WizardPage:
        return self.pages[step]

    def go_to(self, step: int, save: bool = True) -> None:
        step = max(0, min(step, len(self.pages) - 1))
        leaving = self._step
        if step != leaving:
            self.pages[leaving].leaving()
        if leaving == 2 and step != 2 and not self.ctx.order.name:
            self._fill_name()
        self._step = step
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(step)
        self.steps.blockSignals(False)
        self.stack.setCurrentIndex(step)
        page = self.pages[step]
        self.title.setText(f"Step {step + 1} of {len(self.pages)}: {page.title}")
        self.subtitle.setText(page.subtitle)
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < len(self.pages) - 1)
        page.entered()
        page.focus_first()
        if save and step != leaving:
            self.autosave.mark_dirty()  # the step is part of what is saved

    def start_from_bill(self, path: Path) -> None:
        """A port from a bill PDF: step 2 with the bill attached, the account read off it on the PDF thread."""
        self.go_to(1, save=False)
        self.intake.start(path)

    def _on_intake_filled(self, filled: list[str]) -> None:
        for page in (self.pages[0], self.pages[2]):
            page.load()
        if self.ctx.order.name:
            self.setWindowTitle(f"New port: {self.ctx.order.name}")
        if filled:
            self._on_edited()

    def _fill_name(self) -> None:
        name = suggested_name(self.ctx.order)
        if name:
            self.ctx.order.name = name
            self.pages[0].load()
            self.autosave.mark_dirty()

    def _on_step_row_changed(self, row: int) -> None:
        if row >= 0:
            self.go_to(row)

    def _on_back_clicked(self) -> None:
        self.go_to(self._step - 1)

    def _on_next_clicked(self) -> None:
        self.go_to(self._step + 1)

    # -- saving ---------------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.saved_label.setText("Saving…")
        self.autosave.mark_dirty()

    def _on_saved(self, order_id: int) -> None:
        self.saved_label.setText(f"Draft #{order_id} saved at {QTime.currentTime().toString('HH:mm:ss')}")
        self.draft_saved.emit(order_id)

    def _on_conflicted(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
        self.saved_label.setText("Not saved: the draft changed in another window")
        self.stack.setEnabled(False)
        for button in (self.later_button, self.next_button, self.back_button):
            button.setEnabled(False)

    def _on_drafts_created(self, ids: list[int]) -> None:
        self.pages[0].load()  # the split renamed this draft "<name> (1/N)"
        self.setWindowTitle(f"Port: {self.ctx.order.display_name()}")
        self.saved_label.setText(f"Split: {len(ids)} more draft{'s' if len(ids) != 1 else ''} in Suspended")
        self.drafts_created.emit(ids)

    def _on_failed(self, message: str) -> None:
        self.saved_label.setText(message)

    def _on_later_clicked(self) -> None:
        if self.autosave.flush(for_later=True):
            self.close()

    def submitted(self, order_id: int) -> None:
        """The review page queued the order: nothing is left to save, and nothing to do here."""
        self.autosave.blocked = True
        self.order_submitted.emit(order_id)
        self.close()

    def reject(self) -> None:
        """Escape, the window's X and close() all end here (QDialog.closeEvent calls reject): save, then
        hide. WHY not close() here: close → closeEvent → reject → close re-enters and returns False, so the
        wizard never closed. A save that fails for a reason that may pass (a locked database) keeps the
        window open with the typing in it; a blocked save (submitted, or another window's newer version)
        has nothing left to keep."""
        if not self.autosave.flush() and not self.autosave.blocked:
            self.saved_label.setText("Not closed: the draft could not be saved. Your typing is kept here; "
                                     "try again in a moment.")
            return
        # Nothing on the PDF thread may answer into a window that is gone (an app's wizard is deleted on
        # close): pending previews and checks are dropped, the bill beside the form is closed.
        self.ctx.pdf.cancel_all()
        self.account_page.bill_side.release()
        super().reject()


def new_port(adapters: WizardAdapters, parent: QWidget | None = None) -> PortWizard:
    """A wizard for a new port; it becomes a draft in the Suspended tab on the first edit."""
    wizard = PortWizard(adapters, None, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return wizard


def resume(adapters: WizardAdapters, order_id: int, parent: QWidget | None = None) -> PortWizard:
    """The wizard on a suspended order, at its saved step (NotResumable when it has left Suspended)."""
    drafts = adapters.drafts
    wizard = PortWizard(adapters, adapters.jobs.lane("db").call(lambda: drafts.open(order_id)), parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return wizard


__all__ = ["STEPS", "PortWizard", "new_port", "resume"]

