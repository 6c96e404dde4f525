"""The sync's words in the status bar: "online", "syncing 3 of 40", "offline since 10:42", "connection X
failing: why" — with the whole story per connection in the tooltip and a Retry button while it fails."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from portdesk.ui.sync.connection_status import SyncStatus
from portdesk.ui.widgets import theme

# The words carry the meaning; the dot's colour only helps the eye find a problem.
# Levels → the theme's checked pairs (widgets/theme.py), so the dot reads in light and dark alike.
COLOURS = {"none": "muted", "ok": "ok", "busy": "event.status", "offline": "warning", "failing": "error"}


class SyncStatusIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync-indicator")
        self.dot = QLabel("●")
        self.dot.setObjectName("sync-dot")
        self.label = QLabel()
        self.label.setObjectName("sync-status")
        self.retry = QToolButton()
        self.retry.setObjectName("sync-retry")
        self.retry.setText("Retry now")
        self.retry.setToolTip("Try every connection again now (F5)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.dot)
        layout.addWidget(self.label)
        layout.addWidget(self.retry)
        self.show_status(SyncStatus("not synced yet", "none", ""))

    def show_status(self, status: SyncStatus) -> None:
        self.label.setText(f"Carriers: {status.text}")
        self.dot.setStyleSheet(theme.style(COLOURS.get(status.level, COLOURS["none"])))
        self.setToolTip(status.detail or status.text)
        self.retry.setVisible(status.level in ("offline", "failing"))

    def text(self) -> str:
        return self.label.text()
