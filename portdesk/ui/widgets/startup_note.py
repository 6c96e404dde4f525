"""A small window that says what a slow start is doing before the main window exists.

The demo's first start (and the first after "Reset demo data") plays a month of each carrier's answers
at the sandbox before the queue can open: a few seconds with nothing on screen looked like a start that
had failed. The note is painted once and stays up until the work is done; it takes no input.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

_WIDTH = 460
EXPOSE_WAIT_S = 1.0  # a window system slower than this still gets the note, painted late


class StartupNote(QFrame):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("startupNote")
        self.setWindowTitle(f"PortDesk — {title}")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)  # the palette's window colour: light or dark with the theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        heading = QLabel(f"<b>PortDesk</b> — {title}")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        heading.setFont(font)
        self._body = QLabel(text)
        self._body.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self._body)
        self.setFixedWidth(_WIDTH)
        self.adjustSize()

    def text(self) -> str:
        return self._body.text()

    def show_now(self) -> None:
        """Show it centred on the primary screen and paint it before the caller blocks the event loop.

        The window system maps and exposes a new window in its own time: the loop turns until it is
        exposed (at most EXPOSE_WAIT_S), then the note is painted and the painting flushed."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.center().x() - self.width() // 2, area.center().y() - self.height() // 2)
        self.show()  # a splash screen: the window manager keeps it above, without focus
        deadline = time.monotonic() + EXPOSE_WAIT_S
        handle = self.windowHandle()
        while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        self.repaint()
        QApplication.processEvents()
        QGuiApplication.sync()  # the painted note reaches the screen before the caller's long work
