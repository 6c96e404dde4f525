"""The demo's orders really live at the sandbox, its sandbox process ends with the app, the live
name-mismatch order is rejected on the simulated clock, and Fix corrects it with a supplement that
the sandbox accepts.

The demo is seeded once for the run (a month of simulated port life through the real outbox and sync,
a few seconds: tests/seeded_demo.py) and copied for each test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from portdesk.app.gui import build_window, open_connections, open_store, open_sync
from portdesk.demo.orders import DEMO_FOLDER, ORDERS, SANDBOX_STATE, build_bill, build_order, world_account
from portdesk.demo.sandbox import point_connections_at
from portdesk.domain.status import Status, Tab
from portdesk.sandbox.server import SandboxServer
from portdesk.sandbox.snapshot import load_state, resumed_sandbox
from portdesk.services.queue import QueueService

CEDAR = next(i for i, spec in enumerate(ORDERS, start=1) if spec.name.startswith("Cedar Ridge"))
TRUE_NAME = "Cedar Ridge Animal Hospital, Incorporated"  # as on the bill and in the sandbox's world


@pytest.fixture
def demo_home(seeded_demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The copied demo's own folder as the data folder, as the demo app runs in it."""
    home = seeded_demo / DEMO_FOLDER
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    return home


class Carriers:
    """The demo's sandbox resumed in this process (simulated time under the test's hand) and a sync."""

    def __init__(self, home: Path) -> None:
        self.sandbox = resumed_sandbox(home / SANDBOX_STATE, speed=1.0, rate_limit=0)
        self.server = SandboxServer(self.sandbox, "127.0.0.1", 0, log=None)
        self.server.start()
        self.store, _ = open_store(None)
        self.connections = open_connections(self.store)
        point_connections_at(self.connections, self.server.base_url)
        self.sync = open_sync(self.store, self.connections)
        self.queue = QueueService(self.store)

    def later(self, hours: float) -> None:
        self.sandbox.clock.advance(dt.timedelta(hours=hours))
        report = self.sync.run_cycle(respect_backoff=False)
        assert report.all_answered, report.errors

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.store.engine.dispose()


@pytest.fixture
def carriers(demo_home: Path) -> Iterator[Carriers]:
    made = Carriers(demo_home)
    yield made
    made.close()


def test_the_demo_has_orders_in_every_tab_and_the_sandbox_holds_every_one_it_was_sent(demo_home: Path) -> None:
    store, _ = open_store(None)
    queue, sync = QueueService(store), open_sync(store, open_connections(store))
    counts = queue.counts()
    assert all(counts[tab] > 0 for tab in Tab), counts
    at_sandbox = set(load_state(demo_home / SANDBOX_STATE)["ports"])
    sent = 0
    for order_id, spec in enumerate(ORDERS, start=1):
        assert queue.detail(order_id).status is spec.status, spec.name
        submission = sync.submission(order_id)
        if any(action == "submit" for action, _ in spec.life):
            parts = {p.id for p in submission.carrier_orders}
            assert parts and parts <= at_sandbox, spec.name
            sent += 1
        history = queue.detail(order_id).history
        assert all(e.author != "carrier sync" for e in history)  # no invented sync: the connection's name
    assert sent >= 12
    carrier_moves = [e for i in range(1, len(ORDERS) + 1) for e in queue.detail(i).history
                     if e.author.startswith("demo-")]
    assert carrier_moves and {e.author for e in carrier_moves} == {"demo-kazoo", "demo-bandwidth", "demo-telnyx"}
    store.engine.dispose()


def test_the_bundled_world_holds_every_demo_order_and_differs_only_where_the_story_says() -> None:
    typed_differently = {}
    for spec in ORDERS:
        account = world_account(spec)  # the bill is drawn from it
        assert set(build_order(spec, dt.datetime.now(dt.UTC)).numbers) <= set(account.numbers), spec.name
        if spec.account_name != account.name:
            typed_differently[spec.name] = "name"
        elif spec.address[0] != account.address.line1:
            typed_differently[spec.name] = "address"
    assert typed_differently == {"Cedar Ridge Veterinary Clinic": "name", "Northgate Auto Body": "address"}


def test_the_name_mismatch_order_is_rejected_after_five_simulated_hours(carriers: Carriers) -> None:
    assert carriers.queue.detail(CEDAR).status is Status.SUBMITTED
    carriers.later(1)
    assert carriers.queue.detail(CEDAR).status is not Status.EXCEPTION
    carriers.later(4.5)
    assert carriers.queue.detail(CEDAR).status is Status.EXCEPTION
    [rejection] = carriers.sync.submission(CEDAR).rejections
    assert rejection["reason"] == "name_mismatch"


