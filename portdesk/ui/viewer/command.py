"""Order ▸ "Bill beside the order…" (Ctrl+B) and "Attach bill…": the viewer for the selected order.

It installs itself on the main window's Order menu, so the window needs no knowledge of PDFs.
Fields taken from the bill and numbers added from it are saved to the order with its version: a
concurrent edit is refused with a clear message and never overwritten. Database calls run on the `db`
pool, one after another, so saves land in the order they were made; PDF work runs on the `pdf` pool.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from portdesk.domain.acceptance import bill_size_problem
from portdesk.domain.documents import DocumentFacts
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile, ProfileError
from portdesk.platform.safe_files import read_regular_file
from portdesk.services.bills import BillService, with_field
from portdesk.services.events import OrderEvent
from portdesk.services.queue import ConcurrentEdit, NewDocument, OrderDetail, QueueService
from portdesk.ui.jobs import JobError, JobRunner
from portdesk.ui.viewer.window import BillViewerWindow

if TYPE_CHECKING:
    from portdesk.ui.main_window import MainWindow

OPEN_SHORTCUT = "Ctrl+B"
DocumentInspector = Callable[[str, str, bytes], DocumentFacts]  # kind, file name, bytes → facts
MAX_BILL_BYTES = 50 * 1024 * 1024  # without a profile: a 40 MB scan still fits; a 200 MB file is not a bill
ProfileLookup = Callable[[str | None], Profile]  # the order's profile id → its effective profile


class BillNotSaved(Exception):
    """A value from the bill could not be saved to the order; the message says why and what to do."""


@dataclass
class _Outcome:
    """What a background job ended with; exceptions keep their type for the message box."""

    value: Any = None
    error: BaseException | None = None


def _catching(job: Callable[[], Any]) -> Callable[[], _Outcome]:
    def run() -> _Outcome:
        try:
            return _Outcome(job())
        except Exception as exc:
            return _Outcome(error=exc)
    return run


class OrderSession:
    """The order being filled from the bill: saves one change at a time with the version it holds.

    Used only from the database thread's jobs, which run one after another, so the version is always the
    one the previous save returned. After a concurrent edit it saves nothing more.
    """

    def __init__(self, queue: QueueService, order_id: int, order: PortOrder, version: int, author: str) -> None:
        self.queue, self.order_id, self.order, self.version, self.author = queue, order_id, order, version, author
        self.conflict = False

    def _save(self, order: PortOrder) -> int:
        if self.conflict:
            raise BillNotSaved("Not saved: someone else changed this order while the bill was open. "
                               "Close the bill, look at their version, and open the bill again.")
        try:
            self.version = self.queue.update_order(self.order_id, order, self.version, self.author)
        except ConcurrentEdit as exc:
            self.conflict = True
            raise BillNotSaved(f"Not saved: someone else changed this order since you opened the bill; "
                               f"their version is kept. Close the bill, look at their changes, and open "
                               f"it again. ({exc})") from exc
        self.order = order
        return self.version

    def fill(self, field: str, value: str) -> int:
        return self._save(with_field(self.order, field, value))

    def add_numbers(self, numbers: list[str]) -> int:
        changed = copy.deepcopy(self.order)
        changed.numbers.extend(n for n in numbers if n not in changed.numbers)
        return self._save(changed)


def latest_bill(detail: OrderDetail) -> int | None:
    """The id of the order's most recently added bill document, or None."""
    bills = [d for d in detail.documents if d.kind == "bill"]
    return max(bills, key=lambda d: (d.added_at, d.id)).id if bills else None


def bill_problem(filename: str, data: bytes, facts: DocumentFacts | None, size: int | None = None,
                 profile: Profile | None = None) -> str | None:
    """Why this file cannot be attached as the bill, in words; None when it can.

    With the order's profile its size limit applies (the same rule as the wizard and lint).
    A password-protected bill is accepted: the viewer asks for its password.
    """
    size = len(data) if size is None else size
    too_big = size_problem(filename, size, profile)
    if too_big:
        return too_big
    if not data:
        return f"{filename} is empty (0 bytes)."
    if facts is None:
        return None
    if facts.problem and not facts.encrypted:
        return f"{filename}: {facts.problem}."
    return None


def size_problem(filename: str, size: int, profile: Profile | None) -> str | None:
    """The order's profile's size limit (the wizard's and lint's rule), then a hard ceiling for memory."""
    too_big = bill_size_problem(filename, size, profile) if profile is not None else None
    if too_big:
        return too_big
    if size > MAX_BILL_BYTES:
        return (f"{filename} is {size / 1048576:.0f} MB: too big for a bill. Attach only the pages "
                "with the account, the service address and the numbers.")
    return None


