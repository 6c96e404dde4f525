"""Driving the wizard the way a coordinator does, shared by the end-to-end test, the step tests and the
screenshot script: keystrokes into the fields, mouse drags on the signature pad."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from portdesk.demo.bill_story import build_bill_pdf
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.window import PortWizard, new_port

# The carrier field's completer pops up a list; the offscreen platform notes it cannot raise it.
POPUP_NOTES = ("does not support raise", "does not support grabbing the keyboard", "propagateSizeHints")

SIGNATURE = (
    [(20, 90), (40, 40), (60, 95), (80, 45), (100, 92), (120, 60)],
    [(130, 80), (170, 50), (210, 85), (250, 55), (290, 88)],
)


def _mouse(widget: QWidget, kind: QEvent.Type, x: float, y: float, buttons: Qt.MouseButton) -> None:
    point = QPointF(x, y)
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), Qt.MouseButton.LeftButton if kind !=
                        QEvent.Type.MouseMove else Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(widget: QWidget, points: Sequence[tuple[float, float]]) -> None:
    """Press at the first point, move through the rest with the button held, release at the last."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _mouse(widget, QEvent.Type.MouseButtonPress, *points[0], left)
    for x, y in points[1:]:
        _mouse(widget, QEvent.Type.MouseMove, x, y, left)
    _mouse(widget, QEvent.Type.MouseButtonRelease, *points[-1], none)


def sign_on_pad(pad: QWidget) -> None:
    for stroke in SIGNATURE:
        drag(pad, stroke)


def type_into(widget: QWidget, text: str) -> None:
    QTest.keyClicks(widget, text)


def keep(qtbot: Any, wizard: PortWizard) -> PortWizard:
    """The test owns this wizard: qtbot deletes it at the end, so closing it (which deletes an app's wizard)
    must leave it to be read after."""
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    return wizard


def open_new_port(qtbot: Any, adapters: WizardAdapters, size: tuple[int, int] = (1280, 820)) -> PortWizard:
    """A new-port wizard on screen at a coordinator's window size, owned by the test."""
    wizard = keep(qtbot, new_port(adapters))
    wizard.resize(*size)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def fill_name_and_bill(wizard: PortWizard, folder: Path, profile: str = "kazoo") -> Path:
    """Steps 1 and 2: name, provider, the generated bill attached and its date confirmed."""
    name = wizard.page(0)
    type_into(name.name_edit, "ABC Company - Denver")  # type: ignore[attr-defined]
    combo = name.profile_combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(profile))
    bill = folder / "lumen-bill-2026-11.pdf"
    bill.write_bytes(build_bill_pdf())
    wizard.go_to(1)
    bill_page = wizard.page(1)
    bill_page.attach_file(bill)  # type: ignore[attr-defined]
    bill_page.confirm_box.setChecked(True)  # type: ignore[attr-defined]
    return bill


def fill_account(wizard: PortWizard) -> None:
    """Step 3: typed by hand, the account number and street taken from the bill in the viewer."""
    wizard.go_to(2)
    page = wizard.page(2)
    type_into(page.carrier, "Lumen")  # type: ignore[attr-defined]
    for widget, text in ((page.account_name, "ABC Company, Inc."),  # type: ignore[attr-defined]
                         (page.pin, "4321"), (page.btn, "(303) 555-0100"),  # type: ignore[attr-defined]
                         (page.authorized, "Jane Doe"), (page.address.unit, "Suite 400"),  # type: ignore[attr-defined]
                         (page.address.city, "Denver"), (page.address.state, "CO"),  # type: ignore[attr-defined]
                         (page.address.zip, "80202")):  # type: ignore[attr-defined]
        type_into(widget, text)
    viewer = page.bill_side.viewer  # type: ignore[attr-defined]
    # Words dragged from the bill onto the viewer's fields: the exact characters the carrier has.
    viewer.fields.text_dropped.emit("account.number", "8812-5520-01")
    viewer.fields.text_dropped.emit("account.service_address.line1", "1200 Market Street")
    page._on_check_timeout()  # type: ignore[attr-defined]
