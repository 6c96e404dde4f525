"""The contract every wizard page keeps, and small helpers to build keyboard-friendly forms.

A page fills its widgets from the order (`load`), writes every edit straight into the order and
emits `edited` (the window debounces and saves), and shows the findings of its own fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QWidget

from portdesk.domain.findings import Finding
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.context import WizardContext

# taken when the page is built; a later scheme change recolours them (theme.apply)
ERROR_STYLE = theme.style("error")
WARNING_STYLE = theme.style("warning")
OK_STYLE = theme.style("ok")


class WizardPage(QWidget):
    edited = Signal()  # something typed changed the order: save it soon
    step_requested = Signal(int)  # jump to another step (review's findings)

    title = ""
    subtitle = ""

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False

    # -- the contract ---------------------------------------------------------------------------
    def load(self) -> None:
        """Show what the order holds. Subclasses fill widgets inside `with self.loading()`."""

    def entered(self) -> None:
        """The page became the current step: refresh what depends on other steps."""

    def leaving(self) -> None:
        """The coordinator is moving to another step (Next, Back, a jump)."""

    def focus_first(self) -> None:
        """Put the keyboard in the page's first field (where it was last, when coming back).

        WHY the focus chain and these checks: the first focusable child used to be the account step's
        scroll area, which takes the focus and no typing, so the characters after Alt+N went nowhere."""
        last = self.focusWidget()
        target = last if last is not None and _takes_typing(self, last) else None
        if target is None:
            widget = self.nextInFocusChain()
            while widget is not None and widget is not self:
                if _takes_typing(self, widget):
                    target = widget
                    break
                widget = widget.nextInFocusChain()
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def _changed(self) -> None:
        """Call after writing a widget's value into the order: saved within a second."""
        if not self._loading:
            self.edited.emit()

    def loading(self) -> _Loading:
        return _Loading(self)


def _takes_typing(page: QWidget, widget: QWidget) -> bool:
    """A visible, enabled field or button of this page that Tab can reach (not a scroll area holding them)."""
    return (page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and not isinstance(widget, QScrollArea))


class _Loading:
    """While filling widgets from the order, their change signals must not count as edits."""

    def __init__(self, page: WizardPage) -> None:
        self.page = page

    def __enter__(self) -> None:
        self.page._loading = True

    def __exit__(self, *exc: object) -> None:
        self.page._loading = False


def add_row(form: QFormLayout, label: str, widget: QWidget, name: str | None = None) -> QLabel:
    """A labelled row whose label's mnemonic (&) focuses the field; the field gets an accessible name."""
    caption = QLabel(label)
    caption.setBuddy(widget)
    widget.setAccessibleName(name or label.replace("&", "").rstrip(":"))
    form.addRow(caption, widget)
    return caption


def line_edit(placeholder: str = "", max_length: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def note_label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setAccessibleName("note")
    return label


def describe_findings(findings: Sequence[Finding]) -> str:
    """Findings as HTML lines, errors in red and warnings in amber."""
    rows = []
    for f in findings:
        colour = theme.hex_of("error" if f.is_error else "warning")
        mark = "✖" if f.is_error else "⚠"
        rows.append(f'<div style="color:{colour}">{mark} {_escape(f.message)}</div>')
    return "".join(rows)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_or_none(edit: QLineEdit) -> str | None:
    """A field's text, or None when blank (the order file leaves empty fields out)."""
    value = edit.text().strip()
    return value or None