def test_fix_opens_the_account_step_on_the_name_and_sends_a_supplement_the_sandbox_accepts(
        qtbot: Any, carriers: Carriers) -> None:
    carriers.later(5.5)  # rejected
    built = build_window(db_url=None)
    assert not isinstance(built, int)
    window, runner = built
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.fix_command is not None, timeout=10_000)  # tools come after the first rows
    window.show()
    window.start()

    qtbot.waitUntil(lambda: window.tabs.select_order(1), timeout=5000)  # once the rows are in
    assert not window.fix_command.action.isEnabled()  # a draft: nothing the carrier rejected
    assert window.tabs.select_order(CEDAR)
    qtbot.waitUntil(window.fix_command.action.isEnabled, timeout=5000)  # Order ▸ Fix rejection…
    window.detail.show_order(CEDAR)  # the rejection at the top of the detail pane, with its Fix button
    qtbot.waitUntil(lambda: window.detail.banner.isVisibleTo(window.detail), timeout=5000)
    qtbot.mouseClick(window.detail.banner.fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: CEDAR in window.fix_command.sessions, timeout=5000)
    wizard = window.fix_command.sessions[CEDAR].wizard
    assert wizard.step == 2  # the account step
    account = wizard.page(2)
    assert wizard.focusWidget() is account.account_name
    assert account.bill_side.isVisibleTo(wizard)  # the bill beside the form
    assert "account name does not match" in wizard.banner.text()
    assert not wizard.review_page.submit_button.isVisibleTo(wizard)  # never submitted again as a new order

    qtbot.keyClicks(account.account_name, TRUE_NAME)  # the field is selected: typing replaces it
    assert wizard.ctx.order.account.name == TRUE_NAME
    session = window.fix_command.sessions[CEDAR]
    session.send_button.click()
    assert CEDAR not in window.fix_command.sessions, wizard.saved_label.text()
    assert not wizard.isVisible()  # sent: the wizard has closed

    pending = carriers.sync.pending(CEDAR)
    assert [i.action for i in pending if i.state == "queued"] == ["supplement"]
    parts_before = [p.id for p in carriers.sync.submission(CEDAR).carrier_orders]
    carriers.later(0.1)  # sent
    assert [p.id for p in carriers.sync.submission(CEDAR).carrier_orders] == parts_before  # the same port
    carriers.later(6)  # reviewed, judged by the losing carrier again
    detail = carriers.queue.detail(CEDAR)
    assert detail.status is Status.FOC_CONFIRMED
    assert detail.foc_date is not None
    numbers = set(detail.order.numbers)
    assert len([p for p in carriers.sandbox.life.ports.values() if numbers & set(p.facts.numbers)]) == 1  # no new order
    window.close()
    runner.wait()


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when it is ours
        time.sleep(0.05)
    return False


def test_the_demos_sandbox_process_stops_when_the_app_closes(qtbot: Any, demo_home: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTDESK_HOME", str(demo_home.parent))  # the demo lives in its demo/ folder
    built = build_window(demo=True)
    assert not isinstance(built, int)
    window, runner = built
    sandbox = window.demo_carriers
    pid = sandbox.process.pid
    assert sandbox.alive()
    window.close()
    destroyed: list[bool] = []
    window.destroyed.connect(lambda *_: destroyed.append(True))
    window.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=10_000)
    runner.wait()
    assert _gone(pid, 5)
    assert not sandbox.alive()


