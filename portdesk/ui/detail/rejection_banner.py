"""The top of the detail pane when a carrier rejected the order: each reason in PortDesk's catalogue words
(what went wrong and what to fix), the provider's own words beside it, and a Fix button.

Fix says which order; the wizard-side flow (the step and field each reason names, the bill beside it, a
supplement at the end) is the wizard's, wired by the composition root to `fix_requested`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from portdesk.domain.reasons import reason
from portdesk.ui.widgets import theme

SHOWN = 300  # characters of a provider's note shown here (the history keeps all of it)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def rejection_html(rejections: Sequence[dict[str, str]], provider: str) -> str:
    """One paragraph per reason: the catalogue's text in bold, what to fix, then the provider's words."""
    if not rejections:
        return ("<b>The carrier rejected the order.</b> It gave no reason PortDesk could read: see the "
                "history below for its note.")
    parts = []
    for r in rejections:
        entry = reason(str(r.get("reason") or "other"))
        said = _quote(str(r.get("text") or ""))
        code = str(r.get("code") or "")
        words = (f"<br><span style='font-style: italic'>{html.escape(provider or 'The carrier')} said: "
                 f"“{html.escape(said)}”</span>" if said else "")
        if code:
            words += f" <span style='opacity: 0.7'>({html.escape(code)})</span>"
        parts.append(f"<p style='margin: 0 0 6px 0'><b>{html.escape(entry.text)}</b><br>"
                     f"What to fix: {html.escape(entry.fix)}{words}</p>")
    return "".join(parts)


class RejectionBanner(QFrame):
    fix_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejection-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # a red rule at the left on the error fill: the theme's checked pair in light and dark alike
        self.setStyleSheet(f"#rejection-banner {{ border: 1px solid {theme.hex_of('error')};"
                           f" border-left: 5px solid {theme.hex_of('error')}; border-radius: 4px;"
                           f" background: {theme.hex_of('error.fill')}; }}")
        self._title = QLabel()
        self._title.setObjectName("rejection-title")
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._text = QLabel()
        self._text.setObjectName("rejection-text")
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fix_button = QPushButton("Fix…")
        self.fix_button.setObjectName("rejection-fix")
        self.fix_button.setToolTip("Open the order in the wizard at the field each reason names, with the bill "
                                   "beside it; finishing sends the correction to the carrier")
        self.fix_button.clicked.connect(self.fix_clicked)
        head = QHBoxLayout()
        head.addWidget(self._title, 1)
        head.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.addLayout(head)
        layout.addWidget(self._text)
        self._plain = ""
        self.hide()

    def show_rejections(self, rejections: Sequence[dict[str, str]], provider: str) -> None:
        count = len(rejections)
        self._title.setText(f"Rejected by the carrier — {count} reason{'s' if count != 1 else ''} to fix"
                            if count else "Rejected by the carrier")
        shown = rejection_html(rejections, provider)
        self._text.setText(shown)
        self._plain = QTextDocumentFragment.fromHtml(shown).toPlainText()
        self.show()

    def text(self) -> str:
        """What the coordinator reads, as plain text."""
        return f"{self._title.text()}\n{self._plain}"
