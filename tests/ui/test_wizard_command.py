"""The wizard in the main window: File → New port… (Ctrl+N), Order → Resume in wizard for a suspended
order, and the queue following what the wizard saves and submits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status, Tab
from portdesk.services.queue import QueueService
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.wizard.command import WizardCommand
from tests.ui.wizard_drive import type_into
from tests.ui.wizard_support import make_adapters


def _window(qtbot: QtBot, db_url: str, tmp_path: Path) -> tuple[MainWindow, WizardCommand]:
    adapters = make_adapters(db_url)
    window = MainWindow(QueueService(adapters.drafts.store), SyncJobRunner(), tmp_path / "window.ini", db_url, "amy")
    qtbot.addWidget(window)
    command = WizardCommand(adapters, window)
    command.install(window)
    window.show()
    window.start()
    return window, command


def _menu_texts(window: MainWindow, title: str) -> list[str]:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == title:
            return [a.text().replace("&", "") for a in menu.actions() if a.text()]
    return []


def test_install_adds_new_port_to_file_and_resume_to_order(qtbot: QtBot, db_url: str, tmp_path: Path) -> None:
    window, command = _window(qtbot, db_url, tmp_path)
    assert _menu_texts(window, "File")[0] == "New port…"
    assert "Resume in wizard" in _menu_texts(window, "Order")
    assert command.new_action.shortcut().toString() == "Ctrl+N"
    assert not command.resume_action.isEnabled()


def test_a_new_port_appears_in_suspended_once_typed(qtbot: QtBot, db_url: str, tmp_path: Path) -> None:
    window, command = _window(qtbot, db_url, tmp_path)
    command.new_action.trigger()
    [wizard] = command.wizards.values()
    type_into(wizard.page(0).name_edit, "Acme - Boulder")  # type: ignore[attr-defined]
    assert wizard.autosave.flush()
    assert wizard.ctx.draft is not None
    order_id = wizard.ctx.draft.order_id
    assert command.wizards.get(order_id) is wizard
    model = window.tabs.model(Tab.SUSPENDED)
    qtbot.waitUntil(lambda: model.row_of(order_id) >= 0, timeout=3000)
    wizard.close()


def test_resume_is_offered_for_a_suspended_order_and_opens_it_once(qtbot: QtBot, db_url: str,
                                                                  tmp_path: Path) -> None:
    window, command = _window(qtbot, db_url, tmp_path)
    drafts = command.adapters.drafts
    draft = drafts.create(PortOrder(name="Parked Co - Austin"), step=3)
    queued = drafts.create(PortOrder(name="Gone Co"))
    with drafts.store.unit_of_work() as repo:
        repo.set_status(queued.order_id, Status.QUEUED, queued.version, drafts.now())
    window.refresh()
    window.tabs.set_current_tab(Tab.SUSPENDED)
    qtbot.waitUntil(lambda: window.tabs.select_order(draft.order_id), timeout=3000)
    qtbot.waitUntil(command.resume_action.isEnabled, timeout=3000)
    command.resume_action.trigger()
    wizard = command.wizards[draft.order_id]
    assert wizard.step == 3 and wizard.page(0).name_edit.text() == "Parked Co - Austin"  # type: ignore[attr-defined]
    command.resume_action.trigger()
    assert len(command.wizards) == 1  # the open window comes forward; no second one to conflict
    window.tabs.order_selected.emit(None)
    assert not command.resume_action.isEnabled()
    wizard.close()
