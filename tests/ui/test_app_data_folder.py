"""The app refuses to start with one dialog and exit 2: a data folder it cannot create, a broken Qt binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from portdesk.app.gui import run_gui


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Records the critical message boxes instead of blocking on them."""
    shown: list[tuple[str, str]] = []

    def critical(_parent: object, title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    # a start that wrongly succeeds must fail the test, not wait in the event loop for ever
    monkeypatch.setattr(QApplication, "exec", lambda *_a: pytest.fail("the window opened"))
    monkeypatch.delenv("PORTDESK_DATABASE_URL", raising=False)
    return shown


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "not-a-folder"
    path.write_text("a regular file where a folder should be\n")
    return path


@pytest.mark.parametrize("home", ["under-a-file", "is-a-file"])
def test_a_data_folder_that_cannot_be_created_is_one_dialog_and_exit_2(
        qapp, dialogs, monkeypatch, tmp_path: Path, capsys, home: str) -> None:
    blocker = _a_file(tmp_path)
    folder = blocker / "portdesk" if home == "under-a-file" else blocker
    monkeypatch.setenv("PORTDESK_HOME", str(folder))
    assert run_gui() == 2
    [(title, text)] = dialogs
    assert title == "PortDesk cannot create its data folder"
    named = str(folder)[-70:]  # the end of the path, where it goes wrong (the whole may be cut to 80)
    assert named in text and "PORTDESK_HOME" in text and "Traceback" not in text
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("portdesk: ") and named in err[0]


def test_a_very_long_data_folder_path_is_quoted_short(qapp, dialogs, monkeypatch, tmp_path: Path) -> None:
    folder = _a_file(tmp_path) / ("x" * 200) / ("y" * 200)
    monkeypatch.setenv("PORTDESK_HOME", str(folder))
    assert run_gui() == 2
    [(_title, text)] = dialogs
    assert "x" * 100 not in text and "…" in text


def test_a_demo_folder_that_cannot_be_created_is_one_dialog_and_exit_2(
        qapp, dialogs, monkeypatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "demo").write_text("a file where the demo's folder goes\n")  # the demo lives in <home>/demo
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    assert run_gui(demo=True) == 2
    [(title, _text)] = dialogs
    assert title == "PortDesk cannot create its data folder"


def test_the_installed_binding_keeps_its_references_to_none(qapp) -> None:
    from portdesk.app.gui import binding_drops_none

    assert not binding_drops_none()  # true on PySide6 6.12.0 with Python 3.11


def test_a_binding_that_drops_none_is_refused_with_a_dialog_before_the_window(
        qapp, dialogs, monkeypatch, tmp_path: Path, capsys) -> None:
    from portdesk.app import gui as app_module

    monkeypatch.setattr(app_module, "binding_drops_none", lambda: True)
    monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "home"))
    assert run_gui() == 2
    [(title, text)] = dialogs
    assert title == "PortDesk cannot run on this PySide6" and "!=6.12.*" in text
    assert not (tmp_path / "home").exists()  # refused before anything was made
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
