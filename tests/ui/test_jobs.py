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


@pytest.mark.parametrize("make_runner", [JobRunner, SyncJobRunner], ids=["threads", "synchronous"])
def test_a_jobs_follow_up_runs_on_its_pool_after_the_answer_and_before_the_next_job(qtbot, make_runner) -> None:
    lane = make_runner().lane("pdf")
    events: list[str] = []
    threads: list[bool] = []

    def follow_up() -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        events.append("after")

    lane.submit(lambda: events.append("job"), lambda _r: None, after=follow_up)
    lane.submit(lambda: events.append("next job"), lambda _r: events.append("next answer"))
    qtbot.waitUntil(lambda: "next answer" in events, timeout=3000)
    assert events[:3] == ["job", "after", "next job"] and threads == [False]


@pytest.mark.parametrize("make_runner", [JobRunner, SyncJobRunner], ids=["threads", "synchronous"])
def test_no_follow_up_for_a_job_that_failed_was_cancelled_or_was_no_longer_wanted(
        qtbot, caplog: pytest.LogCaptureFixture, make_runner) -> None:
    runner = make_runner()
    lane = runner.lane("pdf")
    followed: list[str] = []
    errors: list[JobError] = []

    def broken() -> None:
        raise ValueError("damaged page")

    with caplog.at_level(logging.WARNING, logger="portdesk.ui.jobs"):
        lane.submit(broken, lambda _r: None, errors.append, after=lambda: followed.append("failed"))
    lane.submit(lambda: 1, lambda _r: None, errors.append, wanted=lambda: False,
                after=lambda: followed.append("unwanted"))
    gate = threading.Event()
    if make_runner is JobRunner:  # a job cancelled before it starts (the synchronous runner has no "before")
        lane.submit(gate.wait, lambda _r: None)
        lane.submit(lambda: 1, lambda _r: None, after=lambda: followed.append("cancelled")).cancel()
    gate.set()
    done: list[object] = []
    lane.submit(lambda: "last", done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=3000)
    assert followed == [] and len(errors) == 2 and errors[1].cancelled


@pytest.mark.parametrize("make_runner", [JobRunner, SyncJobRunner], ids=["threads", "synchronous"])
def test_a_failing_follow_up_is_logged_and_neither_delivered_nor_stopping_the_pool(
        qtbot, caplog: pytest.LogCaptureFixture, make_runner) -> None:
    lane = make_runner().lane("pdf")
    answers: list[object] = []
    errors: list[JobError] = []

    def broken() -> None:
        raise OSError("no memory for the next page")

    with caplog.at_level(logging.WARNING, logger="portdesk.ui.jobs"):
        lane.submit(lambda: "page", answers.append, errors.append, after=broken)
        lane.submit(lambda: "next page", answers.append, errors.append)
        qtbot.waitUntil(lambda: len(answers) == 2, timeout=3000)
    assert answers == ["page", "next page"] and errors == []
    assert "follow-up" in caplog.text and "no memory for the next page" in caplog.text and "in broken" in caplog.text


def test_a_job_that_finishes_after_its_runner_is_gone_is_dropped_without_an_error_on_stderr(
        qtbot, capfd: pytest.CaptureFixture[str]) -> None:
    # The app quitting with a PDF job still running: the GUI side's relay is deleted first, and the
    # worker's hand-over printed "RuntimeError: Signal source has been deleted" on the terminal.
    runner = JobRunner()
    started, release = threading.Event(), threading.Event()

    def job() -> int:
        started.set()
        release.wait(5)
        return 1

    runner.lane("pdf").submit(job, lambda _value: None)
    assert started.wait(5)
    shiboken6.delete(runner._relay)  # what the app's teardown does to it
    release.set()
    assert runner.wait()
    assert "has been deleted" not in capfd.readouterr().err
