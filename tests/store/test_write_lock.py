"""SQLite write units take the write lock at BEGIN (IMMEDIATE), so the busy timeout applies to
them; read units stay deferred, so they never queue behind another process's write."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.store.db import make_engine, migrate
from portdesk.store.errors import StoreError
from portdesk.store.repos import SqlQueueStore

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

HOLD_WRITE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO scratch VALUES (1)")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "q.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
    engine.dispose()
    return path


def store_on(path: Path, busy_timeout_ms: int = 5000) -> SqlQueueStore:
    return SqlQueueStore(make_engine(f"sqlite:///{path}", busy_timeout_ms=busy_timeout_ms))


@pytest.fixture
def holder(db_file: Path) -> Iterator[Callable[[float], None]]:
    procs: list[subprocess.Popen[str]] = []

    def hold(seconds: float) -> None:
        proc = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db_file), str(seconds)],
                                stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"

    yield hold
    for proc in procs:
        assert proc.wait(timeout=30) == 0


def test_a_read_then_write_unit_waits_for_another_writer_and_succeeds(db_file: Path, holder) -> None:  # type: ignore[no-untyped-def]
    store = store_on(db_file)
    with store.unit_of_work() as repo:
        order_id = repo.add_order(PortOrder(name="A"), Status.DRAFT, NOW)
    holder(1.0)
    started = time.perf_counter()
    with store.unit_of_work() as repo:
        state = repo.state(order_id)  # the read that made a deferred transaction's snapshot stale
        repo.set_status(order_id, Status.CANCELLED, state.version, NOW)
    assert time.perf_counter() - started > 0.5
    with store.unit_of_work(write=False) as repo:
        assert repo.state(order_id).status == Status.CANCELLED


def test_a_writer_still_gives_up_after_the_busy_timeout(db_file: Path, holder) -> None:  # type: ignore[no-untyped-def]
    store = store_on(db_file, busy_timeout_ms=200)
    holder(2.0)
    with pytest.raises(StoreError, match="locked"), store.unit_of_work() as repo:
        repo.add_order(PortOrder(name="B"), Status.DRAFT, NOW)


def test_a_read_unit_does_not_wait_behind_a_writer(db_file: Path, holder) -> None:  # type: ignore[no-untyped-def]
    store = store_on(db_file)
    with store.unit_of_work() as repo:
        order_id = repo.add_order(PortOrder(name="C"), Status.DRAFT, NOW)
    holder(1.5)
    started = time.perf_counter()
    with store.unit_of_work(write=False) as repo:
        assert repo.detail(order_id).order.name == "C"
    assert time.perf_counter() - started < 0.5


def test_two_threads_writing_at_once_both_succeed(db_file: Path) -> None:
    store = store_on(db_file)
    with store.unit_of_work() as repo:
        seed = repo.add_order(PortOrder(name="seed"), Status.DRAFT, NOW)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            for _ in range(20):
                with store.unit_of_work() as repo:
                    repo.state(seed)  # read first, then write: the pattern of every use case
                    repo.add_order(PortOrder(name=name), Status.DRAFT, NOW)
        except BaseException as exc:  # reported below, from the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("x", "y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