def test_the_demos_sandbox_process_stops_when_the_app_is_killed(demo_home: Path, tmp_path: Path) -> None:
    script = ("import sys, time\n"
              "from pathlib import Path\n"
              "from portdesk.demo.sandbox import SandboxProcess\n"
              "p = SandboxProcess.start(Path(sys.argv[1]))\n"
              "print(p.process.pid, flush=True)\n"
              "time.sleep(60)\n")
    app = subprocess.Popen([sys.executable, "-c", script, str(demo_home)], stdout=subprocess.PIPE,
                           env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert app.stdout is not None
    sandbox_pid = int(app.stdout.readline())
    os.kill(sandbox_pid, 0)  # running
    app.send_signal(signal.SIGKILL)  # no clean-up code runs in the app
    app.wait(5)
    assert _gone(sandbox_pid, 5), "the sandbox outlived the app that started it"


def test_the_numbers_step_shows_losing_carrier_and_rate_centre_and_flags_a_number_that_cannot_port(
        qtbot: Any, carriers: Carriers) -> None:
    hartwell = next(i for i, spec in enumerate(ORDERS, start=1) if spec.name.startswith("Hartwell"))  # Bandwidth
    built = build_window(db_url=None)
    assert not isinstance(built, int)
    window, runner = built
    qtbot.addWidget(window)
    wizard = window.wizard_command.open_resume(hartwell)
    numbers = wizard.numbers_page
    numbers.paste_box.setPlainText("(312) 555-0199")  # on no account at any losing carrier
    numbers._on_add_clicked()
    wizard.go_to(3)
    box = numbers.portability
    assert box is not None
    qtbot.waitUntil(lambda: box.result is not None, timeout=10_000)  # the connection looked up, then asked
    assert box.isVisibleTo(wizard)
    rows = {box.table.item(r, 0).text(): [box.table.item(r, c).text() for c in range(1, 4)]
            for r in range(box.table.rowCount())}
    assert rows["(312) 555-0110"] == ["AT&T", "CHICAGO, IL", "Yes"]
    assert rows["(312) 555-0199"][2].startswith("No:")
    assert "1 of 13 numbers cannot port" in box.status.text()
    flagged = [numbers.list.item(i).text() for i in range(numbers.list.count())
               if "cannot port" in numbers.list.item(i).text()]
    assert flagged == ["(312) 555-0199   ✗ cannot port: losing carrier not supported"]
    wizard.close()
    runner.wait()


def test_the_sandbox_ends_by_itself_when_its_stdin_closes_even_with_ctrl_c_ignored(tmp_path: Path) -> None:
    # A program started in the background of a shell ignores SIGINT, and so does the sandbox it starts.
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "portdesk", "sandbox", "--port", "0", "--state", str(tmp_path / "state.bin"),
         "--exit-with-stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert sandbox.stdout is not None and sandbox.stdout.readline().startswith(b"http://")
    assert sandbox.stdin is not None
    sandbox.stdin.close()
    try:
        assert sandbox.wait(4) == 0
    finally:
        if sandbox.poll() is None:
            sandbox.kill()
            sandbox.wait()
        sandbox.stdout.close()
    assert (tmp_path / "state.bin").is_file()  # saved on the way out


def test_the_fix_says_what_the_provider_does_not_allow_at_each_stage() -> None:
    from portdesk.services.profile_catalogue import ProfileCatalogue
    from portdesk.ui.wizard.fix_flow import provider_limits

    bandwidth = ProfileCatalogue.build(None).get("bandwidth")
    rejected = provider_limits(bandwidth, Status.EXCEPTION)
    assert "supplement to the same port" in rejected and "every field may change" in rejected
    assert "Once the FOC is confirmed it lets only requested_date change" in rejected
    assert "Within 1 business day of the FOC, changes go through its porting team" in rejected
    assert provider_limits(bandwidth, Status.CANCEL_PENDING).endswith("takes no changes to an order that is "
                                                                      "cancel pending.")


def test_the_demo_bills_show_amber_and_red_fields_where_the_orders_were_typed_differently() -> None:
    from portdesk.app import pdf_adapters

    now = dt.datetime.now(dt.UTC)
    marks = {}
    for spec in ORDERS[:5]:  # Brightline, Hartwell, Cedar Ridge, Mesa Verde, Northgate
        check = pdf_adapters.check_bill_bytes(build_bill(spec, now, "labels"), build_order(spec, now), now.date())
        marks[spec.name] = sorted((f.field, f.status) for f in check.fields if f.status != "exact")
    assert marks == {
        "Brightline Dental - Aurora": [("account.number", "missing")],  # red
        "Hartwell & Pike LLP - Chicago": [],
        "Cedar Ridge Veterinary Clinic": [("account.name", "near")],  # amber
        "Mesa Verde Property Management": [],
        "Northgate Auto Body": [("account.service_address.line1", "near")],
    }


class _Planted:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, ("touch planted",))


class _Reach:
    def __reduce__(self) -> tuple[Any, tuple[Any, str]]:
        from portdesk.sandbox.lifecycle import Port

        return (getattr, (Port, "__init__"))


class _Serve:
    def __reduce__(self) -> tuple[Any, tuple[()]]:
        from portdesk.sandbox.server import serve

        return (serve, ())


def test_a_tampered_sandbox_state_file_is_refused_without_running_anything(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from portdesk.sandbox.snapshot import StateError

    monkeypatch.chdir(tmp_path)
    state = tmp_path / "state.bin"
    state.write_bytes(pickle.dumps({"format": 1, "now": dt.datetime.now(dt.UTC), "ports": _Planted()}))
    with pytest.raises(StateError, match=r"(posix|os)\.system"):
        load_state(state)
    assert not (tmp_path / "planted").exists()
    state.write_bytes(pickle.dumps({"format": 1, "now": dt.datetime.now(dt.UTC), "ports": _Reach()}))
    with pytest.raises(StateError, match=r"builtins\.getattr"):  # the first step of reaching a module's globals
        load_state(state)
    state.write_bytes(pickle.dumps({"format": 1, "now": dt.datetime.now(dt.UTC), "ports": _Serve()}))
    with pytest.raises(StateError, match=r"portdesk\.sandbox\.server\.serve"):  # a function of the sandbox
        load_state(state)
