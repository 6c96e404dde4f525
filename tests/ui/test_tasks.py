"""The task runner: results come back on the GUI thread; a widget closed meanwhile is skipped."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal

from portdesk.ui.tasks import PoolRunner


class Receiver(QObject):
    got = Signal(object)


def test_results_arrive_on_the_gui_thread(qtbot) -> None:
    runner = PoolRunner()
    seen: list[tuple[int, bool]] = []
    runner.submit(lambda: 41 + 1, lambda value: seen.append((value, QThread.currentThread().isMainThread())))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [(42, True)]


def test_a_result_for_a_deleted_widget_is_dropped_not_raised(qtbot) -> None:
    runner = PoolRunner()
    receiver = Receiver()
    later: list[object] = []
    runner.submit(lambda: "page", receiver.got.emit)  # the callback touches the (soon deleted) object
    shiboken6.delete(receiver)
    runner.wait()
    runner.submit(lambda: "after", later.append)
    qtbot.waitUntil(lambda: bool(later), timeout=3000)  # the runner goes on; no exception reached Qt
    assert later == ["after"]
