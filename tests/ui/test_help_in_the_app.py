"""Help in the window app.py builds: the shortcut list holds what the installed tools really bind (F5
syncs, Ctrl+Shift+F fixes a rejection), About names this PortDesk's folder, database and log file, and
the user guide reaches every page of docs/, its carriers/ subfolder too, links included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from portdesk.app.gui import build_window
from portdesk.platform import settings
from portdesk.ui.help.about_dialog import AboutDialog
from portdesk.ui.help.shortcuts_dialog import ShortcutsDialog
from portdesk.ui.help.user_guide import UserGuide, guide_folder, guide_pages

DOCS = Path(__file__).resolve().parents[2] / "docs"


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


@pytest.fixture
def app_window(qtbot: QtBot) -> Iterator[Any]:
    """The app's window with every tool installed (the sync too, on a queue with no connection)."""
    built = build_window(db_url=None)
    assert not isinstance(built, int)
    window, runner = built
    qtbot.waitUntil(lambda: getattr(window, "sync_controller", None) is not None, timeout=10_000)
    shown: list[QDialog] = []
    window.app_menus.run = lambda dialog: shown.append(dialog) or 0  # the one modal call: not run in a test
    window.shown_dialogs = shown
    yield window
    window.sync_controller.stop()
    qtbot.waitUntil(lambda: not window.sync_controller.busy(), timeout=10_000)
    window.close()
    runner.wait()


def test_the_shortcut_list_names_f5_for_sync_now_and_the_keys_of_every_installed_tool(app_window: Any) -> None:
    app_window.app_menus.shortcuts_action.trigger()  # Help ▸ Keyboard shortcuts
    [dialog] = app_window.shown_dialogs
    assert isinstance(dialog, ShortcutsDialog)
    listed = {(s.menu, s.action): s.keys for s in dialog.shortcuts}
    assert listed[("Carrier", "Sync now")] == native("F5")  # F5 is View ▸ Refresh, which syncs too
    assert listed[("View", "Refresh")] == native("F5")
    assert listed[("Order", "Fix rejection")] == native("Ctrl+Shift+F")
    assert listed[("File", "New port")] == native("Ctrl+N")
    assert listed[("File", "New port from bill")] == native("Ctrl+Shift+B")
    assert listed[("Help", "User guide")] == native("F1")
    shown_in_tree = {dialog.tree.topLevelItem(i).child(j).text(0)
                     for i in range(dialog.tree.topLevelItemCount())
                     for j in range(dialog.tree.topLevelItem(i).childCount())}
    assert {"Sync now", "Fix rejection", "Refresh"} <= shown_in_tree


def test_about_names_this_portdesks_data_folder_database_and_log_file(app_window: Any,
                                                                     portdesk_home: Path) -> None:
    app_window.app_menus.about_action.trigger()  # Help ▸ About PortDesk
    [dialog] = app_window.shown_dialogs
    assert isinstance(dialog, AboutDialog)
    facts = dict(dialog.facts)
    assert facts["Data folder"] == str(settings.data_dir()) == str(portdesk_home)
    assert Path(facts["Database"]).parent == portdesk_home and Path(facts["Database"]).is_file()
    assert Path(facts["Log file"]).parent == portdesk_home and Path(facts["Log file"]).is_file()
    assert facts["PySide6"][0].isdigit() and facts["Python"][0].isdigit()


def test_the_user_guide_reaches_the_connections_sync_sandbox_appearance_and_carrier_pages(
        qtbot: QtBot, app_window: Any) -> None:
    app_window.app_menus.guide_action.trigger()  # Help ▸ User guide (F1): beside the window, not modal
    guide = app_window.app_menus.last_dialog
    assert isinstance(guide, UserGuide)
    qtbot.addWidget(guide)
    folder = guide_folder()
    assert folder == DOCS  # run from a checkout: the repository's docs/, never a copy
    shown = {path.relative_to(folder).as_posix(): title for title, path in guide.pages}
    for page in ("connections.md", "sync.md", "sandbox.md", "appearance.md", "carriers/kazoo.md",
                 "carriers/bandwidth.md", "carriers/telnyx.md"):
        assert page in shown, page
    assert set(shown) == {p.relative_to(DOCS).as_posix() for p in [*DOCS.glob("*.md"), *DOCS.glob("*/*.md")]}
    assert shown["carriers/kazoo.md"] == "Carriers: KAZOO (2600Hz)"
    assert [guide.list.item(i).text() for i in range(guide.list.count())] == [t for t, _ in guide.pages]

    row = [t for t, _ in guide.pages].index("Carriers: Telnyx")
    guide.list.setCurrentRow(row)
    assert guide.browser.toPlainText().startswith("Telnyx")

    # sync.md links to carriers/bandwidth.md: following the link shows it and selects it in the list
    guide.list.setCurrentRow([t for t, _ in guide.pages].index(shown["sync.md"]))
    link = guide.browser.source().resolved(QUrl("carriers/bandwidth.md"))  # as a click resolves the link
    guide.browser.setSource(link)
    assert guide.browser.toPlainText().startswith("Bandwidth")
    assert guide.list.currentItem().text() == "Carriers: Bandwidth"
    guide.close()


def test_a_bundled_guide_lists_its_subfolders_pages_after_its_own(tmp_path: Path) -> None:
    (tmp_path / "carriers").mkdir()
    (tmp_path / "zeta.md").write_text("# Zeta page\n\ntext\n", encoding="utf-8")
    (tmp_path / "alpha.md").write_text("intro without a heading\n", encoding="utf-8")
    (tmp_path / "carriers" / "acme-telecom.md").write_text("# ACME\n", encoding="utf-8")
    (tmp_path / "carriers" / "broken.md").write_bytes(b"# \xff\xfe not utf-8\n")
    assert [(t, p.relative_to(tmp_path).as_posix()) for t, p in guide_pages(tmp_path)] == [
        ("Alpha", "alpha.md"), ("Zeta page", "zeta.md"), ("Carriers: ACME", "carriers/acme-telecom.md")]
