"""Windows sized to the screen they open on: never larger than its free area (the panels and docks
excluded), centred on it, so a 1366 × 768 laptop shows every button a 1920 × 1080 desk does."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room the window manager's frame takes around a window before it is shown (title bar, borders);
# once shown, the real frame is known and `keep_on_screen` corrects by it.
FRAME_ALLOWANCE = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect | None:
    """The free area of the screen a widget opens on (its parent's, else the primary screen's)."""
    screen: QScreen | None = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fitted(wanted: QSize, area: QRect, frame: QSize = FRAME_ALLOWANCE) -> QRect:
    """The client rectangle of a window that wants `wanted`: shrunk so it and its frame fit in `area`,
    centred there."""
    width = max(1, min(wanted.width(), area.width() - frame.width()))
    height = max(1, min(wanted.height(), area.height() - frame.height()))
    side = frame.width() // 2  # a border each side; the rest of the frame's height is the title bar
    left = area.x() + (area.width() - width - frame.width()) // 2 + side
    top = area.y() + (area.height() - height - frame.height()) // 2 + frame.height() - side
    return QRect(left, top, width, height)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Size a window to (width, height) or, on a smaller screen, to what the screen has room for."""
    area = available_area(widget)
    if area is None:
        widget.resize(width, height)
        return
    widget.setGeometry(fitted(QSize(width, height), area))


def fill_screen(widget: QWidget) -> None:
    """A main window's first start: as large as the screen's free area, less the window frame.

    Sized before it is shown rather than maximised: a maximised window gets its size from the window
    manager after it is on screen, and the queue would lay out and load twice."""
    area = available_area(widget)
    if area is not None:
        widget.setGeometry(fitted(area.size(), area))
