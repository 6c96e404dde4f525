"""The side-by-side bill viewer: thumbnails | the bill with overlays | the order's fields and numbers.

Every PDF call (open, render, words, search, the check) runs on the one PDF thread through a
`PdfRunner`; this widget only ever sees plain results. The bill's bytes are read, never written.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.documents import BillCheck
from portdesk.domain.order import PortOrder
from portdesk.services.bills import (
    FIELD_LABELS,
    TAKEABLE_FIELDS,
    BillPasswordRequired,
    BillService,
    RenderedPage,
    SearchHit,
    field_value,
    unchecked,
    with_field,
)
from portdesk.ui.jobs import PRIORITY_BACKGROUND, JobRunner
from portdesk.ui.viewer.fields_panel import FieldsPanel
from portdesk.ui.viewer.find_bar import FindBar
from portdesk.ui.viewer.numbers_panel import NumbersPanel
from portdesk.ui.viewer.page_cache import to_image
from portdesk.ui.viewer.page_view import BillPageView
from portdesk.ui.viewer.thumbnail_model import THUMB_WIDTH, ThumbnailModel
from portdesk.ui.widgets import theme


@dataclass(frozen=True)
class _NeedsPassword:
    message: str


SEARCH_CHUNK = 20  # pages per search job, so renders can slip in between on a long bill
_THUMB_PRIORITY = 3


class BillViewerWindow(QWidget):
    field_filled = Signal(str, str)  # field (e.g. "account.name"), the new value
    numbers_added = Signal(list)  # E.164 numbers taken from the bill
    check_updated = Signal(object)  # the latest BillCheck
    bill_failed = Signal(str)  # the bill could not be opened: why, in words

    def __init__(self, bill_service: BillService, order: PortOrder, bill_bytes: bytes,
                 today: dt.date, jobs: JobRunner | None = None, parent: QWidget | None = None,
                 ask_password: Callable[[str], str | None] | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        # Compact (beside a form, as in the wizard): no thumbnails, the fields under the bill, so the
        # page keeps a readable width instead of three panes squeezed into half a window.
        self._compact = compact
        self.setWindowTitle(f"Bill — {order.name or order.account.name or 'order'}")
        self._service = bill_service
        self.order = order
        self._bytes = bill_bytes
        self._today = today
        self._runner = (jobs or JobRunner()).lane("pdf")
        self.destroyed.connect(self._runner.cancel_all)
        self._doc: Any = None
        self.check: BillCheck | None = None
        self._check_generation = 0
        self._search_generation = 0
        self._search_left = 0
        self.hits: list[SearchHit] = []
        self.current_hit = -1
        self.error: str | None = None
        self._build()
        self._connect()
        self._password: str | None = None
        # Replaceable (tests, embedders): ask for the bill's password; None means "cancel".
        self.ask_password: Callable[[str], str | None] = ask_password or self._ask_password_dialog
        self._show_check(unchecked(order, 0))
        self._open_bill()

    def _open_bill(self) -> None:
        service, data, password = self._service, self._bytes, self._password

        def open_job() -> tuple[Any, list[tuple[float, float]]] | _NeedsPassword:
            try:
                doc = service.open(data, password)
            except BillPasswordRequired as exc:
                return _NeedsPassword(str(exc))
            return doc, doc.page_sizes()

        self.message.setText("Opening the bill…")
        self._runner.submit(open_job, self._on_open_answered, lambda error: self._on_bill_failed(str(error)))

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setIconSize(QSize(16, 16))
        self.zoom_out_action = self.toolbar.addAction("−", self._on_zoom_out_triggered)
        self.zoom_label = QLabel("100 %", self)
        self.zoom_label.setMinimumWidth(52)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.zoom_label)
        self.zoom_in_action = self.toolbar.addAction("+", self._on_zoom_in_triggered)
        self.toolbar.addAction("Fit width", lambda: self.view.fit_width())
        self.toolbar.addAction("Fit page", lambda: self.view.fit_page())
        self.toolbar.addSeparator()
        self.toolbar.addAction("Find…", lambda: self.find_bar.open_bar())
        self.page_label = QLabel("", self)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.page_label)
        self.zoom_out_action.setToolTip("Zoom out (Ctrl+−, or Ctrl+wheel)")
        self.zoom_in_action.setToolTip("Zoom in (Ctrl++, or Ctrl+wheel)")

        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.view = BillPageView(self)
        self.message = QLabel("Opening the bill…", self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self.password_button = QPushButton("Enter the password…", self)
        self.password_button.hide()
        self.password_button.clicked.connect(lambda: self._prompt_password(self.error or "Password"))
        message_page = QWidget(self)
        message_layout = QVBoxLayout(message_page)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.password_button, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(message_page)
        self.stack.addWidget(self.view)

        self.thumbnails = ThumbnailModel(self._request_thumbnail, self)
        self.thumb_list = QListView(self)
        self.thumb_list.setModel(self.thumbnails)
        self.thumb_list.setUniformItemSizes(True)  # only visible rows are asked for pictures
        self.thumb_list.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 11 / 8.5)))
        self.thumb_list.setSpacing(4)
        self.thumb_list.setViewMode(QListView.ViewMode.IconMode)
        self.thumb_list.setFlow(QListView.Flow.TopToBottom)
        self.thumb_list.setWrapping(False)
        self.thumb_list.setMovement(QListView.Movement.Static)
        self.thumb_list.setFixedWidth(THUMB_WIDTH + 36)

        self.fields = FieldsPanel(self)
        self.numbers = NumbersPanel(self)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Order fields against the bill</b>", side)
        title.setContentsMargins(8, 6, 8, 0)
        self.summary = QLabel("", side)
        self.summary.setWordWrap(True)
        self.summary.setContentsMargins(8, 0, 8, 0)
        # A warning that outlives re-checks (e.g. "not saved: someone else changed the order").
        self.warning = QLabel("", side)
        self.warning.setWordWrap(True)
        self.warning.setContentsMargins(8, 4, 8, 4)
        self.warning.setStyleSheet(theme.style("error", f"background: {theme.hex_of('error.fill')};"))
        self.warning.hide()
        side_layout.addWidget(title)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.warning)
        side_layout.addWidget(self.fields)
        numbers_title = QLabel("<b>Telephone numbers</b>", side)
        numbers_title.setContentsMargins(8, 6, 8, 0)
        side_layout.addWidget(numbers_title)
        side_layout.addWidget(self.numbers)
        side_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(400)

        if self._compact:
            self.thumb_list.hide()
            scroll.setMinimumWidth(0)
            scroll.setMinimumHeight(160)
            self.splitter = QSplitter(Qt.Orientation.Vertical, self)
            self.splitter.addWidget(self.stack)
            self.splitter.addWidget(scroll)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
            self.splitter.setSizes([560, 340])
            self.splitter.setCollapsible(0, False)
        else:
            self._build_wide_splitter(scroll)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.splitter, 1)

    def _build_wide_splitter(self, scroll: QScrollArea) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.thumb_list)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(scroll)
        # Thumbnails keep their width; the bill gets the larger share of the rest. Explicit sizes,
        # or the splitter gives the fixed-width thumbnail list a wide, empty slot.
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([THUMB_WIDTH + 36, 780, 520])
        self.splitter.setCollapsible(1, False)

    def _connect(self) -> None:
        self.view.zoom_changed.connect(self._on_zoom_changed)
        self.view.current_page_changed.connect(self._on_current_page_changed)
        self.view.selection_changed.connect(self._on_selection_changed)
        self.thumb_list.clicked.connect(lambda index: self.view.scroll_to_page(index.row()))
        self.fields.field_activated.connect(self._on_field_activated)
        self.fields.take_requested.connect(self._on_take_requested)
        self.fields.text_dropped.connect(self._apply_field)
        self.fields.field_edited.connect(self._apply_field)
        self.numbers.numbers_added.connect(self._on_numbers_added)
        self.find_bar.search_requested.connect(self._on_search_requested)
        self.find_bar.next_requested.connect(lambda: self.go_to_hit(self.current_hit + 1))
        self.find_bar.previous_requested.connect(lambda: self.go_to_hit(self.current_hit - 1))
        self.find_bar.closed.connect(self._on_find_closed)
        shortcuts = [
            (QKeySequence.StandardKey.Find, self.find_bar.open_bar),
            (QKeySequence.StandardKey.ZoomIn, self.view.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.view.zoom_out),
            (QKeySequence.StandardKey.FindNext, lambda: self.go_to_hit(self.current_hit + 1)),
            (QKeySequence.StandardKey.FindPrevious, lambda: self.go_to_hit(self.current_hit - 1)),
        ]
        for key, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- opening -------------------------------------------------------------------------------
    def _on_open_answered(self, result: tuple[Any, list[tuple[float, float]]] | _NeedsPassword) -> None:
        if isinstance(result, _NeedsPassword):
            self.error = result.message
            self.message.setText(f"<p>{escape(result.message)}</p>")
            self.password_button.show()
            # Ask after this call returns: the window is on screen, and an embedder (or a test)
            # that just built it can still replace `ask_password`.
            QTimer.singleShot(0, self, lambda message=result.message: self._prompt_password(message))
            return
        self._on_bill_opened(result)

    def _prompt_password(self, message: str) -> None:
        if self._doc is not None:
            return
        password = self.ask_password(message)
        if password:
            self._password = password
            self.password_button.hide()
            self._open_bill()
        else:
            self._on_bill_failed(message)
            self.password_button.show()  # they may find the password later

    def _ask_password_dialog(self, message: str) -> str | None:
        text, ok = QInputDialog.getText(self, "Password-protected bill", message,
                                        QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _on_bill_opened(self, result: tuple[Any, list[tuple[float, float]]]) -> None:
        self.error = None
        self.message.setStyleSheet("")
        self._doc, sizes = result
        self.stack.setCurrentWidget(self.view)
        self.view.set_document(self._service, self._runner, self._doc, sizes)
        self.thumbnails.set_pages(sizes)
        self.page_label.setText(f"Page 1 of {len(sizes)}")
        self.recheck()

    def _on_bill_failed(self, message: str) -> None:
        self.error = message
        self.message.setText(f"<p style='font-size: 14pt'>The bill cannot be shown.</p><p>{escape(message)}</p>"
                             "<p>The order's fields are still here; nothing was changed.</p>")
        self.message.setStyleSheet(theme.style("error"))
        self.summary.setText("Not checked: the bill cannot be read.")
        self.bill_failed.emit(message)

    def set_order(self, order: PortOrder) -> None:
        """The order was changed elsewhere (the wizard, another window): show and check its new values."""
        self.order = copy.deepcopy(order)
        self._show_check(self.check or unchecked(self.order, 0))
        self.recheck()

    def show_warning(self, text: str) -> None:
        """Keep a message in view beside the fields until the viewer closes."""
        self.warning.setText(text)
        self.warning.show()

    # -- the check -----------------------------------------------------------------------------
    def recheck(self) -> None:
        """Hold the order against the bill again, on the PDF thread; older answers are dropped."""
        if self._doc is None:
            return
        self._check_generation += 1
        generation = self._check_generation
        service, data, order, today = self._service, self._bytes, copy.deepcopy(self.order), self._today
        password, doc = self._password, self._doc
        self._runner.submit(lambda: service.check(data, order, today, password=password, doc=doc),
                            lambda check: self._on_check_done(generation, check),
                            lambda message: self._on_check_failed(generation, message),
                            priority=PRIORITY_BACKGROUND)

    def _on_check_done(self, generation: int, check: BillCheck) -> None:
        if generation == self._check_generation:
            self._show_check(check)
            self.check_updated.emit(check)

    def _on_check_failed(self, generation: int, message: str) -> None:
        if generation == self._check_generation:
            self.summary.setText(f"The check could not run: {message}")

    def _show_check(self, check: BillCheck) -> None:
        self.check = check
        values = {name: field_value(self.order, name) or "" for name in TAKEABLE_FIELDS}
        self.fields.set_checks(check.fields, values)
        self.view.set_checks(check.fields)
        self.numbers.set_numbers(check.on_order_not_on_bill, check.on_bill_not_on_order)
        self.summary.setText(_summary(check, self._doc is not None))

    # -- fields ----------------------------------------------------------------------------------
    def _on_field_activated(self, name: str) -> None:
        check = self.fields.checks.get(name)
        if check is not None and check.page is not None and check.rects:
            self.view.reveal(check.page - 1, tuple(check.rects))
        else:
            self.summary.setText(f"{FIELD_LABELS[name]}: not found on the bill, nothing to show.")

    def _on_selection_changed(self, text: str) -> None:
        self.fields.set_selection_available(bool(text))

    def _on_take_requested(self, name: str) -> None:
        text = self.view.selection.text
        if text:
            self._apply_field(name, text)

    def _apply_field(self, name: str, text: str) -> None:
        """Set one field (from the bill, a drop or typing), tell the embedder, check again."""
        self.order = with_field(self.order, name, text)
        self.fields.set_value(name, text)
        self.field_filled.emit(name, text)
        self.recheck()

    def _on_numbers_added(self, numbers: list[str]) -> None:
        self.order.numbers.extend(n for n in numbers if n not in self.order.numbers)
        self.numbers_added.emit(numbers)
        self.recheck()

    # -- zoom, pages, thumbnails ---------------------------------------------------------------
    def _on_zoom_in_triggered(self) -> None:
        self.view.zoom_in()

    def _on_zoom_out_triggered(self) -> None:
        self.view.zoom_out()

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 75)} %")  # 100 % = 96 px per inch, 1 pt = 4/3 px

    def _on_current_page_changed(self, page: int) -> None:
        self.page_label.setText(f"Page {page + 1} of {self.view.page_count}")
        self.thumb_list.setCurrentIndex(self.thumbnails.index(page))

    def _request_thumbnail(self, page: int) -> None:
        if self._doc is None:
            return
        service, doc = self._service, self._doc
        dpr = float(self.thumb_list.devicePixelRatioF())
        scale = THUMB_WIDTH / doc_width(self.view, page) * dpr

        def job() -> tuple[Any, RenderedPage]:
            rendered = service.render(doc, page, scale)
            return to_image(rendered, dpr), rendered

        self._runner.submit(job, lambda result: self.thumbnails.set_thumbnail(page, result[0]),
                            lambda _m: self.thumbnails.forget_request(page), priority=_THUMB_PRIORITY)

    # -- find -----------------------------------------------------------------------------------
    def _on_search_requested(self, text: str) -> None:
        self._search_generation += 1
        generation = self._search_generation
        self.hits, self.current_hit = [], -1
        self.view.set_hits([], -1)
        if not text.strip() or self._doc is None:
            self.find_bar.set_status(-1, 0)
            return
        doc, count = self._doc, self.view.page_count
        chunks = [range(start, min(count, start + SEARCH_CHUNK)) for start in range(0, count, SEARCH_CHUNK)]
        self._search_left = len(chunks)
        self.find_bar.set_status(-1, 0, searching=True)
        for pages in chunks:
            self._runner.submit(lambda p=pages: doc.search(text, p),
                                lambda hits: self._on_search_chunk(generation, hits),
                                lambda _m: self._on_search_chunk(generation, []),
                                priority=PRIORITY_BACKGROUND)

    def _on_search_chunk(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._search_generation:
            return
        self._search_left -= 1
        self.hits.extend(hits)  # chunks run in page order on the one PDF thread
        if self.current_hit < 0 and self.hits:
            self.go_to_hit(0)
        else:
            self.view.set_hits(self.hits, self.current_hit)
        self.find_bar.set_status(self.current_hit, len(self.hits), searching=self._search_left > 0)

    def go_to_hit(self, index: int) -> None:
        if not self.hits:
            return
        self.current_hit = index % len(self.hits)
        hit = self.hits[self.current_hit]
        self.view.set_hits(self.hits, self.current_hit)
        self.view.reveal(hit.page, (hit.rect,), flash=False)
        # The match becomes the selection, so Take (or a drag) copies it: Find, then Take, no mouse.
        self.view.select_in(hit.page, hit.rect)
        self.find_bar.set_status(self.current_hit, len(self.hits), searching=self._search_left > 0)

    def _on_find_closed(self) -> None:
        self._search_generation += 1
        self.hits, self.current_hit = [], -1
        self.view.set_hits([], -1)
        self.view.setFocus()

    # -- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.release()
        super().closeEvent(event)

    def release(self) -> None:
        """Drop pending answers and close the PDF on its own thread."""
        self._runner.cancel_all()
        self._search_generation += 1
        self.view.release()
        doc, self._doc = self._doc, None
        if doc is not None:
            self._runner.submit(doc.close, lambda _r: None)


def doc_width(view: BillPageView, page: int) -> float:
    return view.layout_.sizes[page][0] or 612.0


def _summary(check: BillCheck, opened: bool) -> str:
    if not opened:
        return "Checking…"
    parts = []
    if not check.text_layer and not check.ocr and check.pages:
        parts.append("This bill is a scan with no text: the fields cannot be checked automatically. "
                     "Compare them by eye.")
    if check.date is not None:
        age = f", {check.age_days} days old" if check.age_days is not None else ""
        parts.append(f"Statement date {check.date:%m/%d/%Y}{age}.")
    counts = {s: sum(1 for f in check.fields if f.status == s) for s in ("exact", "near", "missing")}
    if any(counts.values()):
        parts.append(f"{counts['exact']} exact, {counts['near']} near, {counts['missing']} missing.")
    return " ".join(parts)
