"""Fit and finish: the main window opens at the screen's free size and remembers what it is given;
the wizard fits a 1366 × 768 laptop with Back / Next on screen at every step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from pytestqt.qtbot import QtBot

from portdesk.ui.main_window import MainWindow
from portdesk.ui.widgets.screen_fit import FRAME_ALLOWANCE, available_area, fitted
from portdesk.ui.wizard.window import PortWizard
from tests.ui.wizard_support import make_adapters

LAPTOP = QRect(0, 0, 1366, 768 - 32)  # 1366 × 768 less a 32-pixel panel
DESK = QRect(0, 0, 1920, 1080 - 40)


def _outer(rect: QRect) -> QRect:
    """The window with its frame, as the allowance estimates it."""
    side = FRAME_ALLOWANCE.width() // 2
    return rect.adjusted(-side, -(FRAME_ALLOWANCE.height() - side), side, side)


@pytest.mark.parametrize("area", [LAPTOP, DESK, QRect(1920, 24, 1280, 776)], ids=["laptop", "desk", "second screen"])
def test_a_window_and_its_frame_fit_inside_the_free_area(area: QRect) -> None:
    rect = fitted(QSize(1280, 820), area)
    assert area.contains(_outer(rect))
    assert rect.width() <= 1280 and rect.height() <= 820


def test_on_a_large_screen_the_wizard_keeps_its_own_size_centred() -> None:
    rect = fitted(QSize(1280, 820), DESK)
    assert rect.size() == QSize(1280, 820)
    assert abs(_outer(rect).center().x() - DESK.center().x()) <= 1


def test_the_main_window_opens_filling_the_screen_the_first_time(qtbot: QtBot, queue, runner, tmp_path: Path) -> None:
    window = MainWindow(queue, runner, tmp_path / "window.ini", "db", "amy")
    qtbot.addWidget(window)
    window.show()
    area = available_area(window)
    assert area is not None
    assert window.width() == area.width() - FRAME_ALLOWANCE.width()
    assert window.height() == area.height() - FRAME_ALLOWANCE.height()
    assert window.size() != QSize(1440, 860)  # the old fixed size, whatever the screen


def test_the_wizard_fits_a_1366_by_768_laptop_with_back_and_next_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    adapters = make_adapters(f"sqlite:///{tmp_path / 'fit.sqlite3'}")
    wizard = PortWizard(adapters, None)
    qtbot.addWidget(wizard)
    rect = fitted(QSize(1280, 820), LAPTOP)
    wizard.setGeometry(rect)
    wizard.show()
    for step in range(len(wizard.pages)):
        wizard.go_to(step, save=False)
        hint = wizard.minimumSizeHint()
        assert hint.width() <= rect.width() and hint.height() <= rect.height(), f"step {step + 1} needs {hint}"
        for button in (wizard.back_button, wizard.next_button):
            corner = button.mapTo(wizard, QPoint(button.width(), button.height()))
            assert wizard.rect().contains(corner), f"step {step + 1}: {button.text()} is off the window"


def test_a_new_port_without_a_parent_opens_within_the_screen(qtbot: QtBot, tmp_path: Path) -> None:
    adapters = make_adapters(f"sqlite:///{tmp_path / 'fit2.sqlite3'}")
    wizard = PortWizard(adapters, None)
    qtbot.addWidget(wizard)
    area = available_area(wizard)
    assert area is not None and area.contains(_outer(wizard.geometry()))
