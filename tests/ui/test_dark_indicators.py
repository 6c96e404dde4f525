"""In dark, the boxes a coordinator must tick (the review's agreements, "I checked the bill") and the radio
buttons are outlined so they can be seen: Fusion draws their edge darker than a dark window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton, QWidget

from portdesk.ui.widgets import theme


@pytest.fixture
def dark_app(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    monkeypatch.setenv(theme.SCHEME_ENV, "dark")
    theme.apply(qapp, "light")
    if qapp.style().standardPalette().color(QPalette.ColorRole.Window).lightness() >= 128:
        qapp.setPalette(qapp.style().standardPalette())
    theme.apply(qapp, "dark")
    yield qapp
    theme.apply(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _edge_contrast(button: QCheckBox | QRadioButton, element: QStyle.SubElement) -> float:
    """The best contrast of any pixel on the indicator's edge against the window behind it."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    rect = button.style().subElementRect(element, option, button)
    image = button.grab().toImage()
    window = button.palette().color(QPalette.ColorRole.Window).name()
    y = rect.center().y()
    edge = [image.pixelColor(x, y).name() for x in range(rect.left(), rect.left() + 3)]
    return max(theme.contrast(colour, window) for colour in edge)


@pytest.mark.parametrize(("kind", "element"), [(QCheckBox, QStyle.SubElement.SE_CheckBoxIndicator),
                                                (QRadioButton, QStyle.SubElement.SE_RadioButtonIndicator)])
def test_an_unticked_box_and_an_unpicked_radio_show_their_edge_in_dark(dark_app, qtbot, kind, element) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    button = kind("I will not cancel the old service until the port has completed", holder)
    holder.resize(500, 40)
    holder.show()
    qtbot.waitExposed(holder)
    assert dark_app.palette().color(QPalette.ColorRole.Window).lightness() < 80  # the dark palette is on
    assert _edge_contrast(button, element) >= 3.0  # WCAG: a control's edge 3:1 against what is behind it
