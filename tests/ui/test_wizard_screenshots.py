"""Every wizard step rendered with realistic data. With PORTDESK_SCREENSHOTS=1 the pictures go to
docs/screenshots/wizard-N-<step>.png (the README's); otherwise to a temporary folder, so the
rendering of every step is still exercised.

    PORTDESK_SCREENSHOTS=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/ui/test_wizard_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from portdesk.ui.wizard.window import PortWizard
from tests.ui.wizard_drive import (
    POPUP_NOTES,
    fill_account,
    fill_name_and_bill,
    open_new_port,
    sign_on_pad,
    type_into,
)
from tests.ui.wizard_support import make_adapters

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAMES = ("name", "bill", "account", "numbers", "loa", "date-contacts", "review")


def _shoot(wizard: PortWizard, step: int, folder: Path) -> Path:
    wizard.go_to(step)
    for _ in range(3):
        QApplication.processEvents()
    path = folder / f"wizard-{step + 1}-{NAMES[step]}.png"
    assert wizard.grab().save(str(path))
    return path


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_every_step_renders_with_realistic_data(qtbot: QtBot, tmp_path: Path) -> None:
    folder = SCREENSHOTS if os.environ.get("PORTDESK_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    adapters = make_adapters(f"sqlite:///{tmp_path / 'shots.sqlite3'}")
    wizard = open_new_port(qtbot, adapters)

    fill_name_and_bill(wizard, tmp_path)
    shots = [_shoot(wizard, 0, folder), _shoot(wizard, 1, folder)]
    fill_account(wizard)
    shots.append(_shoot(wizard, 2, folder))

    numbers = wizard.numbers_page
    numbers.add_text("303-555-0100, 303-555-0101, 303 555 0107")
    numbers.partial_radio.click()
    type_into(numbers.new_btn, "(303) 555-0102")
    numbers.refresh_checks()
    shots.append(_shoot(wizard, 3, folder))

    wizard.go_to(4)
    loa = wizard.page(4)
    sign_on_pad(loa.pad)  # type: ignore[attr-defined]
    shots.append(_shoot(wizard, 4, folder))  # drawn, not yet signed: the pad and the unsigned preview
    loa.sign_button.click()  # type: ignore[attr-defined]

    wizard.go_to(5)
    schedule = wizard.page(5)
    schedule.earliest_button.click()  # type: ignore[attr-defined]
    editor = schedule.contacts  # type: ignore[attr-defined]
    for name, email, phone in (("Jane Doe", "jane@abc-company.com", "303 555 0199"),
                               ("Raj Patel", "raj@abc-company", "")):
        editor.add_button.click()
        row = editor.rows[-1]
        type_into(row.name, name)
        type_into(row.email, email)
        type_into(row.phone, phone)
    shots.append(_shoot(wizard, 5, folder))
    editor.rows[-1].email.setText("raj@abc-company.com")
    editor.rows[-1].email.textEdited.emit("raj@abc-company.com")

    review = wizard.review_page
    wizard.go_to(6)
    for box in list(review.agreement_boxes.values())[:3]:
        box.click()
    shots.append(_shoot(wizard, 6, folder))
    assert [p.name for p in shots] == [f"wizard-{i + 1}-{n}.png" for i, n in enumerate(NAMES)]
    assert all(p.stat().st_size > 10_000 for p in shots)
    wizard.autosave.blocked = True
    wizard.close()
