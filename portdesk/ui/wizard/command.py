"""The wizard's commands in the main window: File → New port… (Ctrl+N) and Order → Resume in wizard
(Ctrl+Shift+R, for a selected order in Suspended). The queue follows the wizard: a saved or split draft
appears in Suspended, a submitted order moves to Progressing.

app.py builds it with the wizard's adapters and calls install(window); the main window knows nothing
about the wizard.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar

from portdesk.domain.status import Tab
from portdesk.services.drafts import NotResumable
from portdesk.ui.wizard.bill_folder import last_folder
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.window import PortWizard, new_port, resume

if TYPE_CHECKING:
    from portdesk.ui.main_window import MainWindow

NEW_SHORTCUT = "Ctrl+N"
FROM_BILL_SHORTCUT = "Ctrl+Shift+B"  # B for bill; Ctrl+Shift+N is Numbers…
RESUME_SHORTCUT = "Ctrl+Shift+R"  # Ctrl+R is Refresh on some desktops


def _menu(bar: QMenuBar, title: str) -> QMenu:
    """The menu with this title (&File, &Order), created at the end when missing."""
    plain = title.replace("&", "")
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == plain:
            return menu
    return bar.addMenu(title)


class WizardCommand(QObject):
    failed = Signal(str, object)  # what was being done, the exception
    order_submitted = Signal(int)  # an order submitted from any of its wizards (app.py: sync it now)

    def __init__(self, adapters: WizardAdapters, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapters = adapters
        self.wizards: dict[int | None, PortWizard] = {}  # open windows: one per draft (None: not saved yet)
        self._selected: int | None = None
        self._selected_suspended = False
        self._window: MainWindow | None = None
        self.new_action = QAction("&New port…", self)
        self.new_action.setShortcut(QKeySequence(NEW_SHORTCUT))
        self.new_action.setToolTip("Start a port request in the step-by-step wizard")
        self.new_action.triggered.connect(self.open_new)
        self.from_bill_action = QAction("New port from &bill…", self)
        self.from_bill_action.setShortcut(QKeySequence(FROM_BILL_SHORTCUT))
        self.from_bill_action.setToolTip("Pick the customer's bill PDF: the wizard reads the account off it "
                                         "(or drop the PDF on the window)")
        self.from_bill_action.triggered.connect(self._on_from_bill_triggered)
        self.resume_action = QAction("&Resume in wizard", self)
        self.resume_action.setShortcut(QKeySequence(RESUME_SHORTCUT))
        self.resume_action.setToolTip("Continue the selected suspended order in the wizard, at its saved step")
        self.resume_action.setEnabled(False)
        self.resume_action.triggered.connect(self._on_resume_triggered)

    def install(self, window: MainWindow) -> None:
        """File → New port…, Order → Resume in wizard; follow the queue's selection."""
        self._window = window
        file_menu = _menu(window.menuBar(), "&File")
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, self.new_action)
        file_menu.insertAction(first, self.from_bill_action)
        if first is not None:
            file_menu.insertSeparator(first)
        _menu(window.menuBar(), "&Order").addAction(self.resume_action)
        for action in (self.new_action, self.from_bill_action, self.resume_action):
            window.addAction(action)  # shortcuts work wherever the focus is
        window.accepts_bills = True
        window.bills_dropped.connect(self._on_bills_dropped)
        window.tabs.follow_selection(self._on_order_selected)
        self.failed.connect(window.show_error)

    # -- opening ---------------------------------------------------------------------------------
    def open_new(self) -> PortWizard:
        wizard = new_port(self.adapters, None)
        self._track(wizard, None)
        wizard.show()
        return wizard

    def open_from_bill(self, path: Path) -> PortWizard:
        """A new port started from a bill PDF: attached, and the account read off it."""
        wizard = self.open_new()
        wizard.start_from_bill(path)
        return wizard

    def ask_bill_path(self) -> Path | None:
        """The file dialog (tests override it), opened in the folder the last bill came from."""
        window = self._window
        start = last_folder(self.adapters.settings_path)
        path, _ = QFileDialog.getOpenFileName(window, "New port from a bill", str(start or ""),
                                              "PDF files (*.pdf);;All files (*)")
        return Path(path) if path else None

    def open_resume(self, order_id: int) -> PortWizard | None:
        """The wizard on this draft; the one already open is brought forward instead of a second."""
        open_already = self.wizards.get(order_id)
        if open_already is not None:
            open_already.show()
            open_already.activateWindow()
            return open_already
        try:
            wizard = resume(self.adapters, order_id, None)
        except NotResumable as exc:
            self.failed.emit("This order cannot be resumed in the wizard", exc)
            return None
        except Exception as exc:
            self.failed.emit("Could not open the draft", exc)
            return None
        self._track(wizard, order_id)
        wizard.show()
        return wizard

    def _track(self, wizard: PortWizard, order_id: int | None) -> None:
        key: list[int | None] = [order_id]
        self.wizards[order_id] = wizard

        def saved(saved_id: int) -> None:
            if key[0] != saved_id:  # a new port became a draft: it is in Suspended now
                self.wizards.pop(key[0], None)
                key[0] = saved_id
                self.wizards[saved_id] = wizard
                self._show_new([saved_id])
            else:
                self._refresh([saved_id])

        wizard.draft_saved.connect(saved)
        wizard.drafts_created.connect(self._show_new)
        wizard.order_submitted.connect(self._on_submitted)
        wizard.destroyed.connect(lambda *_: self.wizards.pop(key[0], None))

    # -- the queue follows ------------------------------------------------------------------------
    def _refresh(self, ids: list[int]) -> None:
        if self._window is not None:
            self._window.tabs.refresh_orders(ids)

    def _show_new(self, ids: list[int]) -> None:
        if self._window is not None:
            self._window.tabs.show_new_orders(ids)

    def _on_submitted(self, order_id: int) -> None:
        self.order_submitted.emit(order_id)
        if self._window is not None:
            self._window.tabs.refresh_orders([order_id])
            self._window.statusBar().showMessage(
                f"Order #{order_id} submitted: queued for sending in Progressing.", 8000)

    # -- slots ----------------------------------------------------------------------------------------
    def _on_order_selected(self, order_id: int | None) -> None:
        self._selected = order_id
        window = self._window
        self._selected_suspended = bool(window is not None and order_id is not None
                                        and window.tabs.current_tab() is Tab.SUSPENDED)
        self.resume_action.setEnabled(self._selected_suspended)

    def _on_from_bill_triggered(self) -> None:
        path = self.ask_bill_path()
        if path is not None:
            self.open_from_bill(path)

    def _on_bills_dropped(self, paths: list[Path]) -> None:
        for path in paths[:5]:  # five bills dropped at once: five wizards; a folder's worth is a mistake
            self.open_from_bill(path)

    def _on_resume_triggered(self) -> None:
        if self._selected is not None and self._selected_suspended:
            self.open_resume(self._selected)
