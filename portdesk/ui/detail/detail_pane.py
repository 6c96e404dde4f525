"""The order detail pane: header, fields, numbers, documents, and the history timeline with comments.

It loads one order at a time on the task runner; a late answer for an order no longer shown is
dropped. Writing a comment goes through the queue service and then reloads the order, so the
timeline shows what was stored, not what was typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portdesk.services.queue import OrderDetail, QueueService
from portdesk.ui.detail.documents_view import DocumentsView
from portdesk.ui.detail.fields_view import OrderFieldsView
from portdesk.ui.detail.numbers_view import NumbersView
from portdesk.ui.detail.system_viewer import NotAPdf, ViewerCopies, looks_like_pdf, safe_name
from portdesk.ui.detail.timeline_view import TimelineView
from portdesk.ui.jobs import JobRunner
from portdesk.ui.queue.columns import format_time
from portdesk.ui.widgets import theme
from portdesk.ui.widgets.status_badge import StatusBadge

if TYPE_CHECKING:  # the checks tab is installed after the first paint (app.py); keep start-up lean
    from portdesk.services.checks import CheckReport
    from portdesk.ui.checks.checks_panel import ChecksPanel

log = logging.getLogger(__name__)


class OrderDetailPane(QWidget):
    order_changed = Signal(int)  # order id: the queue rows should be refreshed
    action_failed = Signal(str, object)  # what was being done, the exception

    def __init__(self, queue: QueueService, jobs: JobRunner, author: str,
                 parent: QWidget | None = None, copies_folder: Path | None = None) -> None:
        super().__init__(parent)
        self._queue, self._runner, self._author = queue, jobs.lane("db"), author
        self._order_id: int | None = None
        self._detail: OrderDetail | None = None
        self.checks: ChecksPanel | None = None  # embedded by app.py (it needs profiles and PDF adapters)
        # Set by app.py: opens a document in PortDesk's own viewer and says True, or says False.
        self.open_in_viewer: Callable[[OrderDetail, int], bool] | None = None
        # The system viewer needs a file (the bytes live in the database): private copies, gone on exit;
        # app.py puts them in the data folder's, which it also empties at each start (after a crash).
        self.viewer_copies = ViewerCopies(copies_folder)
        self.destroyed.connect(self.viewer_copies.cleanup)

        self._title = QLabel()
        self._title.setObjectName("detail-title")
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self._title.setFont(font)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._badge = StatusBadge()
        self._subtitle = QLabel()
        self._subtitle.setStyleSheet(theme.style("muted"))
        title_row = QHBoxLayout()
        title_row.addWidget(self._title)
        title_row.addWidget(self._badge)
        title_row.addStretch(1)

        self.fields = OrderFieldsView()
        self.numbers = NumbersView()
        self.documents = DocumentsView()
        self.timeline = TimelineView()
        self.documents.document_activated.connect(self._on_document_activated)
        self.timeline.comment_written.connect(self._on_comment_written)
        self._tabs = QTabWidget()
        self._tabs.setDocumentMode(True)
        self._tabs.addTab(self.fields, "Order")
        self._tabs.addTab(self.numbers, "Numbers")
        self._tabs.addTab(self.documents, "Documents")
        history = QGroupBox("History and comments")
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(2, 2, 2, 2)
        history_layout.addWidget(self.timeline)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("detail-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._tabs)
        self.splitter.addWidget(history)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(8, 6, 8, 4)
        page_layout.addLayout(title_row)
        page_layout.addWidget(self._subtitle)
        page_layout.addWidget(self.splitter, 1)
        self._placeholder = QLabel("Select an order in the queue to see its details.")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setStyleSheet(theme.style("muted"))
        self._stack = QStackedWidget()
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    # -- public ------------------------------------------------------------------------------
    @property
    def order_id(self) -> int | None:
        return self._order_id

    @property
    def detail(self) -> OrderDetail | None:
        return self._detail

    def add_checks(self, panel: ChecksPanel) -> None:
        """Embed the pre-flight checks as a tab; a clicked finding shows its field here."""
        self.checks = panel
        self._tabs.addTab(panel, "Checks")
        panel.field_focus_requested.connect(self._on_field_focus_requested)
        panel.override_recorded.connect(lambda *_: self.reload())  # the timeline shows the override
        panel.checks_finished.connect(self._on_checks_finished)
        detail = self.detail
        if detail is not None:  # installed after the first order was shown (app.py): check it now
            panel.set_order(detail.id, detail.order, detail.documents, detail.history)

    def title_text(self) -> str:
        return self._title.text()

    def show_order(self, order_id: int | None) -> None:
        self._order_id = order_id
        if order_id is None:
            self._show(None)
            return
        self._runner.submit(lambda: self._queue.detail(order_id),
                            lambda detail: self._on_detail_loaded(order_id, detail),
                            lambda exc: self._on_failed("Could not load the order", exc))

    def reload(self) -> None:
        self.show_order(self._order_id)

    def open_file(self, path: Path) -> None:
        """Hand the file to the system viewer (tests override this)."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._on_failed("Could not open the document",
                            OSError(f"no program on this computer opens {path.suffix or 'this'} files; "
                                    f"the copy is at {path}"))

    # -- slots -------------------------------------------------------------------------------
    def _on_detail_loaded(self, order_id: int, detail: OrderDetail) -> None:
        if order_id != self._order_id:
            return  # the user moved on to another order meanwhile
        self._show(detail)

    def _on_checks_finished(self, report: CheckReport) -> None:
        if self.checks is None:
            return
        # The count on the tab tells the coordinator there is something to fix without opening it.
        shown = f"Checks ({report.errors} error{'s' if report.errors != 1 else ''})" if report.errors else (
            f"Checks ({report.open_warnings} warning{'s' if report.open_warnings != 1 else ''})"
            if report.open_warnings else "Checks ✓")
        self._tabs.setTabText(self._tabs.indexOf(self.checks), shown)

    def _on_field_focus_requested(self, path: str) -> None:
        if path.startswith("numbers"):
            self._tabs.setCurrentWidget(self.numbers)
            return
        if path.startswith("documents"):
            self._tabs.setCurrentWidget(self.documents)
            return
        key = path.replace("account.service_address.", "address.")
        if key in ("address.city", "address.state", "address.postal_code"):
            key = "address.city_line"
        key = {"requested_date": "requested", "requested_time": "requested", "profile": "provider"}.get(key, key)
        label = self.fields.findChild(QLabel, f"field-{key}")
        self._tabs.setCurrentWidget(self.fields)
        if label is not None:
            self.fields.ensureWidgetVisible(label)
            label.setSelection(0, len(label.text()))  # the read-only view has no editor: select the value

    def _on_document_activated(self, document_id: int) -> None:
        detail = self._detail
        if self.open_in_viewer is not None and detail is not None and self.open_in_viewer(detail, document_id):
            return  # the bill viewer took it (app.py installs it); everything else opens in the system viewer
        def job() -> Path:
            doc = self._queue.document(document_id)
            if not looks_like_pdf(doc.data):  # the bytes decide: a name can lie, a program can run
                raise NotAPdf(doc.filename)
            return self.viewer_copies.write(safe_name(doc.order_id, doc.kind, doc.id), doc.data)

        self._runner.submit(job, self.open_file, lambda exc: self._on_failed("Could not open the document", exc))

    def _on_comment_written(self, text: str) -> None:
        order_id = self._order_id
        if order_id is None:
            return

        def job() -> OrderDetail:
            self._queue.add_comment(order_id, text, self._author)
            return self._queue.detail(order_id)

        self._runner.submit(job, lambda detail: self._on_commented(order_id, detail),
                            lambda exc: self._on_failed("Could not add the comment", exc))

    def _on_commented(self, order_id: int, detail: OrderDetail) -> None:
        if order_id == self._order_id:
            self.timeline.clear_comment()
            self._show(detail)
        self.order_changed.emit(order_id)

    def _on_failed(self, what: str, exc: BaseException) -> None:
        self.action_failed.emit(what, exc)

    def _show(self, detail: OrderDetail | None) -> None:
        self._detail = detail
        if detail is None:
            self._stack.setCurrentIndex(0)
            self.fields.show_detail(None)
            self.timeline.set_enabled_for_order(False)
            return
        order = detail.order
        self._title.setText(order.display_name())
        self._badge.set_status(detail.status)
        self._subtitle.setText(
            f"Order #{detail.id} · created {format_time(detail.created_at)} · "
            f"last update {format_time(detail.updated_at)}"
        )
        self.fields.show_detail(detail)
        self.numbers.show_numbers(detail.numbers)
        self.documents.show_documents(detail.documents)
        self.timeline.show_timeline(detail.history, detail.comments)
        self.timeline.set_enabled_for_order(True)
        if self.checks is not None:
            self.checks.set_order(detail.id, order, detail.documents, detail.history)
        self._tabs.setTabText(1, f"Numbers ({len(detail.numbers)})")
        self._tabs.setTabText(2, f"Documents ({len(detail.documents)})")
        self._stack.setCurrentIndex(1)
