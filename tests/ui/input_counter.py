"""One place every coordinator input of a throughput test goes through, so the count is the count.

Each method sends real events with QTest (or a real drop event) and adds to the current step's tally:
a click, a key (a chord such as Alt+N is one press of the keyboard), a drag (press, moves, release), a
paste (one Ctrl+V, however long the text) and a drop (a file dragged from the file manager). Typed text
counts one per character.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.wizard_drive import drag


class InputCounter:
    def __init__(self) -> None:
        self.steps: dict[str, int] = {}
        self.step = "start"

    def at(self, step: str) -> None:
        """Count what follows under this step's name."""
        self.step = step
        self.steps.setdefault(step, 0)

    @property
    def total(self) -> int:
        return sum(self.steps.values())

    def _add(self, n: int = 1) -> None:
        self.steps[self.step] = self.steps.get(self.step, 0) + n

    def click(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), f"{widget!r} cannot be clicked"
        self._add()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            widget: QWidget | None = None) -> None:
        """One key (or chord) to the widget with the keyboard focus, as a real keyboard sends it."""
        target = widget or QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus: the key would be lost"
        self._add()
        QTest.keyClick(target, key, modifier)

    def type(self, widget: QWidget, text: str) -> None:
        self._add(len(text))
        QTest.keyClicks(widget, text)

    def drag(self, widget: QWidget, points: Sequence[tuple[float, float]]) -> None:
        self._add()
        drag(widget, points)

    def drop(self, widget: QWidget, path: Path) -> None:
        self._add()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        widget.dropEvent(event)  # type: ignore[attr-defined]

    def report(self) -> str:
        rows = [f"  {step:<28} {n:>3}" for step, n in self.steps.items()]
        return "\n".join(["input events per step:", *rows, f"  {'total':<28} {self.total:>3}"])
