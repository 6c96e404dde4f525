"""The order's history as a timeline (newest first), with comments, and a box to add a comment.

History events and comments are stored apart; a comment added in PortDesk is also a history event,
while comments carried in by an imported order file are not, so those are merged in here.

The conversation with the provider's porting team lives here too: a note the carrier wrote is marked
"from <connection>"; a comment sent to it "to <connection>", waiting for the next sync or sent (the
sync's receipt, "comment sent: …", is folded into that mark rather than shown twice). Ctrl+Enter sends.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from portdesk.services.queue import CommentInfo, HistoryEvent
from portdesk.ui.queue.columns import format_time
from portdesk.ui.widgets import theme

KIND_COLOURS = {  # event kind → its colour in widgets/theme.py
    "status": "event.status", "comment": "event.comment", "foc": "event.foc", "import": "event.neutral",
    "created": "event.neutral", "edit": "event.edit", "numbers": "event.numbers", "carrier": "event.carrier",
    "signature": "event.signature", "rejection": "error",
}
SENT_RECEIPT = "comment sent: "  # services/sync.py's event text once a comment reached the carrier
RECEIPT_CHARS = 80  # … followed by the comment's first 80 characters


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    author: str
    kind: str
    text: str
    mark: str = ""  # the conversation with the carrier: "from …", "to … · sent", "to … · waiting …"


def _source(event: HistoryEvent) -> str | None:
    source = (event.data or {}).get("source")
    return str(source) if source and source != "manual" else None


def merge_entries(history: list[HistoryEvent], comments: list[CommentInfo], waiting: Sequence[str] = (),
                  connection: str | None = None) -> list[Entry]:
    """Every event and every comment once, newest first; comments exchanged with the carrier marked."""
    receipts = {e.text[len(SENT_RECEIPT):] for e in history
                if e.kind == "comment" and _source(e) and e.text.startswith(SENT_RECEIPT)}
    waiting_texts = set(waiting)
    entries = []
    for e in history:
        mark = ""
        if e.kind == "comment":
            source = _source(e)
            if source and e.text.startswith(SENT_RECEIPT):
                continue  # folded into the comment it reports on
            if source:
                mark = f"from {source}"
            elif connection and e.text in waiting_texts:
                mark = f"to {connection} · waiting for the next sync"
            elif e.text[:RECEIPT_CHARS] in receipts:
                mark = f"to {connection or 'the carrier'} · sent"
        entries.append(Entry(e.at, e.author, e.kind, e.text, mark))
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
        f" &nbsp;<span style='color: {colour}; font-weight: bold'>{html.escape(entry.kind)}</span>"
        + (f" &nbsp;<span style='color: {theme.hex_of('event.carrier')}'>{html.escape(entry.mark)}</span>" if entry.mark else "")
        + f"<br>{text}</p>"
    )


class TimelineView(QWidget):
    comment_written = Signal(str)

    NOTE_PLACEHOLDER = "Add a comment for the team (who you called, what the carrier said…) · Ctrl+Enter adds it"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browser = QTextBrowser(self)
        self._browser.setOpenLinks(False)
        self._entries: list[Entry] = []
        self._input = QPlainTextEdit(self)
        self._input.setObjectName("comment-input")
        self._input.setPlaceholderText(self.NOTE_PLACEHOLDER)
        self._input.setFixedHeight(self._input.fontMetrics().height() * 3 + 14)
        self._input.installEventFilter(self)
        self._add = QPushButton("Add comment", self)
        self._add.setObjectName("comment-send")
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
    def show_timeline(self, history: list[HistoryEvent], comments: list[CommentInfo], waiting: Sequence[str] = (),
                      connection: str | None = None) -> None:
        self._entries = merge_entries(history, comments, waiting, connection)
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

    def set_destination(self, connection: str | None) -> None:
        """Where a comment goes: the provider's porting team through `connection`, or the team's notes."""
        if connection:
            self._add.setText(f"Send to {connection}")
            self._add.setToolTip(f"Queued now, sent to {connection}'s porting team on the next sync (Ctrl+Enter)")
            self._input.setPlaceholderText(f"Write to {connection}'s porting team · Ctrl+Enter sends it on the "
                                           "next sync")
        else:
            self._add.setText("Add comment")
            self._add.setToolTip("A note for the team, kept in the order's history (Ctrl+Enter)")
            self._input.setPlaceholderText(self.NOTE_PLACEHOLDER)

    def send_button_text(self) -> str:
        return self._add.text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._input and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self._on_add_clicked()
            return True  # not a new line in the comment
        return super().eventFilter(watched, event)

    # -- slots -------------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        self._add.setEnabled(self._input.isEnabled() and bool(self._input.toPlainText().strip()))

    def _on_add_clicked(self) -> None:
        text = self._input.toPlainText().strip()
        if text:
            self.comment_written.emit(text)
