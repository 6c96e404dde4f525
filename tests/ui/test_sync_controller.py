"""The background sync in the window: cycles against the in-process sandbox on the real job runner, the
status-bar words as they go, faults said in words and retried by themselves and on demand, F5."""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from portdesk.app.gui import install_sync
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.platform.settings import Settings
from portdesk.sandbox.world import parse_world
from portdesk.services.connections import ConnectionsService, new_connection
from portdesk.services.events import OrderEvents
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.services.queue import QueueService
from portdesk.services.sync import Backoff, SyncService
from portdesk.store.outbox import SqlSyncStore
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import JobRunner
from portdesk.ui.main_window import MainWindow
from portdesk.ui.order_signals import OrderSignals
from tests.sandbox.conftest import ACME, ACME_NUMBERS, world_data
from tests.ui.sync_support import RunningSandbox, connections, file_keyring  # noqa: F401 - fixtures

FAST = Backoff(base=0.3, cap=0.6)  # the back-off of services/sync.py, shortened for the test


class Desk:
    """The window as app.py builds it, on the real job runner, with the sync installed."""

    def __init__(self, qtbot: Any, tmp_path: Path, store: SqlQueueStore, connections: ConnectionsService) -> None:  # noqa: F811
        self.qtbot, self.connections = qtbot, connections
        self.hub = OrderEvents()
        self.queue = QueueService(store, events=self.hub)
        self.jobs = JobRunner()
        self.window = MainWindow(self.queue, self.jobs, tmp_path / "w.ini", "test", "tester",
                                 events=OrderSignals(self.hub))
        # not qtbot.addWidget: pytest-qt would delete the window before this fixture has let the
        # cycles in flight finish (close() below)
        self.sync = SyncService(SqlSyncStore(store.engine), connections)
        self.texts: list[str] = []
        self.raised: list[tuple[str, str, int]] = []
        self.controller: Any = None
        self.store = store

    def install(self, interval: int = 3600) -> None:
        catalogue = ProfileCatalogue.build(None)
        self.controller = install_sync(self.window, self.queue, self.store, Settings(sync_interval_seconds=interval),
                                       self.jobs, self.hub, catalogue, backoff=FAST)
        self.controller.state_changed.connect(lambda status: self.texts.append(status.text))
        self.controller.notifier.raised.connect(lambda *args: self.raised.append(args))
        self.window.start()

    def indicator(self) -> str:
        return str(self.controller.indicator.text())

    def wait_for(self, pattern: str, timeout: int = 15_000) -> str:
        self.qtbot.waitUntil(lambda: re.search(pattern, self.indicator()) is not None, timeout=timeout)
        return self.indicator()

    def order(self, **account: Any) -> int:
        data = {"format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "profile": "telnyx",
                "losing_carrier": "Lumen", "account": ACME | account, "port_type": "full", "numbers": ACME_NUMBERS,
                "requested_date": "2026-12-14"}
        (order_id,) = self.queue.create_orders([PortOrder.from_dict(data)], "tester")
        self.sync.queue_submission(order_id, "tx", "telnyx", "tester")
        return order_id

    def close(self) -> None:
        if self.controller is not None:
            self.controller.stop()
        self.qtbot.waitUntil(lambda: self.controller is None or not self.controller.busy(), timeout=20_000)
        self.jobs.wait()
        self.window.close()


@pytest.fixture
def desk(qtbot, tmp_path, store, connections, file_keyring) -> Iterator[Desk]:  # noqa: F811
    made = Desk(qtbot, tmp_path, store, connections)
    yield made
    made.close()


@pytest.fixture
def acme_sandbox() -> Iterator[RunningSandbox]:
    box = RunningSandbox(speed=2_000_000.0, world=parse_world(world_data()))  # a simulated day in 43 ms
    yield box
    box.stop()


