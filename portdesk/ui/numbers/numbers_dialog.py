"""Numbers import dialog: paste, pick or drop a list; see each number judged; fix, remove, then add
the good ones to the order or split them into drafts the profile accepts.

Reading runs on the task runner (a big spreadsheet must not freeze the window); the table edits
are cheap and happen at once. Nothing is dropped silently: the left-out box says what and why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.numbers import NumberEntry
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.services import numbers_import
from portdesk.services.numbers_import import RowsReader
from portdesk.ui.jobs import JobRunner
from portdesk.ui.numbers.numbers_model import COL_STATUS, NumbersModel, ProblemsFilter
from portdesk.ui.numbers.split_panel import SplitPanel
from portdesk.ui.widgets import theme

CreateDrafts = Callable[[list[PortOrder]], list[int]]  # new orders → their ids (one transaction)
FILE_FILTER = "Number lists (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"
SHOWN_LEFT_OUT = 6


class DropZone(QFrame):
    """Takes dropped files (and dropped text) for the dialog; the paste box inside passes drops up."""

    files_dropped = Signal(list)  # paths as str
    text_dropped = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("numbersDropZone")
        self.setStyleSheet("#numbersDropZone { border: 2px dashed palette(mid); border-radius: 6px; }")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
        elif data.hasText():
            self.text_dropped.emit(data.text())
        event.acceptProposedAction()


class NumbersDialog(QDialog):
    numbers_accepted = Signal(list)  # the valid E.164 numbers, each once; the caller updates the order
    drafts_created = Signal(list)  # ids of the drafts made by a split

    def __init__(self, order: PortOrder, profiles: Mapping[str, Profile], *,
                 read_spreadsheet: RowsReader | None = None, create_drafts: CreateDrafts | None = None,
                 jobs: JobRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Numbers — {order.display_name()}")
        self.resize(1180, 680)
        self._order = order
        self._read_spreadsheet = read_spreadsheet
        self._create_drafts = create_drafts
        jobs = jobs or JobRunner()
        self._reader = jobs.lane("pdf")  # spreadsheets are read in the documents room, beside the PDFs
        self._db = jobs.lane("db")
        self.created_ids: list[int] = []

        self.model = NumbersModel(order.kind, profiles.get(order.profile or ""), self)
        self.proxy = ProblemsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.split_panel = SplitPanel(profiles, order.profile, order.display_name())
        self.split_panel.setEnabled(create_drafts is not None)
        self._build()
        self._connect()
        if order.numbers:
            self.model.add("order", numbers_import.from_order(order))
        self._on_entries_changed()

    # -- API -------------------------------------------------------------------------------------
    def valid_numbers(self) -> list[str]:
        return numbers_import.valid_numbers(self.model.entries())

    def carriers(self) -> dict[str, str]:
        """Losing carrier per number, where the list named one (for the order's `number_carriers`)."""
        return numbers_import.carriers_of(self.model.entries())

    def read_text(self, text: str, source: str = "pasted") -> None:
        self._read(source, lambda: numbers_import.read_pasted(text))

    def read_files(self, paths: Sequence[str | Path]) -> None:
        reader = self._read_spreadsheet
        for path in map(Path, paths):
            self._read(path.name, lambda p=path: numbers_import.read_file(p, reader))

    # -- building ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.drop_zone = DropZone()
        self.open_button = QPushButton("Open file…")
        self.paste_box = QPlainTextEdit()
        self.paste_box.setAcceptDrops(False)  # file drops go to the zone, not into the text
        self.paste_box.setPlaceholderText("Paste numbers here: one or many per line, any format, "
                                          "or rows copied from a spreadsheet…")
        self.paste_box.setMaximumHeight(90)
        self.read_button = QPushButton("Read pasted numbers")
        self.read_button.setToolTip("Ctrl+Enter")
        hint = QLabel("Drop a CSV, XLSX or text file here, or paste the list below.")
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.open_button)
        paste_row = QHBoxLayout()
        paste_row.addWidget(self.paste_box, 1)
        paste_row.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignBottom)
        zone = QVBoxLayout(self.drop_zone)
        zone.addLayout(top)
        zone.addLayout(paste_row)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("numbersSummary")
        self.problems_only = QCheckBox("Show problems only")
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.setToolTip("Delete")
        bar = QHBoxLayout()
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.problems_only)
        bar.addWidget(self.remove_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.left_out_label = QLabel()
        self.left_out_label.setWordWrap(True)
        self.left_out_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.drop_zone)
        lv.addLayout(bar)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.left_out_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.split_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 340])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Add to order", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.drop_zone.files_dropped.connect(self._on_files_dropped)
        self.drop_zone.text_dropped.connect(self._on_text_dropped)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.read_button.clicked.connect(self._on_read_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self.paste_box, self._on_read_clicked)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self._on_remove_clicked)
        self.problems_only.toggled.connect(self.proxy.set_problems_only)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.model.entries_changed.connect(self._on_entries_changed)
        self.split_panel.profile_box.currentIndexChanged.connect(self._on_profile_changed)
        self.split_panel.split_requested.connect(self._on_split_requested)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- slots --------------------------------------------------------------------------------------
    def _on_files_dropped(self, paths: list[str]) -> None:
        self.read_files(paths)

    def _on_text_dropped(self, text: str) -> None:
        self.read_text(text, "dropped")

    def _on_open_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open a number list", "", FILE_FILTER)
        if paths:
            self.read_files(paths)

    def _on_read_clicked(self) -> None:
        text = self.paste_box.toPlainText()
        if text.strip():
            self.read_text(text)
            self.paste_box.clear()

    def _on_remove_clicked(self) -> None:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        self.model.remove_rows(sorted(rows))

    def _on_profile_changed(self, _index: int) -> None:
        self.model.set_context(self._order.kind, self.split_panel.profile())
        self._on_entries_changed()

    def _on_entries_changed(self) -> None:
        entries = self.model.entries()
        self.split_panel.set_entries(entries)
        self._show_summary(entries)
        for col in range(COL_STATUS):  # Status stretches; the short columns fit their text
            self.table.resizeColumnToContents(col)

    def _on_read_failed(self, source: str, exc: BaseException) -> None:
        self._set_status(f"{source}: {exc}" if source not in str(exc) else str(exc), error=True)

    def _on_add_clicked(self) -> None:
        self.numbers_accepted.emit(self.valid_numbers())
        self.accept()

    def _on_split_requested(self) -> None:
        plan = self.split_panel.plan()
        if plan is None or self._create_drafts is None or len(plan.groups) < 2:
            return
        drafts = numbers_import.draft_orders(self._order, plan.groups, self.split_panel.draft_name(),
                                             self.carriers())
        create = self._create_drafts
        self.split_panel.setEnabled(False)
        self._set_status(f"Creating {len(drafts)} drafts…")
        self._db.submit(lambda: create(drafts), self._on_drafts_saved, self._on_drafts_failed)

    def _on_drafts_saved(self, ids: list[int]) -> None:
        self.created_ids = list(ids)
        self.drafts_created.emit(self.created_ids)
        self.accept()

    def _on_drafts_failed(self, exc: BaseException) -> None:
        self.split_panel.setEnabled(True)
        self._set_status(f"The drafts were not created: {exc}", error=True)

    # -- helpers -------------------------------------------------------------------------------------
    def _read(self, source: str, job: Callable[[], list[NumberEntry]]) -> None:
        self._set_status(f"Reading {source}…")
        self._reader.submit(job, lambda entries: self._on_entries_read(source, entries),
                            lambda exc: self._on_read_failed(source, exc))

    def _on_entries_read(self, source: str, entries: list[NumberEntry]) -> None:
        if not entries:
            self._set_status(f"{source}: no numbers found", error=True)
            return
        self.model.add(source, entries)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(theme.style("error") if error else "")

    def _show_summary(self, entries: list[NumberEntry]) -> None:
        text = numbers_import.summary(entries) if entries else "No numbers yet."
        kinds = {("toll_free" if e.kind == "toll_free" else "local") for e in entries if e.valid}
        if len(kinds) > 1:
            text += " · local and toll-free mixed: split them"
        self._set_status(text)
        self.add_button.setEnabled(bool(self.valid_numbers()))
        gone = self.model.left_out_texts()
        if not gone:
            self.left_out_label.setText("")
            return
        lines = gone[:SHOWN_LEFT_OUT]
        more = f"<br>… and {len(gone) - SHOWN_LEFT_OUT} more (tick “Show problems only”)" \
            if len(gone) > SHOWN_LEFT_OUT else ""
        self.left_out_label.setText(
            f"<b>Left out ({len(gone)}), not added to any order:</b><br>"
            + "<br>".join(_escape(line) for line in lines) + more
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