class BillViewerCommand(QObject):
    order_updated = Signal(int)  # a value from the bill was saved to the order
    viewer_opened = Signal(object)  # the BillViewerWindow
    failed = Signal(str, object)  # what was being done, the exception
    notice = Signal(str)  # a short message for the status bar

    def __init__(self, queue: QueueService, bill_service: BillService, jobs: JobRunner, author: str,
                 parent: QObject | None = None, *, inspect_document: DocumentInspector | None = None,
                 today: Callable[[], dt.date] = dt.date.today, profiles: ProfileLookup | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._queue, self._bills, self._jobs, self._author = queue, bill_service, jobs, author
        # Store reads and saves on the database thread; the PDF thread measures files only.
        self._db, self._pdf = jobs.lane("db"), jobs.lane("pdf")
        self._inspect, self._today = inspect_document, today
        self._detail_of: Callable[[], OrderDetail | None] = lambda: None  # set by install()
        self._window: QWidget | None = None
        self.viewer: BillViewerWindow | None = None  # the last viewer opened (tests drive it)
        self.session: OrderSession | None = None
        # Replaceable (tests): the bill's password prompt, passed on to each viewer.
        self.ask_password: Callable[[str], str | None] | None = None
        self.open_action = QAction("&Bill beside the order…", self)
        self.open_action.setShortcut(QKeySequence(OPEN_SHORTCUT))
        self.open_action.setToolTip("Open the order's bill beside its fields: check them, fill them from the bill")
        self.attach_action = QAction("&Attach bill…", self)
        self.attach_action.setToolTip("Store a bill PDF with the order and open it beside the fields")
        for action in (self.open_action, self.attach_action):
            action.setEnabled(False)
        self.open_action.triggered.connect(self._on_open_triggered)
        self.attach_action.triggered.connect(self._on_attach_triggered)

    def install(self, window: MainWindow) -> None:
        """Add both actions to the window's Order menu and follow its selection."""
        menu = order_menu(window)
        menu.addAction(self.open_action)
        menu.addAction(self.attach_action)
        window.addAction(self.open_action)  # Ctrl+B wherever the focus is in the window
        self._window = window
        self._detail_of = lambda: window.detail.detail
        window.tabs.follow_selection(self._on_order_selected)
        self.order_updated.connect(lambda order_id: (window.detail.reload(), window.tabs.refresh_orders([order_id])))
        self.failed.connect(window.show_error)
        self.notice.connect(lambda text: window.statusBar().showMessage(text, 10_000))
        if window.events is not None:
            window.events.order_event.connect(self._on_order_event)

    def _on_order_event(self, event: OrderEvent) -> None:
        """The open bill's order changed elsewhere: bring the viewer and its session up to date."""
        session, viewer = self.session, self.viewer
        if session is None or viewer is None or event.order_id != session.order_id:
            return
        if event.version is not None and event.version == session.version:
            return  # this viewer's own save
        queue, order_id = self._queue, session.order_id

        def refreshed(detail: OrderDetail) -> None:
            if self.session is session and self.viewer is viewer:
                session.order, session.version = copy.deepcopy(detail.order), detail.version
                viewer.set_order(detail.order)

        self._db.submit(lambda: queue.detail(order_id), refreshed)

    # -- dialogs (tests override) --------------------------------------------------------------
    def ask_bill_path(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self._window, "Attach the bill", "",
                                              "PDF files (*.pdf);;All files (*)")
        return Path(path) if path else None

    # -- opening -------------------------------------------------------------------------------
    def open_for(self, detail: OrderDetail) -> None:
        """Open the order's latest bill beside its fields (a message when it has none)."""
        document_id = latest_bill(detail)
        if document_id is None:
            self.notice.emit("This order has no bill yet: use Order ▸ Attach bill… to add one.")
            return
        queue = self._queue
        self._db.submit(_catching(lambda: queue.document(document_id).data),
                            lambda outcome: self._on_bill_read(detail, outcome), self._on_job_failed)

    def _on_bill_read(self, detail: OrderDetail, outcome: _Outcome) -> None:
        if outcome.error is not None:
            self.failed.emit("Could not read the bill", outcome.error)
            return
        self.show_viewer(detail, outcome.value)

    def show_viewer(self, detail: OrderDetail, data: bytes) -> BillViewerWindow:
        """The viewer in its own window, its fills and numbers saved to the order."""
        if self.viewer is not None:
            self.viewer.close()
        session = OrderSession(self._queue, detail.id, copy.deepcopy(detail.order), detail.version, self._author)
        # The viewer takes its own lane: closing it cancels its PDF jobs, never this command's saves.
        viewer = BillViewerWindow(self._bills, copy.deepcopy(detail.order), data, self._today(),
                                  jobs=self._jobs, parent=self._window,
                                  ask_password=self.ask_password)
        viewer.setWindowFlag(Qt.WindowType.Window, True)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        viewer.setWindowTitle(f"Bill — {detail.order.name or detail.order.account.name or detail.id}")
        viewer.resize(1400, 900)
        viewer.field_filled.connect(lambda name, value: self._save(session, lambda: session.fill(name, value)))
        viewer.numbers_added.connect(lambda numbers: self._save(session, lambda: session.add_numbers(numbers)))
        viewer.destroyed.connect(lambda _=None: self._forget(viewer))
        self.viewer, self.session = viewer, session
        viewer.show()
        self.viewer_opened.emit(viewer)
        return viewer

    def _forget(self, viewer: BillViewerWindow) -> None:
        if self.viewer is viewer:
            self.viewer = None

    def _save(self, session: OrderSession, change: Callable[[], int]) -> None:
        self._db.submit(_catching(change), lambda outcome: self._on_saved(session, outcome),
                            self._on_job_failed)

    def _on_saved(self, session: OrderSession, outcome: _Outcome) -> None:
        if outcome.error is not None:
            if self.viewer is not None and self.session is session:
                self.viewer.show_warning(str(outcome.error))
            self.failed.emit("The bill's value was not saved to the order", outcome.error)
            return
        self.order_updated.emit(session.order_id)
        self.notice.emit("Saved to the order from the bill.")

    def _on_job_failed(self, error: JobError) -> None:
        if not error.cancelled:
            self.failed.emit("The bill could not be opened", error)

    # -- attaching -----------------------------------------------------------------------------
    def attach_to(self, detail: OrderDetail, path: Path) -> None:
        """Measure the file, store it as the order's bill, then open it beside the fields."""
        inspect, queue, author = self._inspect, self._queue, self._author
        profile = self._profile_of(detail.order)

        def measure() -> tuple[bytes, str | None, dt.date | None]:  # on the PDF thread
            size = path.stat().st_size
            too_big = size_problem(path.name, size, profile)
            if too_big is not None:  # refused before reading: a 200 MB file must not load
                return b"", too_big, None
            data = read_regular_file(path, MAX_BILL_BYTES, "a bill")  # not a FIFO or a device
            facts = inspect("bill", path.name, data) if inspect and data else None
            problem = bill_problem(path.name, data, facts, profile=profile)
            return data, problem, (facts.statement_date if facts else None)

        def store(measured: _Outcome) -> None:  # then, if it passed, on the database thread
            if measured.error is not None:
                self._on_attached(detail, path, measured)
                return
            data, problem, date = measured.value
            if problem is not None:
                self._on_attached(detail, path, _Outcome((data, problem, None)))
                return

            def attach() -> tuple[bytes, str | None, OrderDetail | None]:
                queue.attach_document(detail.id, NewDocument("bill", path.name, data), detail.version, author,
                                      statement_date=date)
                return data, None, queue.detail(detail.id)

            self._db.submit(_catching(attach), lambda outcome: self._on_attached(detail, path, outcome),
                            self._on_job_failed)

        self._pdf.submit(_catching(measure), store, self._on_job_failed)

    def _profile_of(self, order: PortOrder) -> Profile | None:
        if self._profiles is None:
            return None
        try:
            return self._profiles(order.profile)
        except ProfileError:
            return None  # an unknown profile: the checks say so; the file is judged without it

    def _on_attached(self, detail: OrderDetail, path: Path, outcome: _Outcome) -> None:
        if outcome.error is not None:
            self.failed.emit(f"Could not attach {path.name}", outcome.error)
            return
        data, problem, fresh = outcome.value
        if problem is not None or fresh is None:
            self.failed.emit("This file cannot be the bill", ValueError(problem))
            return
        self.order_updated.emit(detail.id)
        self.notice.emit(f"{path.name} attached as the bill.")
        self.show_viewer(fresh, data)

    # -- slots ---------------------------------------------------------------------------------
    def _on_order_selected(self, order_id: int | None) -> None:
        for action in (self.open_action, self.attach_action):
            action.setEnabled(order_id is not None)

    def _on_open_triggered(self) -> None:
        detail = self._detail_of()
        if detail is not None:
            self.open_for(detail)

    def _on_attach_triggered(self) -> None:
        detail = self._detail_of()
        if detail is None:
            return
        path = self.ask_bill_path()
        if path is not None:
            self.attach_to(detail, path)


def order_menu(window: Any) -> QMenu:
    """The window's existing "&Order" menu (another command may have made it), else a new one."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "Order":
            return menu
    menu = window.menuBar().addMenu("&Order")
    return menu