def test_a_cycle_sends_the_order_says_how_far_it_got_and_ends_online(desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    order_id = desk.order()
    desk.install()
    desk.wait_for(r"^Carriers: online$")
    assert any(re.fullmatch(r"(sending|syncing) 1 of 1", t) for t in desk.texts), desk.texts
    assert desk.texts[0] == "not synced yet"  # never "online" before a cycle has answered
    assert desk.queue.detail(order_id).status is not Status.QUEUED  # sent, and followed

    def completed() -> bool:  # the carrier moves it on, FOC then completed, seen one cycle at a time
        if not desk.controller.busy():
            desk.controller.sync_now()
        return desk.queue.detail(order_id).status is Status.COMPLETED

    desk.qtbot.waitUntil(completed, timeout=15_000)
    desk.qtbot.waitUntil(lambda: {t for t, _, _ in desk.raised} >= {"FOC confirmed", "Port completed"}, timeout=5000)
    assert all(oid == order_id for _, _, oid in desk.raised)
    desk.wait_for(r"^Carriers: online$")
    assert not desk.controller.indicator.retry.isVisibleTo(desk.window)


def test_a_rejection_by_the_losing_carrier_is_notified_with_its_reason(desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    order_id = desk.order(name="ABC Co")  # the losing carrier has "ABC Company, Inc." and checks exactly
    desk.install()

    def rejected() -> bool:
        if not desk.controller.busy():
            desk.controller.sync_now()
        return any(t == "Order rejected" for t, _, _ in desk.raised)

    desk.qtbot.waitUntil(rejected, timeout=15_000)
    assert desk.queue.detail(order_id).status is Status.EXCEPTION
    (text,) = [text for title, text, _ in desk.raised if title == "Order rejected"]
    assert text.startswith("ABC Company - Denver: The account name does not match the losing carrier's records"), text


def test_a_dead_sandbox_shows_offline_since_keeps_the_orders_state_and_comes_back_by_itself(
        desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    order_id = desk.order()
    desk.install()
    desk.wait_for(r"^Carriers: online$")
    before = desk.queue.detail(order_id)
    acme_sandbox.stop()  # the sandbox process dies
    desk.controller.sync_now()
    text = desk.wait_for(r"offline since")
    assert re.fullmatch(r"Carriers: offline since \d\d:\d\d — .*Telnyx.*", text), text
    assert desk.controller.indicator.retry.isVisibleTo(desk.window)
    assert "next try by itself at" in desk.controller.indicator.toolTip()
    after = desk.queue.detail(order_id)
    assert (after.status, after.version) == (before.status, before.version)  # its last good state
    acme_sandbox.restart()  # back on the same port: the back-off's retry finds it without a click
    desk.wait_for(r"^Carriers: online$")


def test_a_wrong_key_says_which_connection_fails_and_why_and_retry_now_tries_again(
        desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "a-changed-key")
    desk.order()
    desk.install()
    text = desk.wait_for(r"failing")
    assert text.startswith("Carriers: connection tx failing: ") and "Telnyx" in text and "a-changed-key" not in text
    cycles: list[str] = []
    desk.controller.cycle_finished.connect(lambda name, report: cycles.append(name))
    desk.controller.indicator.retry.click()  # on demand, without waiting for the back-off
    desk.qtbot.waitUntil(lambda: cycles == ["tx"], timeout=10_000)


class _Garbage(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b"<html>502 proxy says hello"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        return None


def test_a_garbage_answer_is_said_in_words(desk: Desk) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        desk.connections.add(new_connection("tx", "telnyx", f"http://127.0.0.1:{server.server_address[1]}/telnyx/v2"),
                             "sandbox")
        desk.order()
        desk.install()
        text = desk.wait_for(r"failing")
        assert text == "Carriers: connection tx failing: the carrier answered with an HTML page (HTTP 200)", text
    finally:
        server.shutdown()
        server.server_close()


def test_f5_asks_every_connection_for_news_and_a_removed_connection_leaves_the_indicator(
        desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    desk.install()
    desk.wait_for(r"^Carriers: online$")
    cycles: list[str] = []
    desk.controller.cycle_finished.connect(lambda name, report: cycles.append(name))
    desk.window.show()
    with desk.qtbot.waitActive(desk.window):
        desk.window.activateWindow()
    desk.qtbot.keyClick(desk.window, Qt.Key.Key_F5)
    desk.qtbot.waitUntil(lambda: cycles == ["tx"], timeout=10_000)
    menu = desk.window.findChild(QMenu, "carrier-menu")
    assert [a.text() for a in menu.actions()] == ["&Sync now\tF5"]  # F5 shown; Connections… comes with Settings
    desk.connections.remove("tx")
    desk.controller.sync_now()
    desk.wait_for(r"^Carriers: no carrier connection$")


def test_the_interval_runs_cycles_by_itself(desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    desk.install(interval=1)
    desk.wait_for(r"^Carriers: online$")
    cycles: list[str] = []
    desk.controller.cycle_finished.connect(lambda name, report: cycles.append(name))
    desk.qtbot.waitUntil(lambda: len(cycles) >= 2, timeout=5000)
    assert desk.controller.status().connections[0].last_ok is not None
    assert desk.controller.status().connections[0].last_ok.tzinfo is dt.UTC


def test_a_connection_with_nothing_to_follow_is_online_only_while_its_carrier_answers(
        desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    desk.install()  # no order at tx: the cycle itself calls nobody, so the carrier is asked to sign in
    desk.wait_for(r"^Carriers: online$")
    acme_sandbox.stop()
    desk.controller.sync_now()
    text = desk.wait_for(r"offline since")
    assert "cannot reach Telnyx" in text, text


@pytest.mark.parametrize(("kind", "said"), [
    ("truncate", r"^Carriers: offline since \d\d:\d\d — cannot reach Telnyx \(the connection was cut mid-answer\)$"),
    ("error", r"^Carriers: connection tx failing: Telnyx failed while .*\(HTTP 500\)"),
])
def test_a_connection_cut_mid_answer_or_failing_keeps_the_orders_and_recovers_by_itself(
        desk: Desk, acme_sandbox: RunningSandbox, kind: str, said: str) -> None:
    from portdesk.sandbox.faults import Faults

    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    first, second = desk.order(), desk.order()
    desk.install()
    desk.wait_for(r"^Carriers: online$")
    before = [desk.queue.detail(i).version for i in (first, second)]
    acme_sandbox.box.faults = Faults(1.0, seed=3, kinds=(kind,))  # every answer cut short, or a 500
    desk.controller.sync_now()
    desk.wait_for(said)
    assert [desk.queue.detail(i).version for i in (first, second)] == before  # their last good state
    acme_sandbox.box.faults = Faults()  # the provider recovers: the back-off's retry needs no click
    desk.wait_for(r"^Carriers: online$")


def test_the_settings_dialog_wires_connections_and_its_interval_and_notifications_apply_at_once(
        qtbot, tmp_path, store, connections, file_keyring, portdesk_home) -> None:  # noqa: F811
    from tests.ui.sync_support import make_context

    context = make_context(portdesk_home, None, None)
    hub = OrderEvents()
    queue = QueueService(store, events=hub)
    jobs = JobRunner()
    window = MainWindow(queue, jobs, tmp_path / "w.ini", "test", "tester", events=OrderSignals(hub),
                        app_context=context)
    controller = install_sync(window, queue, store, Settings(sync_interval_seconds=300), jobs, hub,
                              ProfileCatalogue.build(None))
    try:
        assert context.connections is not None and context.jobs is jobs
        assert context.connections_changed == controller.sync_now
        assert controller.timer.interval() == 300_000 and controller.notifier.enabled
        context.save_settings(Settings(sync_interval_seconds=60, notifications_enabled=False))
        assert controller.timer.interval() == 60_000 and not controller.notifier.enabled
        assert Settings.load().sync_interval_seconds == 60  # and it was saved
        menu = window.findChild(QMenu, "carrier-menu")
        assert [a.text() for a in menu.actions()] == ["&Sync now\tF5", "&Connections…"]
    finally:
        controller.stop()
        qtbot.waitUntil(lambda: not controller.busy(), timeout=10_000)
        jobs.wait()
        window.close()


def test_stopping_ends_a_long_cycle_before_its_next_order_and_leaves_the_rest_queued(
        desk: Desk, acme_sandbox: RunningSandbox) -> None:
    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    ids = [desk.order() for _ in range(40)]
    desk.install()
    desk.controller.progressed.connect(lambda name, done, total: desk.controller.stop())  # the app quits
    desk.qtbot.waitUntil(lambda: not desk.controller.busy(), timeout=20_000)
    statuses = [desk.queue.detail(i).status for i in ids]
    assert Status.QUEUED in statuses  # not sent yet: the next start sends them
    assert "failing" not in desk.indicator() and "offline" not in desk.indicator()


def test_a_cycle_runs_with_full_collections_deferred_and_puts_the_thresholds_back(
        desk: Desk, acme_sandbox: RunningSandbox) -> None:
    before = gc.get_threshold()
    on_workers: list[tuple[int, int, int]] = []  # the thresholds as collections on the sync's threads see them

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and threading.current_thread() is not threading.main_thread():
            on_workers.append(gc.get_threshold())

    desk.connections.add(new_connection("tx", "telnyx", acme_sandbox.url("telnyx")), "sandbox")
    for _ in range(3):
        desk.order()
    gc.callbacks.append(on_gc)
    try:
        desk.install()
        desk.wait_for(r"^Carriers: online$")
        desk.qtbot.waitUntil(lambda: not desk.controller.busy(), timeout=15_000)
    finally:
        gc.callbacks.remove(on_gc)
    assert any(seen[2] > 1_000_000 for seen in on_workers)  # the db lane and the sandbox threads too: any
    assert gc.get_threshold() == before
    assert gc.isenabled()
