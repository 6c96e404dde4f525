"""The demo keeps its data in the data folder's demo/ across restarts, "Reset demo data" starts it over,
and nothing is left in the temporary folder by the demo or by opening a document.

The first test seeds the demo for real on its first start; the others open a copy of a demo seeded
once for the run (tests/seeded_demo.py), as the app opens existing demo data, and the reset seeds
again for real."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from portdesk.app import gui as app_module
from portdesk.app.gui import build_window
from portdesk.demo.orders import ORDERS
from portdesk.domain.order import PortOrder
from tests.ui.conftest import order_data


def _tmp_entries() -> set[str]:
    assert tempfile.gettempdir().endswith("tmp")  # the private one (fixture below)
    return set(os.listdir(tempfile.gettempdir()))


def _open_demo(qtbot, monkeypatch, home: Path):
    monkeypatch.setenv("PORTDESK_HOME", str(home))  # each start begins from the user's own data folder
    built = build_window(demo=True)
    assert not isinstance(built, int)
    win, runner = built
    qtbot.addWidget(win)
    return win, runner


def _order_names(home: Path) -> list[str]:
    from portdesk.services.queue import QueueService
    from portdesk.store.db import make_engine
    from portdesk.store.repos import SqlQueueStore

    engine = make_engine(f"sqlite:///{home / 'demo' / 'portdesk.sqlite3'}")
    try:
        queue = QueueService(SqlQueueStore(engine))
        return sorted(queue.detail(i).order.name for i in range(1, 200) if _exists(queue, i))
    finally:
        engine.dispose()


def _exists(queue, order_id: int) -> bool:
    from portdesk.services.queue import StoreError

    try:
        queue.detail(order_id)
    except StoreError:
        return False
    return True


def test_two_demo_runs_keep_one_folder_in_the_data_folder_and_leave_nothing_in_tmp(
        qtbot, monkeypatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    before = _tmp_entries()
    win, runner = _open_demo(qtbot, monkeypatch, home)
    runner.wait()
    win._queue.create_orders([PortOrder.from_dict(order_data(1, name="Added by the user"))], "tester")
    win.close()
    _win2, runner2 = _open_demo(qtbot, monkeypatch, home)  # a restart: the same data, not seeded again
    runner2.wait()
    names = _order_names(home)
    assert "Added by the user" in names
    assert len(names) == len(ORDERS) + 1  # seeded once
    assert sorted(p.name for p in home.iterdir() if p.is_dir()) == ["demo"]
    assert _tmp_entries() - before == set()


def test_reset_demo_data_asks_first_then_the_seeded_orders_come_back_and_added_ones_are_gone(
        qtbot, monkeypatch, seeded_demo: Path) -> None:
    home = seeded_demo  # a demo seeded earlier (a copy); the reset below seeds it again for real
    win, runner = _open_demo(qtbot, monkeypatch, home)
    runner.wait()
    win._queue.create_orders([PortOrder.from_dict(order_data(1, name="Added by the user"))], "tester")
    menus = win.app_menus
    assert menus.reset_demo_action in menus.help_menu.actions()
    asked: list[str] = []
    monkeypatch.setattr(menus, "confirm", lambda title, text: asked.append(text) or False)
    menus.reset_demo_action.trigger()  # the user says no: nothing happens
    assert asked and app_module._restart_after_exit == []
    monkeypatch.setattr(menus, "confirm", lambda title, text: True)
    started: list[dict[str, str]] = []
    monkeypatch.setattr(app_module, "_start_again", started.append)
    menus.reset_demo_action.trigger()
    assert not win.isVisible()  # the windows close; the app then starts the demo again
    assert app_module._restart_after_exit, "a restart is pending"
    # What this app's exit does before the restarted one starts (aboutToQuit stops the sync; run_gui waits
    # for the runner): here in one process, the closed window's sync would otherwise keep cycling on the
    # demo database while the restart seeds it afresh.
    win.sync_controller.stop()
    runner.wait()
    env = app_module._restart_after_exit.pop()
    assert env.get("PORTDESK_HOME") == str(home)  # the restart starts from the user's folder, not demo/demo
    monkeypatch.setenv("PORTDESK_HOME", env["PORTDESK_HOME"])
    _win2, runner2 = _open_demo(qtbot, monkeypatch, home)  # what the restarted app does
    runner2.wait()
    names = _order_names(home)
    assert "Added by the user" not in names
    assert sorted(names) == sorted(spec.name for spec in ORDERS)


def test_a_document_opened_in_the_system_viewer_is_copied_into_the_data_folder_not_tmp(
        qtbot, monkeypatch, seeded_demo: Path) -> None:
    home = seeded_demo  # a seeded demo (a copy): the first start's seeding is the test above's
    before = _tmp_entries()
    win, runner = _open_demo(qtbot, monkeypatch, home)
    runner.wait()
    opened: list[Path] = []
    monkeypatch.setattr(win.detail, "open_file", opened.append)
    win.detail.open_in_viewer = None  # the system viewer, not PortDesk's own
    win.detail.show_order(1)
    qtbot.waitUntil(lambda: win.detail.detail is not None, timeout=5000)
    win.detail._on_document_activated(win.detail.detail.documents[0].id)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    copy = opened[0]
    assert copy.read_bytes()[:5] == b"%PDF-"
    assert (home / "demo" / "opened") in copy.parents
    runner.wait()
    win.close()
    _open_demo(qtbot, monkeypatch, home)  # the next start empties the copies folder
    assert not copy.exists()
    assert _tmp_entries() - before == set()


@pytest.fixture(autouse=True)
def no_pending_restart():
    yield
    app_module._restart_after_exit.clear()


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder of these tests is theirs alone, so "nothing new in it" is exact even while
    other programs use /tmp."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder
