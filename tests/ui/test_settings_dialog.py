"""The Settings dialog: pages generated from the declared settings, saved to settings.json and read back;
the Profiles page shows the catalogue (shipped and overridden) and the override files it could not use."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QTableWidget

from portdesk.platform import settings
from portdesk.platform.settings import Settings
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.ui.app_context import AppContext
from portdesk.ui.main_window import MainWindow
from portdesk.ui.settings.dialog import SettingsDialog
from portdesk.ui.settings.pages import PAGES


@pytest.fixture
def context(portdesk_home: Path) -> AppContext:
    return AppContext(
        data_folder=settings.data_dir(), database=str(portdesk_home / "queue.sqlite3"), log_file=None,
        load_settings=Settings.load, save_settings=lambda s: s.save(),
        catalogue=lambda: ProfileCatalogue.build(settings.user_profiles_dir()),
        ocr_available=lambda: False, user_profiles_folder=settings.user_profiles_dir(),
    )


def test_pages_are_general_profiles_ocr_and_connections_in_that_order(qtbot, context: AppContext) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["General", "Profiles", "OCR", "Connections"]
    assert [p.title for p in PAGES] == ["General", "Profiles", "OCR", "Connections"]


def test_every_declared_setting_has_an_editor_on_its_page(qtbot, context: AppContext) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    for spec in Settings.specs():
        page = next(p for p in dialog.pages if p.page == spec.page)
        assert page.findChild(object, f"setting-{spec.name}") is not None, spec.name
    general = dialog.page("General")
    assert isinstance(general.findChild(QLineEdit, "setting-author"), QLineEdit)
    assert isinstance(general.findChild(QSpinBox, "setting-sync_interval_seconds"), QSpinBox)
    assert general.findChild(QSpinBox, "setting-sync_interval_seconds").minimum() == 30


def test_changing_the_author_saves_it_to_a_private_settings_json_and_it_reads_back(
        qtbot, context: AppContext, portdesk_home: Path) -> None:
    Settings(author="Maria Lopez", ocr_enabled=False).save()
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    author = dialog.page("General").findChild(QLineEdit, "setting-author")
    assert author.text() == "Maria Lopez"
    author.setText("Jane Roe ")
    dialog.page("OCR").findChild(QCheckBox, "setting-ocr_enabled").setChecked(True)
    combo = dialog.page("Profiles").findChild(QComboBox, "setting-default_profile")
    combo.setCurrentIndex(combo.findData("telnyx"))
    assert dialog.save()
    path = portdesk_home / "settings.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    written = json.loads(path.read_text(encoding="utf-8"))
    assert (written["author"], written["ocr_enabled"], written["default_profile"]) == ("Jane Roe", True, "telnyx")
    back = Settings.load()
    assert (back.author, back.ocr_enabled, back.default_profile) == ("Jane Roe", True, "telnyx")


def test_an_empty_name_is_refused_in_words_and_nothing_is_written(qtbot, context: AppContext,
                                                                   portdesk_home: Path) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    said: list[str] = []
    dialog.show_message = lambda title, text: said.append(text)  # type: ignore[method-assign]
    dialog.page("General").findChild(QLineEdit, "setting-author").setText("   ")
    assert not dialog.save()
    assert said == ["Your name cannot be empty."]
    assert not (portdesk_home / "settings.json").exists()


def test_cancel_writes_nothing(qtbot, context: AppContext, portdesk_home: Path) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.page("General").findChild(QLineEdit, "setting-author").setText("Somebody Else")
    dialog.reject()
    assert not (portdesk_home / "settings.json").exists()


def test_the_profiles_page_lists_shipped_profiles_an_override_and_a_broken_file(
        qtbot, context: AppContext) -> None:
    folder = settings.user_profiles_dir()
    folder.mkdir()
    shipped = ProfileCatalogue.build(None)
    kazoo_file = Path(shipped.get("kazoo").source)
    (folder / "kazoo.toml").write_text(kazoo_file.read_text(encoding="utf-8").replace(
        'name = "', 'name = "Our KAZOO — ', 1), encoding="utf-8")
    (folder / "broken.toml").write_text("this is [not toml", encoding="utf-8")
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    page = dialog.page("Profiles")
    table = page.findChild(QTableWidget, "profiles-table")
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())}
    assert set(rows) == set(shipped.profiles)
    assert rows["kazoo"][4] == "your override" and rows["kazoo"][1].startswith("Our KAZOO")
    assert rows["telnyx"][4] == "shipped"
    problems = page.findChild(QLabel, "profile-problems").text()
    assert "broken.toml" in problems and "not valid TOML" in problems


def test_the_ocr_page_says_when_tesseract_is_missing(qtbot, context: AppContext) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    assert "not found" in dialog.page("OCR").findChild(QLabel, "ocr-status").text()


def test_settings_opens_from_the_menu_with_ctrl_comma_and_the_menus_end_with_settings_and_help(
        qtbot, queue, runner, context: AppContext, tmp_path: Path, monkeypatch) -> None:
    win = MainWindow(queue, runner, tmp_path / "window.ini", "queue.sqlite3", "tester", app_context=context)
    qtbot.addWidget(win)
    win.menuBar().addMenu("&Order")  # a tool installed after the window was built
    titles = [a.text().replace("&", "") for a in win.menuBar().actions()]
    assert titles[-2:] == ["Settings", "Help"] and "Order" in titles
    menus = win.app_menus
    assert menus.settings_action.shortcut().toString() == "Ctrl+,"
    opened: list[SettingsDialog] = []

    def run(dialog):
        opened.append(dialog)
        dialog.page("General").findChild(QLineEdit, "setting-author").setText("Jane Roe")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(menus, "run", run)
    menus.settings_action.trigger()
    assert len(opened) == 1 and Settings.load().author == "Jane Roe"
    assert "Settings saved" in win.statusBar().currentMessage()
