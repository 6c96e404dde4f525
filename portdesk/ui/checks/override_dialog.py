"""Ask why a warning does not apply; the answer is kept in the order's history with the override."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from portdesk.domain.findings import Finding


class OverrideDialog(QDialog):
    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override warning")
        self.resize(460, 260)
        message = QLabel(f"<b>{finding.code}</b> ({finding.field})<br>{_escape(finding.message)}")
        message.setWordWrap(True)
        prompt = QLabel("Why does this warning not apply to this order? The reason is kept in the "
                        "order's history with your name.")
        prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("e.g. the carrier confirmed by phone that the first 25 characters match")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("Override", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit, 1)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._on_reason_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _on_reason_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    @classmethod
    def ask(cls, finding: Finding, parent: QWidget | None = None) -> str | None:
        """The reason typed, or None when the coordinator cancelled."""
        dialog = cls(finding, parent)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted and dialog.reason() else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
