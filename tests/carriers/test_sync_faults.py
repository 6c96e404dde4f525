"""The sandbox's `--faults` against every adapter through `portdesk sync --once --json`.

Each fault kind alone, on every request of a cycle: the cycle ends with the error in words in
`errors`, exit 1, no traceback, and the order keeps its last good state; once the carrier is well
again the next cycle lands what changed. Then all kinds at random over a whole port: one order at
the carrier, completed, however the answers were lost on the way.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from portdesk.carriers import open_gateway
from portdesk.sandbox.faults import KINDS, Faults
from portdesk.sandbox.server import Sandbox, SandboxServer
from portdesk.sandbox.world import parse_world
from portdesk.services.connections import new_connection
from portdesk.services.gateway import TransientCarrierError
from tests.carriers.sandbox_desk import NAME_ON_RECORD, PROVIDERS, SECRET, SandboxDesk, open_desk, world_data

WORDS = {"error": "HTTP 500", "throttle": "rate-limiting", "timeout": "cut", "truncate": "cut"}


def no_traceback(desk: SandboxDesk) -> None:
    assert not any("Traceback" in text for text in desk.outputs)


@pytest.mark.parametrize("kind", KINDS)
def test_each_fault_is_an_error_in_words_and_the_order_keeps_its_last_good_state(sdesk: SandboxDesk,
                                                                                  kind: str) -> None:
    desk = sdesk
    order_id = desk.port_order()
    desk.submit_now(order_id)
    assert desk.sync()[0] == 0
    before = desk.show(order_id)
    desk.advance(hours=6)  # the exception is waiting at the carrier…
    desk.box.faults = Faults(1.0, seed=3, timeout_seconds=0.2, kinds=(kind,))  # …behind a failing link
    for _ in range(2):
        code, report = desk.sync()
        assert code == 1 and report["updated"] == 0, report
        (error,) = report["errors"]
        assert error["connection"] == desk.provider.connection and error["error"], report
        assert WORDS[kind] in error["error"] and "\n" not in error["error"] and len(error["error"]) <= 300
        assert "<" not in error["error"] and "{" not in error["error"], error  # words, not the raw answer
    after = desk.show(order_id)
    assert (after["status"], after["version"], after["rejections"]) == (before["status"], before["version"], [])
    no_traceback(desk)

    desk.box.faults = Faults()
    code, report = desk.sync()
    assert (code, report["updated"], report["errors"]) == (0, 1, []), report
    assert desk.show(order_id)["status"] == "exception" and desk.ports_made() == 1


def test_a_whole_port_through_random_faults_ends_completed_with_one_order_at_the_carrier(sdesk: SandboxDesk) -> None:
    desk = sdesk
    order_id = desk.port_order(account={**desk.port_order_account(), "name": NAME_ON_RECORD})
    desk.submit_now(order_id)
    desk.box.faults = Faults(0.3, seed=11, timeout_seconds=0.2)
    failed = 0
    for _ in range(40):
        code, report = desk.sync()
        failed += code
        assert all(e["error"] and "\n" not in e["error"] for e in report["errors"]), report
        if desk.show(order_id)["status"] == "completed":
            break
        desk.advance(hours=3)
        if desk.show(order_id)["status"] == "foc_confirmed":
            desk.to_foc(order_id)
    shown = desk.show(order_id)
    assert shown["status"] == "completed", shown["history"][-5:]
    assert {n["status"] for n in shown["number_statuses"]} == {"ported"}
    assert failed > 0  # the faults did bite
    assert desk.ports_made() == 1
    no_traceback(desk)


@pytest.mark.parametrize("profile", sorted(PROVIDERS))
def test_an_answer_held_past_the_clients_timeout_is_a_transient_error_in_words(profile: str) -> None:
    box = Sandbox(parse_world(world_data()), rate_limit=0, faults=Faults(1.0, timeout_seconds=1.5, kinds=("timeout",)))
    server = SandboxServer(box, "127.0.0.1", 0, log=None)
    server.start()
    provider = PROVIDERS[profile]
    account = dict(zip(provider.extra[::2], provider.extra[1::2], strict=True))
    connection = new_connection("c", profile, server.base_url + provider.url_path, account=account.get("--account"),
                                user=account.get("--user"))
    gateway = open_gateway(connection, SECRET, timeout=0.3)
    started = time.monotonic()
    try:
        with pytest.raises(TransientCarrierError, match="did not answer in time"):
            gateway.find("portdesk-1-abc", ["+13035550100"])
    finally:
        gateway.close()
        server.shutdown()
        server.server_close()
    assert time.monotonic() - started < 1.4  # the client gave up; it did not wait for the carrier


def test_a_refused_key_is_an_auth_error_in_words_and_the_order_waits_for_a_good_one(sdesk: SandboxDesk) -> None:
    desk, provider = sdesk, sdesk.provider
    url = desk.base + provider.url_path
    desk.connect("other", provider.profile, url, "not-the-key", *provider.extra)
    order_id = desk.port_order()
    desk.submit_now(order_id, "other")
    code, report = desk.json("sync", "--once", "--connection", "other")
    assert code == 1 and report["sent"] == 0, report
    (error,) = report["errors"]
    assert error["connection"] == "other" and "the key was refused" in error["error"], error
    assert desk.show(order_id)["status"] == "queued" and desk.ports_made() == 0
    assert desk.run("carriers", "remove", "other")[0] == 0
    desk.connect("other", provider.profile, url, SECRET, *provider.extra)
    code, report = desk.json("sync", "--once", "--connection", "other")
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    assert desk.ports_made() == 1
    no_traceback(desk)


def test_an_unreachable_connection_does_not_hold_up_the_others(tmp_path, capsys, monkeypatch, file_keyring) -> None:
    desk = open_desk(tmp_path, capsys, monkeypatch, "telnyx")
    try:
        closed = socket.create_server(("127.0.0.1", 0))  # a port that refuses once closed
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
        closed.close()
        desk.connect("bw", "bandwidth", dead + "/bandwidth/api", SECRET, *PROVIDERS["bandwidth"].extra)
        sent = desk.port_order("telnyx")
        stuck = desk.port_order("bandwidth")
        desk.submit_now(sent)
        desk.submit_now(stuck)
        code, report = desk.sync()
        assert code == 1 and report["sent"] == 1, report
        (error,) = report["errors"]
        assert error["connection"] == "bw" and "cannot reach Bandwidth" in error["error"], error
        assert desk.show(sent)["status"] == "submitted" and desk.show(stuck)["status"] == "queued"
    finally:
        desk.close()


def test_portdesk_sandbox_with_faults_and_speed_takes_a_port_to_completion_through_sync(
        tmp_path, capsys, monkeypatch, file_keyring) -> None:
    """The command as a coordinator runs it: `portdesk sandbox --faults 0.15 --speed …` in its own process."""
    world = tmp_path / "world.json"
    world.write_text(json.dumps(world_data()))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-m", "portdesk", "sandbox", "--port", "0", "--world", str(world),
                             "--speed", "2000000", "--faults", "0.15", "--fault-seed", "5", "--fault-delay", "0.2",
                             "--rate-limit", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        desk = SandboxDesk(tmp_path, capsys, monkeypatch)
        desk.provider = PROVIDERS["telnyx"]
        desk.provider.connect(desk, base)
        order_id = desk.port_order(account={**desk.port_order_account(), "name": NAME_ON_RECORD})
        desk.submit_now(order_id)
        failures = 0
        for _ in range(40):
            code, report = desk.sync()
            failures += code
            assert all(e["error"] and "\n" not in e["error"] for e in report["errors"]), report
            if desk.show(order_id)["status"] == "completed":
                break
            time.sleep(0.1)  # a simulated day passes in 43 ms
        shown = desk.show(order_id)
        assert shown["status"] == "completed" and {n["status"] for n in shown["number_statuses"]} == {"ported"}
        assert failures > 0 and not any("Traceback" in text for text in desk.outputs)
        key = shown["submission"]["key"]
        for _ in range(20):  # the sandbox itself may answer with a fault: ask until it answers
            answer = httpx.get(f"{base}/telnyx/v2/porting_orders", params={"filter[customer_reference]": key},
                               headers={"Authorization": f"Bearer {SECRET}"}, timeout=2)
            if answer.status_code == 200 and answer.headers.get("content-type", "").startswith("application/json"):
                with contextlib.suppress(ValueError):
                    assert len(answer.json()["data"]) == 1  # one order at the carrier, whatever was lost
                    break
        else:
            raise AssertionError("the sandbox never answered the search")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
