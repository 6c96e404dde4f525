"""The order's history as a timeline (newest first), with comments, and a box to add a comment.

History events and comments are stored apart; a comment added in PortDesk is also a history event,
while comments carried in by an imported order file are not, so those are merged in here.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from portdesk.services.queue import CommentInfo, HistoryEvent
from portdesk.ui.queue.columns import format_time
from portdesk.ui.widgets import theme

KIND_COLOURS = {  # event kind → its colour in widgets/theme.py
    "status": "event.status", "comment": "event.comment", "foc": "event.foc", "import": "event.neutral",
    "created": "event.neutral", "edit": "event.edit", "numbers": "event.numbers", "carrier": "event.carrier",
    "signature": "event.signature",
}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    author: str
    kind: str
    text: str


def merge_entries(history: list[HistoryEvent], comments: list[CommentInfo]) -> list[Entry]:
    """Every event and every comment once, newest first."""
    entries = [Entry(e.at, e.author, e.kind, e.text) for e in history]
    logged = {(e.text, e.author) for e in history if e.kind == "comment"}
    entries += [Entry(c.at, c.author, "comment", c.text) for c in comments if (c.text, c.author) not in logged]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def entry_html(entry: Entry) -> str:
    colour = theme.hex_of(KIND_COLOURS.get(entry.kind, "event.neutral"))
    text = html.escape(entry.text).replace("\n", "<br>")
    return (
        f"<p style='margin: 0 0 10px 0'>"
        f"<span style='color: {theme.hex_of('muted')}'>{html.escape(format_time(entry.at))}</span>"
        f" &nbsp;<b>{html.escape(entry.author)}</b>"
        f" &nbsp;<span style='color: {colour}; font-weight: bold'>{html.escape(entry.kind)}</span><br>"
        f"{text}</p>"
    )


class TimelineView(QWidget):
    comment_written = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browser = QTextBrowser(self)
        self._browser.setOpenLinks(False)
        self._entries: list[Entry] = []
        self._input = QPlainTextEdit(self)
        self._input.setPlaceholderText("Add a comment for the team (who you called, what the carrier said…)")
        self._input.setFixedHeight(self._input.fontMetrics().height() * 3 + 14)
        self._add = QPushButton("Add comment", self)
        self._add.setEnabled(False)
        self._add.clicked.connect(self._on_add_clicked)
        self._input.textChanged.connect(self._on_text_changed)
        row = QHBoxLayout()
        row.addWidget(self._input, 1)
        row.addWidget(self._add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._browser, 1)
        layout.addLayout(row)
        theme.notifier().changed.connect(self._on_scheme_changed)  # the HTML carries its colours

    # -- public ------------------------------------------------------------------------------
    def show_timeline(self, history: list[HistoryEvent], comments: list[CommentInfo]) -> None:
        self._entries = merge_entries(history, comments)
        self._browser.setHtml("".join(entry_html(e) for e in self._entries) or "<p>No history yet.</p>")

    def _on_scheme_changed(self, _scheme: str) -> None:
        if self._entries:
            self._browser.setHtml("".join(entry_html(e) for e in self._entries))

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def set_comment_text(self, text: str) -> None:
        self._input.setPlainText(text)

    def comment_text(self) -> str:
        return self._input.toPlainText()

    def clear_comment(self) -> None:
        self._input.clear()

    def set_enabled_for_order(self, enabled: bool) -> None:
        self._input.setEnabled(enabled)
        self._on_text_changed()

    def submit_comment(self) -> None:
        self._on_add_clicked()

    # -- slots -------------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        self._add.setEnabled(self._input.isEnabled() and bool(self._input.toPlainText().strip()))

    def _on_add_clicked(self) -> None:
        text = self._input.toPlainText().strip()
        if text:
            self.comment_written.emit(text)
