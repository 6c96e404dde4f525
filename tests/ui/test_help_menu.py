"""Help: About names the versions, the data folder, the database without its password and the log file;
the shortcuts list is read from the window's own actions; the user guide shows the docs/ pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence

from portdesk.platform import settings
from portdesk.platform.settings import Settings
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.ui.app_context import AppContext
from portdesk.ui.help.about_dialog import AboutDialog
from portdesk.ui.help.shortcuts_dialog import ShortcutsDialog
from portdesk.ui.help.user_guide import UserGuide, guide_folder, guide_pages
from portdesk.ui.main_window import MainWindow


def _context(database: str, log_file: Path | None) -> AppContext:
    return AppContext(
        data_folder=settings.data_dir(), database=database, log_file=log_file,
        load_settings=Settings.load, save_settings=lambda s: s.save(),
        catalogue=lambda: ProfileCatalogue.build(None), ocr_available=lambda: False,
    )


def test_about_shows_versions_data_folder_database_and_log_file_and_no_password(qtbot, portdesk_home) -> None:
    log_file = portdesk_home / "portdesk.log"
    dialog = AboutDialog(_context("postgresql://maria:s3cret-pw@db.example.invalid/queue", log_file))
    qtbot.addWidget(dialog)
    facts = dict(dialog.facts)
    assert set(facts) >= {"PortDesk", "Python", "Qt", "PySide6", "PyMuPDF", "Data folder", "Database", "Log file"}
    assert facts["Data folder"] == str(portdesk_home)
    assert facts["Log file"] == str(log_file)
    assert facts["PyMuPDF"][0].isdigit()
    text = dialog.text.text()
    assert "s3cret-pw" not in text and "maria:***@db.example.invalid" in text
    assert str(portdesk_home) in text


def test_the_shortcut_list_is_read_from_the_windows_actions(qtbot, queue, runner, tmp_path: Path) -> None:
    win = MainWindow(queue, runner, tmp_path / "window.ini", "queue.sqlite3", "tester",
                     app_context=_context("queue.sqlite3", None))
    qtbot.addWidget(win)
    later = QAction("&Frobnicate order…", win)  # a tool installed later is listed too
    later.setShortcut(QKeySequence("Ctrl+Shift+F9"))
    win.addAction(later)
    dialog = ShortcutsDialog(win)
    qtbot.addWidget(dialog)
    listed = {(s.menu, s.action): s.keys for s in dialog.shortcuts}
    assert listed[("Settings", "Settings")] == QKeySequence("Ctrl+,").toString(QKeySequence.SequenceFormat.NativeText)
    assert ("File", "Import order file(s)") in listed and ("View", "Refresh") in listed
    assert listed[("Window", "Frobnicate order")] == QKeySequence("Ctrl+Shift+F9").toString(
        QKeySequence.SequenceFormat.NativeText)
    assert ("Help", "Keyboard shortcuts") in listed


def test_the_user_guide_lists_the_docs_pages_by_their_titles(qtbot) -> None:
    folder = guide_folder()
    assert folder is not None and (folder / "findings.md").is_file()
    titles = [title for title, _path in guide_pages(folder)]
    guide = UserGuide(folder)
    qtbot.addWidget(guide)
    assert guide.list.count() == len(titles) >= 3
    assert guide.browser.toPlainText().strip()  # the first page is rendered
