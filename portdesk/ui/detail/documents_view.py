"""The order's documents (bill, LOA, CSR): double-click or Open to view one in the system viewer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portdesk.services.queue import DocumentInfo
from portdesk.ui.queue.columns import format_time

KIND_NAMES = {"bill": "Bill copy", "loa": "Letter of Authorization", "csr": "Customer service record"}


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class DocumentsView(QWidget):
    document_activated = Signal(int)  # document id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = QTableWidget(0, 4, self)
        self._table.setHorizontalHeaderLabels(["Document", "File", "Size", "Added"])
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setShowGrid(False)
        self._table.verticalHeader().setVisible(False)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._table.itemDoubleClicked.connect(lambda _item: self._on_open_clicked())
        self._table.itemSelectionChanged.connect(self._on_selection_changed)
        self._open = QPushButton("Open")
        self._open.setEnabled(False)
        self._open.setToolTip("Open the document in the system's viewer")
        self._open.clicked.connect(self._on_open_clicked)
        self._empty = QLabel("No documents attached. A bill copy and a signed LOA are needed to submit.")
        self._empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self._empty, 1)
        buttons.addStretch(0)
        buttons.addWidget(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._table)
        layout.addLayout(buttons)
        self._ids: list[int] = []

    def show_documents(self, documents: list[DocumentInfo]) -> None:
        self._ids = [d.id for d in documents]
        self._table.setRowCount(len(documents))
        for row, doc in enumerate(documents):
            cells = (KIND_NAMES.get(doc.kind, doc.kind), doc.filename, format_size(doc.size),
                     format_time(doc.added_at))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{doc.filename}\nSHA-256 {doc.sha256}")
                self._table.setItem(row, col, item)
        self._empty.setVisible(not documents)
        if documents:
            self._table.selectRow(0)
        self._on_selection_changed()

    def document_ids(self) -> list[int]:
        return list(self._ids)

    def _on_selection_changed(self) -> None:
        self._open.setEnabled(bool(self._table.selectionModel().selectedRows()))

    def _on_open_clicked(self) -> None:
        rows = self._table.selectionModel().selectedRows()
        if rows:
            self.document_activated.emit(self._ids[rows[0].row()])
