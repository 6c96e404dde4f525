"""The order detail pane: header, fields, numbers, documents, and the history timeline with comments.

It loads one order at a time on the task runner; a late answer for an order no longer shown is
dropped. Writing a comment goes through the queue service and then reloads the order, so the
timeline shows what was stored, not what was typed.

With the order actions installed (services/order_actions.py) it also shows the order's life at the
carrier: a rejection banner with the catalogue's words, the provider's and a Fix button
(`fix_requested`), the carrier's status in words and raw, the split parts, the conversation with the
provider's porting team, and Cancel / Change the date — disabled, with the reason as the tooltip,
where the status or the provider's cut-off does not allow them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.status import Status
from portdesk.services.ports import OrderNotFound
from portdesk.services.queue import OrderDetail, QueueService
from portdesk.ui.detail.carrier_view import CarrierView, carrier_summary
from portdesk.ui.detail.date_dialog import DateDialog
from portdesk.ui.detail.documents_view import DocumentsView
from portdesk.ui.detail.fields_view import OrderFieldsView
from portdesk.ui.detail.numbers_view import NumbersView
from portdesk.ui.detail.rejection_banner import RejectionBanner
from portdesk.ui.detail.system_viewer import NotAPdf, ViewerCopies, looks_like_pdf, safe_name
from portdesk.ui.detail.timeline_view import TimelineView
from portdesk.ui.jobs import JobRunner
from portdesk.ui.queue.columns import format_time
from portdesk.ui.widgets import theme
from portdesk.ui.widgets.status_badge import StatusBadge

if TYPE_CHECKING:  # the checks tab and the order actions are installed after the first paint (app.py)
    from portdesk.services.checks import CheckReport
    from portdesk.services.order_actions import CarrierInfo, OrderActions
    from portdesk.ui.checks.checks_panel import ChecksPanel

log = logging.getLogger(__name__)


def _parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None



def _at_carrier(status: Status) -> bool:
    # imported with the order actions (after the first paint): the outbox and profiles are not start-up's
    from portdesk.services.order_actions import AT_CARRIER

    return status in AT_CARRIER

class OrderDetailPane(QWidget):
    order_changed = Signal(int)  # order id: the queue rows should be refreshed
    action_failed = Signal(str, object)  # what was being done, the exception
    fix_requested = Signal(int)  # order id: the coordinator pressed Fix on a rejected order
    notice = Signal(str)  # a line for the status bar (a cancel queued, a date asked for)

    def __init__(self, queue: QueueService, jobs: JobRunner, author: str,
                 parent: QWidget | None = None, copies_folder: Path | None = None) -> None:
        super().__init__(parent)
        self._queue, self._runner, self._author = queue, jobs.lane("db"), author
        self._order_id: int | None = None
        self._detail: OrderDetail | None = None
        self._info: CarrierInfo | None = None
        self._checked: tuple[int, int, int, int] | None = None  # the order state the checks tab was given
        self.actions: OrderActions | None = None  # install_actions(): the carrier side of the order
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
        # a long name is cut (its tooltip has it whole) rather than pushing the queue off the screen
        self._title.setMinimumWidth(60)
        self._badge = StatusBadge()
        self._subtitle = QLabel()
        self._subtitle.setStyleSheet(theme.style("muted"))
        self._carrier_line = QLabel()
        self._carrier_line.setObjectName("detail-carrier-line")
        self._carrier_line.setWordWrap(True)
        self._carrier_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = RejectionBanner()
        self.banner.fix_clicked.connect(self._on_fix_clicked)
        self.cancel_action = QAction("&Cancel the order…", self)
        self.cancel_action.setObjectName("cancel-order")
        self.cancel_action.triggered.connect(self._on_cancel_triggered)
        self.change_date_action = QAction("Change the &date…", self)
        self.change_date_action.setObjectName("change-date")
        self.change_date_action.triggered.connect(self._on_change_date_triggered)
        for action in (self.cancel_action, self.change_date_action):
            action.setEnabled(False)
        title_row = QHBoxLayout()
        title_row.addWidget(self._title)
        title_row.addWidget(self._badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        self._subtitle.setMinimumWidth(60)
        self._subtitle.setWordWrap(True)  # beside the buttons on a small screen: wrapped, never cut
        subtitle_row = QHBoxLayout()
        subtitle_row.addWidget(self._subtitle, 1)
        for action in (self.change_date_action, self.cancel_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            subtitle_row.addWidget(button)

        self.fields = OrderFieldsView()
        self.numbers = NumbersView()
        self.documents = DocumentsView()
        self.timeline = TimelineView()
        self.carrier = CarrierView()
        self.documents.document_activated.connect(self._on_document_activated)
        self.timeline.comment_written.connect(self._on_comment_written)
        self._tabs = QTabWidget()
        self._tabs.setDocumentMode(True)
        self._tabs.addTab(self.fields, "Order")
        self._tabs.addTab(self.numbers, "Numbers")
        self._tabs.addTab(self.documents, "Documents")
        self._tabs.addTab(self.carrier, "Carrier")
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
        page_layout.addLayout(subtitle_row)
        page_layout.addWidget(self._carrier_line)
        page_layout.addWidget(self.banner)
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
            self._checked = (detail.id, detail.version, len(detail.history), len(detail.documents))
            panel.set_order(detail.id, detail.order, detail.documents, detail.history)

    def title_text(self) -> str:
        return self._title.text()

    def carrier_line(self) -> str:
        return self._carrier_line.text()

    @property
    def carrier_info(self) -> CarrierInfo | None:
        return self._info

    def install_actions(self, actions: OrderActions) -> None:
        """The carrier side of the order (composition root): rejections, carrier status, cancel, date."""
        self.actions = actions
        self.reload()

    def show_order(self, order_id: int | None) -> None:
        self._order_id = order_id
        if order_id is None:
            self._show(None)
            return
        actions = self.actions

        def job() -> tuple[OrderDetail, CarrierInfo | None]:
            detail = self._queue.detail(order_id)
            return detail, actions.carrier_info(detail) if actions is not None else None

        self._runner.submit(job, lambda loaded: self._on_detail_loaded(order_id, *loaded),
                            lambda exc: self._on_load_failed(order_id, exc))

    def _on_load_failed(self, order_id: int, exc: BaseException) -> None:
        if isinstance(getattr(exc, "cause", exc), OrderNotFound):
            # deleted since it was chosen (Reset demo data, a teammate): nothing to show, nothing to say
            if self._order_id == order_id:
                self._order_id = None
                self._show(None)
            return
        self._on_failed("Could not load the order", exc)

    # -- dialogs (tests override these) ------------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_new_date(self, detail: OrderDetail, info: CarrierInfo) -> dt.date | None:
        actions = self.actions
        assert actions is not None
        current = _parse_day(detail.order.requested_date)
        lead = (f"{info.provider} needs the order a few business days ahead: the first date it can be asked "
                f"for is {info.earliest_date:%a %Y-%m-%d}. " if info.earliest_date else "")
        where = ("The carrier gets the new date as a change to the order (a supplement) on the next sync."
                 if _at_carrier(detail.status) else "The order is not at a carrier yet: only the order changes.")
        dialog = DateDialog(current, info.earliest_date, lambda day: actions.date_refusal(detail, day),
                            lead + where, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()

    def reload(self) -> None:
        self.show_order(self._order_id)

    def open_file(self, path: Path) -> None:
        """Hand the file to the system viewer (tests override this)."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._on_failed("Could not open the document",
                            OSError(f"no program on this computer opens {path.suffix or 'this'} files; "
                                    f"the copy is at {path}"))

    # -- slots -------------------------------------------------------------------------------
    def _on_detail_loaded(self, order_id: int, detail: OrderDetail, info: CarrierInfo | None = None) -> None:
        if order_id != self._order_id:
            return  # the user moved on to another order meanwhile
        self._info = info
        self._show(detail)

    def _on_fix_clicked(self) -> None:
        if self._order_id is not None:
            self.fix_requested.emit(self._order_id)

    def _on_cancel_triggered(self) -> None:
        detail, info, actions = self._detail, self._info, self.actions
        if detail is None or info is None or actions is None:
            return
        if info.cancel_refusal:  # the action is disabled then; a shortcut or a stale menu still gets the reason
            self._on_failed("The order cannot be cancelled now", ValueError(info.cancel_refusal))
            return
        if _at_carrier(detail.status):
            how = (f"PortDesk asks {info.connection} to cancel it on the next sync; the order shows "
                   "“Cancel pending” until the carrier confirms." if info.talks_to_carrier else
                   "It was sent through the provider's console: cancel it there too.")
        else:
            how = "No carrier has it yet: it is cancelled at once."
        if not self.confirm("Cancel the order", f"Cancel “{detail.order.display_name()[:80]}”?\n\n{how}"):
            return
        author, order_id = self._author, detail.id
        self._runner.submit(lambda: actions.cancel(detail, author),
                            lambda status: self._on_acted(order_id, f"Order {order_id}: {status.label.lower()}."),
                            lambda exc: self._on_failed("Could not cancel the order", exc))

    def _on_change_date_triggered(self) -> None:
        detail, info, actions = self._detail, self._info, self.actions
        if detail is None or info is None or actions is None:
            return
        if info.date_refusal:
            self._on_failed("The date cannot be changed now", ValueError(info.date_refusal))
            return
        day = self.ask_new_date(detail, info)
        if day is None:
            return
        author, order_id = self._author, detail.id
        queued = " (sent to the carrier on the next sync)" if _at_carrier(detail.status) else ""
        self._runner.submit(lambda: actions.change_date(detail, day, author),
                            lambda _version: self._on_acted(order_id, f"Order {order_id}: date {day:%a %Y-%m-%d} "
                                                                      f"asked for{queued}."),
                            lambda exc: self._on_failed("Could not change the date", exc))

    def _on_acted(self, order_id: int, text: str) -> None:
        self.notice.emit(text)
        self.order_changed.emit(order_id)
        if order_id == self._order_id:
            self.reload()

    def _update_actions(self, detail: OrderDetail | None, info: CarrierInfo | None) -> None:
        for action, refusal, tip in (
                (self.cancel_action, info.cancel_refusal if info else None,
                 "Cancel the order (at the carrier too, when it has it)"),
                (self.change_date_action, info.date_refusal if info else None,
                 "Ask for another port date (a supplement when the carrier has the order)")):
            allowed = detail is not None and info is not None and refusal is None
            action.setEnabled(allowed)
            action.setToolTip(tip if allowed or refusal is None else refusal)

    def _on_checks_finished(self, report: CheckReport) -> None:
        if self.checks is None:
            return
        index = self._tabs.indexOf(self.checks)
        detail = self._detail
        if detail is not None and detail.status.is_final:
            # Nothing is left to fix in a finished order: judged as of today its old dates and bill would
            # count as errors; the list stays readable, the tab does not call for action.
            self._tabs.setTabText(index, "Checks")
            self._tabs.setTabToolTip(index, f"This order is {detail.status.label.lower()}: the checks show how "
                                            "it reads today; nothing in it can be changed any more.")
            return
        self._tabs.setTabToolTip(index, "")
        # The count on the tab tells the coordinator there is something to fix without opening it.
        shown = f"Checks ({report.errors} error{'s' if report.errors != 1 else ''})" if report.errors else (
            f"Checks ({report.open_warnings} warning{'s' if report.open_warnings != 1 else ''})"
            if report.open_warnings else "Checks ✓")
        self._tabs.setTabText(index, shown)

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
        actions = self.actions

        def job() -> tuple[OrderDetail, CarrierInfo | None]:
            if actions is not None:  # to the provider's porting team when a connection holds the order
                actions.send_comment(order_id, text, self._author)
            else:
                self._queue.add_comment(order_id, text, self._author)
            detail = self._queue.detail(order_id)
            return detail, actions.carrier_info(detail) if actions is not None else None

        self._runner.submit(job, lambda loaded: self._on_commented(order_id, *loaded),
                            lambda exc: self._on_failed("Could not add the comment", exc))

    def _on_commented(self, order_id: int, detail: OrderDetail, info: CarrierInfo | None = None) -> None:
        if order_id == self._order_id:
            self.timeline.clear_comment()
            self._info = info
            self._show(detail)
        self.order_changed.emit(order_id)

    def _on_failed(self, what: str, exc: BaseException) -> None:
        self.action_failed.emit(what, exc)

    def _show(self, detail: OrderDetail | None) -> None:
        self._detail = detail
        info = self._info if detail is not None and self._info is not None and \
            (self._info.submission is None or self._info.submission.order_id == detail.id) else None
        self._update_actions(detail, info)
        if detail is None:
            self._info = None
            self._checked = None
            self._stack.setCurrentIndex(0)
            self.fields.show_detail(None)
            self.banner.hide()
            self.timeline.set_enabled_for_order(False)
            return
        order = detail.order
        self._title.setText(order.display_name())
        self._title.setToolTip(order.display_name())
        self._badge.set_status(detail.status)
        self._subtitle.setText(
            f"Order #{detail.id} · created {format_time(detail.created_at)} · "
            f"last update {format_time(detail.updated_at)}"
        )
        self.fields.show_detail(detail)
        self.numbers.show_numbers(detail.numbers, detail.status)
        self.documents.show_documents(detail.documents)
        connection = info.connection if info is not None and info.talks_to_carrier else None
        self.timeline.show_timeline(detail.history, detail.comments, info.waiting_comments() if info else (),
                                    connection)
        self.timeline.set_destination(connection)
        self.timeline.set_enabled_for_order(True)
        summary = carrier_summary(detail, info) if info is not None else ""
        self._carrier_line.setText(summary)
        self._carrier_line.setVisible(bool(summary))
        self.carrier.show_carrier(detail, info)
        if detail.status is Status.EXCEPTION:
            self.banner.show_rejections(info.rejections if info else [], info.connection or "" if info else "")
        else:
            self.banner.hide()
        checked = (detail.id, detail.version, len(detail.history), len(detail.documents))
        if self.checks is not None and checked != self._checked:
            # the same order unchanged (shown again by a selection or a sync with nothing new) keeps its
            # checks: re-running them would blank the list under the coordinator's eyes
            self._checked = checked
            self.checks.set_order(detail.id, order, detail.documents, detail.history)
        self._tabs.setTabText(1, f"Numbers ({len(detail.numbers)})")
        self._tabs.setTabText(2, f"Documents ({len(detail.documents)})")
        self._stack.setCurrentIndex(1)
