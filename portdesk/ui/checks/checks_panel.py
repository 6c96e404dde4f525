"""The checks panel on every order: what would get it rejected or delayed, kept fresh as it changes.

Edits restart a ~300 ms timer; when it fires, one check runs on the worker (the PDF thread: the
checks open the bill and LOA). While a check runs, further edits only mark it stale, so a fast
typist never piles up work, and a result that arrives for an older version of the order is
dropped. Clicking a finding asks the host to focus its field; a warning can be overridden with a
reason, which the checks service keeps in the order's history.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from portdesk.domain.findings import Finding
from portdesk.domain.order import PortOrder
from portdesk.services.checks import OVERRIDE_EVENT, CheckReport, ChecksService, mark_overrides
from portdesk.services.ports import DocumentInfo, HistoryEvent
from portdesk.ui.checks.checks_model import ChecksModel
from portdesk.ui.checks.override_dialog import OverrideDialog
from portdesk.ui.jobs import JobRunner

DEBOUNCE_MS = 300


class ChecksPanel(QWidget):
    field_focus_requested = Signal(str)  # dotted field path, e.g. "account.service_address.line1"
    checks_finished = Signal(object)  # CheckReport
    override_recorded = Signal(str, str, str)  # code, field, reason

    def __init__(self, checks: ChecksService, jobs: JobRunner, author: str,
                 parent: QWidget | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._checks, self._author = checks, author
        # Documents are read on the database thread, then measured on the PDF thread (PDF work only).
        self._db, self._runner = jobs.lane("db"), jobs.lane("pdf")
        self._order_id: int | None = None
        self._order: PortOrder | None = None
        self._documents: list[DocumentInfo] = []
        self._history: list[HistoryEvent] = []
        self._report: CheckReport | None = None
        self._generation = 0  # bumped on every change: results of older generations are stale
        self._running = False
        self.runs = 0  # how many checks actually ran (tests read it to see the debounce)
        # Tests may replace this to answer the reason prompt without a modal dialog.
        self.ask_reason: Callable[[Finding], str | None] = lambda f: OverrideDialog.ask(f, self)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._on_timer_fired)

        self.model = ChecksModel(self)
        self.summary_label = QLabel("Not checked yet.")
        self.summary_label.setWordWrap(True)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setWordWrap(True)
        self.list_view.setUniformItemSizes(False)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setSpacing(2)
        self.override_button = QPushButton("Override warning…")
        self.override_button.setEnabled(False)
        self.override_button.setToolTip("Say why this warning does not apply; the reason goes in the history.")
        self.recheck_button = QPushButton("Check again")
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(buttons)

        self.list_view.clicked.connect(self._on_finding_clicked)
        self.list_view.activated.connect(self._on_finding_clicked)  # Enter on the keyboard
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.override_button.clicked.connect(self._on_override_clicked)
        self.recheck_button.clicked.connect(self.recheck_now)

    # -- API -------------------------------------------------------------------------------------
    def set_order(self, order_id: int | None, order: PortOrder, documents: Sequence[DocumentInfo] = (),
                  history: Sequence[HistoryEvent] = ()) -> None:
        """A newly shown order (id None: not saved yet, so nothing can be overridden)."""
        self._order_id = order_id
        self._documents, self._history = list(documents), list(history)
        self.model.set_findings(())
        self._report = None
        self.order_changed(order)

    def order_changed(self, order: PortOrder) -> None:
        """The order as edited so far; the check follows once typing pauses."""
        self._order = copy.deepcopy(order)  # the worker must never see a half-edited object
        self._generation += 1
        self.summary_label.setText("Checking…" if self._report is None else self.summary_label.text())
        self._timer.start()

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        self._documents = list(documents)
        self._generation += 1
        self._timer.start()

    def recheck_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        self._on_timer_fired()

    def report(self) -> CheckReport | None:
        return self._report

    # -- slots -------------------------------------------------------------------------------------
    def _on_timer_fired(self) -> None:
        if self._order is None:
            return
        if self._running:
            return  # the result in flight is stale; _on_checked starts the next run
        self._running = True
        self.runs += 1
        generation, order, documents, history = self._generation, self._order, self._documents, self._history
        checks = self._checks

        def measure(loaded: dict[int, bytes]) -> None:
            self._runner.submit(lambda: checks.run(order, documents, history, loaded),
                                lambda report: self._on_checked(generation, report),
                                lambda exc: self._on_check_failed(generation, exc))

        self._db.submit(lambda: checks.load(documents), measure, lambda exc: self._on_check_failed(generation, exc))

    def _on_checked(self, generation: int, report: CheckReport) -> None:
        self._running = False
        if generation != self._generation:
            self._on_timer_fired()  # the order changed meanwhile: check the latest one
            return
        self._show(report)
        self.checks_finished.emit(report)

    def _on_check_failed(self, generation: int, exc: object) -> None:
        self._running = False
        if generation != self._generation:
            self._on_timer_fired()
            return
        self.summary_label.setText(f"The checks could not run: {exc}")

    def _on_finding_clicked(self, index: QModelIndex) -> None:
        self.field_focus_requested.emit(self.model.item(index.row()).finding.field)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_override_button(current)

    def _on_override_clicked(self) -> None:
        index = self.list_view.currentIndex()
        if not index.isValid() or self._order_id is None:
            return
        finding = self.model.item(index.row()).finding
        reason = self.ask_reason(finding)
        if not reason:
            return
        order_id, author, checks = self._order_id, self._author, self._checks
        self.override_button.setEnabled(False)
        self._db.submit(lambda: checks.record_override(order_id, finding, reason, author),
                            lambda _none: self._on_override_saved(finding, reason),
                            lambda exc: self.summary_label.setText(f"The override was not saved: {exc}"))

    def _on_override_saved(self, finding: Finding, reason: str) -> None:
        # Mark it at once from a local copy of the event; the next reload brings the stored one.
        self._history.append(HistoryEvent(dt.datetime.now(dt.UTC), self._author, OVERRIDE_EVENT, reason,
                                          {"code": finding.code, "field": finding.field, "reason": reason}))
        if self._report is not None:
            raw = [c.finding for c in self._report.findings]
            self._show(CheckReport(mark_overrides(raw, self._history), self._report.profile_id,
                                   self._report.problem, self._report.documents_checked))
        self.override_recorded.emit(finding.code, finding.field, reason)

    # -- helpers -------------------------------------------------------------------------------------
    def _show(self, report: CheckReport) -> None:
        current = self.list_view.currentIndex().row()
        self._report = report
        self.model.set_findings(report.findings)
        if 0 <= current < self.model.rowCount():
            self.list_view.setCurrentIndex(self.model.index(current))
        self.summary_label.setText(_summary(report))
        self._update_override_button(self.list_view.currentIndex())

    def _update_override_button(self, index: QModelIndex) -> None:
        ok = index.isValid() and self._order_id is not None
        if ok:
            checked = self.model.item(index.row())
            ok = not checked.finding.is_error and not checked.overridden
        self.override_button.setEnabled(ok)


def _summary(report: CheckReport) -> str:
    if report.problem:
        return report.problem
    if not report.findings:
        return f"No problems found for {report.profile_id}."
    overridden = sum(1 for f in report.findings if f.overridden)
    parts = [f"{report.errors} error{'s' if report.errors != 1 else ''}"]
    parts.append(f"{report.open_warnings} warning{'s' if report.open_warnings != 1 else ''}")
    if overridden:
        parts.append(f"{overridden} overridden")
    blocked = " — errors block submission" if report.errors else ""
    return " · ".join(parts) + f" ({report.profile_id}){blocked}"
