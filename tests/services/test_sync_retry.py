"""A failing connection is tried again later with exponential back-off and jitter, kept per connection;
a 429's Retry-After is honoured (a short one inside the cycle, a long one by the back-off)."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from portdesk.cli.carriers_cmd import open_connections
from portdesk.cli.wiring import open_engine
from portdesk.sandbox.server import RateLimit, Sandbox
from portdesk.services.outbox import SyncState
from portdesk.services.sync import Backoff, SyncService
from portdesk.store.outbox import SqlSyncStore
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import base, sandbox, world  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


def sync_state(desk: SandboxDesk, connection: str) -> SyncState:
    with SqlSyncStore(open_engine(desk.db)).unit_of_work() as repo:
        return repo.sync_state(connection)


def _drain(url: str) -> None:
    """Spend the API key's one token in the sandbox's rate-limit bucket (as another client would)."""
    answer = httpx.get(f"{url}/telnyx/v2/porting_orders", headers={"Authorization": "Bearer sandbox"}, timeout=10)
    assert answer.status_code == 200


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


def test_back_off_grows_exponentially_with_jitter_up_to_its_cap() -> None:
    backoff = Backoff(base=10.0, cap=300.0, jitter=5.0)
    for failures, floor in ((1, 10.0), (2, 20.0), (3, 40.0), (4, 80.0)):
        waits = [backoff.delay(failures) for _ in range(200)]
        assert all(floor <= w <= floor + 5.0 for w in waits), (failures, min(waits), max(waits))
        assert len({round(w, 3) for w in waits}) > 50  # jittered, not one fixed value
    assert all(backoff.delay(30) <= 300.0 for _ in range(50))
    assert backoff.delay(1, retry_after=120.0) >= 120.0  # the provider's Retry-After wins when longer
    assert backoff.delay(1, retry_after=9999.0) <= 300.0  # …but never past the cap


def test_a_refused_connection_waits_longer_each_time_and_the_wait_outlives_the_service(
        tmp_path, capsys, monkeypatch, base, file_keyring, closed_port) -> None:  # noqa: F811
    clock = Clock()
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, "telnyx", clock=clock)
    order_id = desk.submitted_order()
    desk.connect("down", "telnyx", f"http://127.0.0.1:{closed_port}/telnyx/v2", "sandbox")
    stuck = desk.order("telnyx")
    assert desk.submit(stuck, "--connection", "down")[0] == 0
    waits = []
    for _ in range(3):
        report = desk.service.run_cycle()
        assert "down" in report.failed_connections and "tx" not in report.failed_connections
        state = sync_state(desk, "down")
        waits.append((state.next_attempt_at - clock.now).total_seconds())
        skipped = desk.service.run_cycle()  # inside the wait: not tried, said in words
        assert any("waiting until" in e.error for e in skipped.errors if e.connection == "down")
        clock.now = state.next_attempt_at + dt.timedelta(seconds=1)
    assert waits[0] < waits[1] < waits[2] and waits[2] >= 4 * Backoff().base
    # A new service (a restart) on the same database keeps the connection's wait.
    clock.now = state.next_attempt_at - dt.timedelta(seconds=5)
    assert state.failures == 3
    restarted = SyncService(SqlSyncStore(open_engine(desk.db)), open_connections(desk.db), clock=clock)
    report = restarted.run_cycle()
    assert report.failed_connections == ["down"] and "waiting until" in report.errors[0].error
    assert sync_state(desk, "down").failures == 3
    assert desk.show(order_id)["status"] in ("submitted", "pending", "foc_confirmed", "completed")
    assert desk.show(stuck)["status"] == "queued"  # it keeps its last good state


def test_a_short_retry_after_on_a_read_is_waited_out_inside_the_cycle(
        tmp_path, capsys, monkeypatch, sandbox: Sandbox, base, file_keyring) -> None:  # noqa: F811
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    sandbox.clock.set_speed(1.0)  # the order stays at the carrier (not completed) across the cycles
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, "telnyx", sleep=sleep)
    order_id = desk.submitted_order()
    assert desk.service.run_cycle().sent == 1
    sandbox.limit = RateLimit(1.0, 1)
    _drain(base)  # the next call answers 429 with Retry-After: 1
    report = desk.service.run_cycle()
    assert report.errors == [] and report.all_answered, report.errors
    assert slept and min(slept) >= 1.0
    assert desk.show(order_id)["submission"]["last_synced_at"]


def test_a_long_retry_after_stops_the_connection_until_then_without_blocking_the_cycle(
        tmp_path, capsys, monkeypatch, sandbox: Sandbox, base, file_keyring) -> None:  # noqa: F811
    clock = Clock()
    sandbox.clock.set_speed(1.0)  # the order stays at the carrier (not completed) across the cycles
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, "telnyx", clock=clock)
    desk.submitted_order()
    assert desk.service.run_cycle().sent == 1
    sandbox.limit = RateLimit(0.01, 1)
    _drain(base)  # the next call answers 429 with Retry-After: 100
    started = time.monotonic()
    report = desk.service.run_cycle()
    assert time.monotonic() - started < 10 and desk.sleeps == []
    (error,) = report.errors
    assert "rate-limiting" in error.error and report.failed_connections == ["tx"]
    state = sync_state(desk, "tx")
    assert state.next_attempt_at is not None and (state.next_attempt_at - clock.now).total_seconds() >= 99
