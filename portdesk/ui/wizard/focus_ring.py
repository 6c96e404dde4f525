"""A focus ring a coordinator can see: 2 px in the palette's highlight colour around the field or button
that has the keyboard, where the default style draws a faint 1-px line that looks like the default
button's. From the palette, so it follows a dark colour scheme too."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

FIELDS = ("QLineEdit", "QPlainTextEdit", "QComboBox", "QDateEdit", "QTimeEdit", "QListWidget", "QListView")
BUTTONS = ("QPushButton", "QToolButton", "QCheckBox", "QRadioButton")

FOCUS_RING = (
    ", ".join(f"{kind}:focus" for kind in FIELDS)
    + " { border: 2px solid palette(highlight); border-radius: 3px; padding: 1px; }\n"
    + ", ".join(f"{kind}:focus" for kind in BUTTONS)
    + " { outline: none; border: 2px solid palette(highlight); border-radius: 3px; }\n"
)


def install(window: QWidget) -> None:
    """Give every field and button inside `window` the visible focus ring."""
    window.setStyleSheet(window.styleSheet() + FOCUS_RING)
