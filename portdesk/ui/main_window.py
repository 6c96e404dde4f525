"""The main window: search, the three queue tabs, the order detail pane, import/export, status bar.

Every dialog goes through a method (`ask_import_paths`, `ask_export_folder`, `show_message`) so tests
drive the same code paths without a modal dialog. Errors reach the user as a message box with what
happened and what to do; tracebacks go to the log file only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QSplitter, QWidget

from portdesk.services.events import OrderEvent
from portdesk.services.order_files import OrderFileProblem
from portdesk.services.queue import QueueService, StoreError
from portdesk.ui.app_context import AppContext
from portdesk.ui.app_menus import AppMenus
from portdesk.ui.detail.detail_pane import OrderDetailPane
from portdesk.ui.jobs import JobError, JobRunner
from portdesk.ui.order_signals import OrderSignals
from portdesk.ui.queue.queue_tabs import QueueTabs
from portdesk.ui.widgets.screen_fit import fill_screen

log = logging.getLogger(__name__)
# The export is written 0600, but it travels: say so where it is made.
EXPORT_PIN_NOTICE = "The order file contains the account PIN: keep it private and delete it when done."
SEARCH_DELAY_MS = 250
SEARCHING = "Searching…"
EVENTS_DELAY_MS = 50


def explain_error(exc: BaseException, log_file: Path | None) -> str:
    """What happened and what to do, in words; never a traceback."""
    if isinstance(exc, OrderFileProblem):
        return f"{exc}\n\nNothing was imported. Fix the file (or the document it names) and import it again."
    if isinstance(exc, StoreError):
        return f"{exc}\n\nNothing was changed."
    if isinstance(exc, (OSError, ValueError)):
        return str(exc)
    where = f"\n\nDetails are in the log file: {log_file}" if log_file else ""
    return f"Something went wrong inside PortDesk ({type(exc).__name__}: {exc}).{where}"


def _json_paths(paths: Sequence[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() == ".json"]


@dataclass
class OrderTools:
    """The per-order tools the composition root builds (they need profiles and PDF adapters)."""

    checks: QWidget | None = None
    numbers: Any = None  # each command has install(window): its menu entries and selection
    viewer: Any = None
    wizard: Any = None
    fix: Any = None  # ui/wizard/fix_flow.FixCommand: a rejected order fixed by a supplement
    open_in_viewer: Callable[[Any, int], bool] | None = None
    actions: Any = None  # services/order_actions.OrderActions: the carrier side of the detail pane


def _pdf_paths(paths: Sequence[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() == ".pdf"]


class MainWindow(QMainWindow):
    # A bill PDF dropped on the window: a new port starts from it. Whoever starts ports (the wizard
    # command) connects and sets `accepts_bills`; until then a PDF is not taken.
    bills_dropped = Signal(list)

    def __init__(self, queue: QueueService, jobs: JobRunner, settings_path: Path, database_label: str,
                 author: str, log_file: Path | None = None, parent: QWidget | None = None,
                 events: OrderSignals | None = None, app_context: AppContext | None = None) -> None:
        super().__init__(parent)
        self._queue, self._author, self._log_file = queue, author, log_file
        self.jobs = jobs
        self._runner = jobs.lane("db")
        self._settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        self.settings_path = settings_path
        self.accepts_bills = False
        self.setWindowTitle("PortDesk — porting queue")
        self.setAcceptDrops(True)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search name, account name or number, or any phone number…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(380)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.tabs = QueueTabs(queue, jobs)
        self.detail = OrderDetailPane(queue, jobs, author,
                                      copies_folder=app_context.open_copies_folder if app_context else None)
        self.tabs.order_selected.connect(self._on_order_selected)
        self.tabs.load_failed.connect(lambda exc: self.show_error("Could not read the queue", exc))
        self.tabs.counts_changed.connect(self._on_counts_changed)
        self.detail.order_changed.connect(self._on_order_changed)
        self.detail.action_failed.connect(self.show_error)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        toolbar = self.addToolBar("Search")
        toolbar.setObjectName("search-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Search: "))
        toolbar.addWidget(self.search)
        self._build_menus()
        self._build_queue_tools()
        self.app_menus = AppMenus(self, app_context)  # Settings and Help: always the last two menus
        self._database_label = QLabel(f"Database: {database_label}")
        self._database_label.setObjectName("database-label")
        self.statusBar().addPermanentWidget(self._database_label)
        self._restore_state()
        self.numbers_command: Any = None
        self.fix_command: Any = None
        self.demo_carriers: Any = None  # the demo's sandbox process (app.start_demo_carriers)
        self.sync_controller: Any = None  # the background sync (app.install_sync)
        self.viewer_command: Any = None
        self.wizard_command: Any = None
        self.events = events
        self._changed_ids: set[int] = set()
        # A burst of changes (a sync, an import) becomes one refresh, not a database query per order.
        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(EVENTS_DELAY_MS)
        self._changes_timer.timeout.connect(self._on_changes_timer_timeout)
        if events is not None:  # every committed change reaches the rows, the counts and the detail pane
            events.order_event.connect(self._on_order_event)

    def install_tools(self, tools: OrderTools) -> None:
        """Called once by the composition root: the checks tab, Numbers…, the bill viewer, the wizard."""
        if tools.checks is not None:
            self.detail.add_checks(tools.checks)
        if tools.open_in_viewer is not None:
            self.detail.open_in_viewer = tools.open_in_viewer
        for command in (tools.numbers, tools.viewer, tools.wizard, tools.fix):
            if command is not None:
                command.install(self)
        self.numbers_command, self.viewer_command, self.wizard_command = tools.numbers, tools.viewer, tools.wizard
        self.fix_command = tools.fix
        if tools.fix is not None:  # the rejection banner's Fix opens the same flow as Order ▸ Fix rejection…
            self.detail.fix_requested.connect(self.fix_order)
        if tools.actions is not None:
            self.detail.install_actions(tools.actions)
        if tools.wizard is not None:  # New port first on the queue's toolbar
            first = self.tabs.toolbar.actions()[0] if self.tabs.toolbar.actions() else None
            self.tabs.toolbar.insertAction(first, tools.wizard.new_action)
            self.tabs.toolbar.insertAction(first, tools.wizard.from_bill_action)
            if first is not None:
                self.tabs.toolbar.insertSeparator(first)

    # -- the queue's toolbar, the row menu, double-click (issue 15) -------------------------------
    def _build_queue_tools(self) -> None:
        order = self.menuBar().addMenu("&Order")  # the tools installed later add theirs to the same menu
        order.setToolTipsVisible(True)  # a disabled Cancel says why
        order.addAction(self.detail.cancel_action)
        order.addAction(self.detail.change_date_action)
        order.addSeparator()
        self.tabs.toolbar.addAction(self.import_action)
        self.tabs.toolbar.addAction(self.refresh_action)
        self.tabs.context_actions = self._row_actions
        self.tabs.order_activated.connect(self._on_order_activated)
        self.detail.notice.connect(lambda text: self.statusBar().showMessage(text, 10_000))

    def _row_actions(self) -> list[QAction | None]:
        wizard, viewer = self.wizard_command, self.viewer_command
        found = [getattr(wizard, "resume_action", None), getattr(viewer, "open_action", None), None,
                 self.export_action, None, self.detail.change_date_action, self.detail.cancel_action]
        return [a for a in found if a is None or isinstance(a, QAction)]

    def _on_order_activated(self, order_id: int) -> None:
        """Double-click (or Enter): a suspended order opens in the wizard; any other shows its details."""
        resume = getattr(self.wizard_command, "resume_action", None)
        if isinstance(resume, QAction) and resume.isEnabled() and self.tabs.current_order_id() == order_id:
            resume.trigger()
            return
        self.detail.show_order(order_id)
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def fix_order(self, order_id: int) -> Any:
        """Fix a rejected order in the wizard (the detail pane's Fix button, Order → Fix rejection…)."""
        return self.fix_command.open(order_id) if self.fix_command is not None else None

    # -- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import order file(s)…", self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._on_import_triggered)
        self.export_action = QAction("&Export order…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self._on_export_triggered)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        self.refresh_action = refresh
        find = QAction("&Search", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        view_menu.addAction(refresh)
        view_menu.addAction(find)

    # -- public ------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the first page of every tab and the counts (on the task runner)."""
        self.tabs.start()

    def refresh(self) -> None:
        self.tabs.reload_all()
        self.detail.reload()

    def apply_search(self, text: str) -> None:
        """Search now (the search box waits for typing to pause before calling this)."""
        self._search_timer.stop()
        self._search_now(text)

    def _search_now(self, text: str) -> None:
        # Said until the counts are in: the first search of a session also loads the SQL stack on the
        # db worker (app/later.py), a few hundred ms on a slow machine, and the rows wait for it.
        if text.strip():
            self.statusBar().showMessage(SEARCHING)
        self.tabs.set_search(text)

    def _on_counts_changed(self, _counts: object) -> None:
        if self.statusBar().currentMessage() == SEARCHING:
            self.statusBar().clearMessage()

    def import_files(self, paths: Sequence[Path]) -> None:
        paths = [Path(p) for p in paths]
        if not paths:
            return
        self.statusBar().showMessage(f"Importing {len(paths)} file(s)…")
        self._runner.submit(lambda: self._queue.import_files(paths, self._author), self._on_imported,
                            lambda exc: self.show_error("Could not import", exc))

    def export_order(self, order_id: int, folder: Path) -> None:
        self._runner.submit(lambda: self._queue.export(order_id, folder), self._on_exported,
                            lambda exc: self.show_error("Could not export the order", exc))

    def show_error(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, JobError) and exc.cause is not None:  # the runner logged its traceback
            exc = exc.cause
        if not isinstance(exc, (OrderFileProblem, StoreError, OSError, ValueError)):
            log.error("%s", title, exc_info=(type(exc), exc, exc.__traceback__))
        else:
            log.warning("%s: %s", title, exc)
        self.statusBar().clearMessage()
        self.show_message(QMessageBox.Icon.Critical, title, explain_error(exc, self._log_file))

    # -- dialogs (tests override these) ----------------------------------------------------------
    def ask_import_paths(self) -> list[Path]:
        files, _filter = QFileDialog.getOpenFileNames(self, "Import order files", "",
                                                      "Order files (*.json);;All files (*)")
        return [Path(f) for f in files]

    def ask_export_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, "Export the order (it contains the PIN) into folder")
        return Path(folder) if folder else None

    def show_message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.exec()

    # -- slots -------------------------------------------------------------------------------
    def _on_search_timer_timeout(self) -> None:
        self._search_now(self.search.text())

    def _on_order_selected(self, order_id: int | None) -> None:
        self.export_action.setEnabled(order_id is not None)
        self.detail.show_order(order_id)

    def _on_order_changed(self, order_id: int) -> None:
        self.tabs.refresh_orders([order_id])

    def _on_order_event(self, event: OrderEvent) -> None:
        """A use case committed a change (here, in another window, or later from the sync worker)."""
        self._changed_ids.add(event.order_id)
        if not self._changes_timer.isActive():
            self._changes_timer.start()

    def _on_changes_timer_timeout(self) -> None:
        ids, self._changed_ids = sorted(self._changed_ids), set()
        self.tabs.refresh_orders(ids)
        if self.detail.order_id in ids:
            self.detail.reload()

    def _on_import_triggered(self) -> None:
        self.import_files(self.ask_import_paths())

    def _on_export_triggered(self) -> None:
        order_id = self.tabs.current_order_id()
        if order_id is None:
            return
        folder = self.ask_export_folder()
        if folder is not None:
            self.export_order(order_id, folder)

    def _on_imported(self, ids: list[int]) -> None:
        self.statusBar().showMessage(f"Imported {len(ids)} order(s) as drafts in Suspended.", 8000)
        self.tabs.show_new_orders(ids)

    def _on_exported(self, path: Path) -> None:
        self.statusBar().showMessage(f"Exported to {path}", 8000)
        self.show_message(QMessageBox.Icon.Information, "Order exported",
                          f"The order file and its documents are in {path.parent}:\n{path.name}\n\n"
                          + EXPORT_PIN_NOTICE)

    # -- drag and drop -----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if _json_paths(paths) or (self.accepts_bills and _pdf_paths(paths)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        dropped = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        paths, bills = _json_paths(dropped), _pdf_paths(dropped) if self.accepts_bills else []
        if paths or bills:
            event.acceptProposedAction()
        if paths:
            self.import_files(paths)
        if bills:
            self.bills_dropped.emit(bills)

    # -- state -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    def save_state(self) -> None:
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/main_splitter", self.splitter.saveState())
        s.setValue("window/detail_splitter", self.detail.splitter.saveState())
        self.tabs.save_state(s)
        s.sync()

    def _restore_state(self) -> None:
        s = self._settings
        if not isinstance(s.value("window/geometry"), QByteArray):  # the first start: the whole screen
            fill_screen(self)
            width = self.width()
            self.splitter.setSizes([width * 5 // 8, width - width * 5 // 8])
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState),
                             ("window/main_splitter", self.splitter.restoreState),
                             ("window/detail_splitter", self.detail.splitter.restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)
        self.tabs.restore_state(s)
