"""The one job runner: serial named pools, results on the GUI thread, one error contract, cancel."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread, Signal

from portdesk.ui.jobs import JobError, JobRunner, SyncJobRunner


class Receiver(QObject):
    got = Signal(object)


def test_results_arrive_on_the_gui_thread_after_running_on_the_pool_thread(qtbot) -> None:
    lane = JobRunner().lane("db")
    seen: list[tuple[str, bool]] = []
    lane.submit(lambda: threading.current_thread().name,
                lambda name: seen.append((name, QThread.currentThread().isMainThread())))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    [(worker, on_gui)] = seen
    assert on_gui and worker != threading.main_thread().name


def test_jobs_of_one_pool_run_one_after_another_in_order(qtbot) -> None:
    lane = JobRunner().lane("pdf")
    order: list[int] = []
    for i in range(20):
        lane.submit(lambda i=i: i, order.append)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=5000)
    assert order == list(range(20))


@pytest.mark.parametrize("make_runner", [JobRunner, SyncJobRunner], ids=["threads", "synchronous"])
def test_a_failing_job_gives_words_to_the_error_slot_and_its_traceback_to_the_log(
        qtbot, caplog: pytest.LogCaptureFixture, make_runner) -> None:
    lane = make_runner().lane("db")
    errors: list[JobError] = []

    def broken() -> None:
        raise ValueError("the database is locked")

    with caplog.at_level(logging.WARNING, logger="portdesk.ui.jobs"):
        lane.submit(broken, lambda _r: None, errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    [error] = errors
    assert str(error) == "the database is locked" and isinstance(error.cause, ValueError)
    assert "Traceback" in caplog.text and "in broken" in caplog.text


def test_a_cancelled_job_calls_nothing_back(qtbot) -> None:
    runner = JobRunner()
    lane = runner.lane("db")
    gate = threading.Event()
    lane.submit(gate.wait, lambda _r: None)  # holds the db thread
    called: list[object] = []
    handle = lane.submit(lambda: "late", called.append, called.append)
    handle.cancel()
    gate.set()
    after: list[object] = []
    lane.submit(lambda: "after", after.append)
    qtbot.waitUntil(lambda: bool(after), timeout=3000)
    assert called == [] and handle.cancelled


def test_a_result_for_a_deleted_widget_is_dropped_not_raised(qtbot) -> None:
    runner = JobRunner()
    lane = runner.lane("db")
    receiver = Receiver()
    later: list[object] = []
    lane.submit(lambda: "page", receiver.got.emit)
    shiboken6.delete(receiver)
    runner.wait()
    lane.submit(lambda: "after", later.append)
    qtbot.waitUntil(lambda: bool(later), timeout=3000)
    assert later == ["after"]


def test_call_returns_the_answer_or_raises_the_jobs_own_exception(qtbot) -> None:
    lane = JobRunner().lane("db")
    assert lane.call(lambda: threading.current_thread() is threading.main_thread()) is False
    with pytest.raises(KeyError):
        lane.call(lambda: {}["missing"])


def test_the_apps_runner_makes_a_busy_job_hand_the_interpreter_to_the_gui_thread_within_a_millisecond(
        qtbot) -> None:
    was = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # CPython's default: a tick could wait 5 ms per hand-over
        JobRunner()
        assert sys.getswitchinterval() == pytest.approx(0.001)
        sys.setswitchinterval(0.0005)  # one set shorter by someone else is left alone
        JobRunner()
        assert sys.getswitchinterval() == pytest.approx(0.0005)
    finally:
        sys.setswitchinterval(was)
