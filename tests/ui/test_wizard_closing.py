"""The wizard closes the ways a coordinator closes it — Save and continue later, Escape, after Submit — and
saves first; closing never re-enters itself (QDialog's close calls reject, which must not call close)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from portdesk.domain.status import Status, Tab
from tests.ui.input_counter import InputCounter
from tests.ui.test_wizard_throughput import drive_bill_to_submit
from tests.ui.wizard_drive import POPUP_NOTES, open_new_port, type_into
from tests.ui.wizard_support import make_adapters


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_save_and_continue_later_saves_and_closes_the_wizard(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    type_into(wizard.page(0).name_edit, "Later Ltd - Denver")  # type: ignore[attr-defined]
    qtbot.mouseClick(wizard.later_button, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    draft = wizard.ctx.draft
    assert draft is not None
    saved = wizard.ctx.adapters.drafts.open(draft.order_id)
    assert saved.order.name == "Later Ltd - Denver" and saved.status.tab is Tab.SUSPENDED


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_escape_saves_what_was_typed_and_closes_the_wizard(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    edit = wizard.page(0).name_edit  # type: ignore[attr-defined]
    type_into(edit, "Escape Inc")
    type_into(edit, " - Boulder")  # typed within the autosave pause: only the close can save it
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    draft = wizard.ctx.draft
    assert draft is not None
    assert wizard.ctx.adapters.drafts.open(draft.order_id).order.name == "Escape Inc - Boulder"


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_close_returns_true_and_does_not_reenter_itself(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    type_into(wizard.page(0).name_edit, "Once Only")  # type: ignore[attr-defined]
    flushes: list[int] = []
    original = wizard.autosave.flush
    wizard.autosave.flush = lambda *a, **k: (flushes.append(1), original(*a, **k))[1]  # type: ignore[method-assign]
    assert wizard.close() is True
    assert not wizard.isVisible()
    assert len(flushes) == 1  # one save for one close: no close inside the close


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_after_submit_the_wizard_closes(qtbot: QtBot, tmp_path: Path) -> None:
    closed: list[int] = []
    wizard, order_id = drive_bill_to_submit(qtbot, tmp_path, InputCounter(), closed)
    assert closed  # the dialog finished: it left the screen (and, opened from the menu, is deleted)
    with wizard.ctx.adapters.drafts.store.unit_of_work(write=False) as repo:
        assert repo.detail(order_id).status is Status.QUEUED


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_second_submit_is_refused_in_words_about_the_queued_order(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_new_port(qtbot, make_adapters(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    review = wizard.review_page
    review.ctx.findings = lambda: []  # type: ignore[method-assign]  # judged clean: only the submitting counts
    wizard.go_to(6)
    assert review.submit() is True
    assert not wizard.isVisible() and not review.submit_button.isEnabled()
    assert review.submit() is False
    assert "already submitted" in review.result.text() and "could not be saved" not in review.result.text()
