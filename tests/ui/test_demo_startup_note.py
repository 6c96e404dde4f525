"""The demo's first start says what it is doing while it seeds, before the main window exists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from portdesk.app import gui as app_module
from portdesk.demo import orders as demo_orders
from portdesk.ui.widgets.startup_note import StartupNote


def _visible_notes() -> list[StartupNote]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupNote) and w.isVisible()]


def test_the_first_demo_start_shows_a_note_while_it_seeds_and_a_restart_shows_none(
        qtbot, monkeypatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    seen: list[list[str]] = []

    def seeding(store, carriers=None):  # what the user sees while the demo is seeded
        seen.append([note.text() for note in _visible_notes()])
        return []

    monkeypatch.setattr(demo_orders, "seed_demo", seeding)
    monkeypatch.setattr(app_module, "_seeding_sandbox", lambda home, store: None)
    built = app_module.build_window(demo=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    assert len(seen) == 1 and len(seen[0]) == 1, "one note on screen while seeding"
    assert "first start" in seen[0][0]
    assert _visible_notes() == []  # gone before the window shows
    runner.wait()
    win.close()

    monkeypatch.setenv("PORTDESK_HOME", str(home))  # a restart begins from the user's own data folder
    shown: list[StartupNote] = []
    monkeypatch.setattr(StartupNote, "show_now", lambda self: shown.append(self))
    win2, runner2 = app_module.build_window(demo=True)  # type: ignore[misc]  # seeded: straight to the queue
    qtbot.addWidget(win2)
    assert seen == [seen[0]] and shown == []
    runner2.wait()
