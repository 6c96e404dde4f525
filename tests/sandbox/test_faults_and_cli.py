"""`--faults` noise, and `portdesk sandbox` as a process: URL first, one log line per request, quiet exit."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from portdesk.sandbox.faults import Faults
from portdesk.sandbox.server import Sandbox, SandboxServer
from portdesk.sandbox.world import World
from tests.foreground import as_foreground_job
from tests.sandbox.conftest import faulty, world_data

KEY = {"Authorization": "Bearer sandbox"}


def test_the_same_seed_draws_the_same_faults() -> None:
    first, second, other = Faults(0.5, seed=3), Faults(0.5, seed=3), Faults(0.5, seed=4)
    drawn = [first.draw() for _ in range(50)]
    assert drawn == [second.draw() for _ in range(50)]
    assert drawn != [other.draw() for _ in range(50)]
    assert None in drawn and len(set(drawn)) > 2


def test_faults_give_500s_429s_with_retry_after_timeouts_and_cut_bodies(world: World) -> None:
    _box, server = faulty(world, rate=0.6, seed=11, delay=0.3)
    seen: Counter[str] = Counter()
    try:
        with httpx.Client(base_url=f"{server.base_url}/telnyx/v2", headers=KEY, timeout=0.2) as client:
            for _ in range(60):
                try:
                    r = client.get("/porting_orders")
                except httpx.ReadTimeout:
                    seen["timeout"] += 1
                    continue
                except (httpx.RemoteProtocolError, httpx.ReadError):
                    seen["cut"] += 1
                    continue
                seen[str(r.status_code)] += 1
                if r.status_code == 429:
                    assert int(r.headers["Retry-After"]) >= 1
                if r.status_code == 500:
                    assert r.json()["errors"]
    finally:
        server.shutdown()
        server.server_close()
    assert {"200", "500", "429", "timeout", "cut"} <= set(seen), seen


def test_a_create_whose_answer_times_out_still_exists_at_the_carrier(world: World) -> None:
    box, server = faulty(world, rate=1.0, seed=1, delay=0.3)
    box.faults.kinds = ("timeout",)
    try:
        with contextlib.suppress(httpx.ReadTimeout):
            httpx.post(f"{server.base_url}/telnyx/v2/porting_orders", headers=KEY, timeout=0.1,
                       json={"phone_numbers": ["+13035550100"], "customer_reference": "lost-answer"})
        box.faults.rate = 0.0
        found = httpx.get(f"{server.base_url}/telnyx/v2/porting_orders", headers=KEY,
                          params={"filter[customer_reference]": "lost-answer"}).json()
    finally:
        server.shutdown()
        server.server_close()
    assert found["meta"]["total_results"] == 1


def _start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, "-m", "portdesk", "sandbox", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=as_foreground_job)


def test_the_command_prints_its_url_first_logs_each_request_and_stops_quietly(tmp_path: Path) -> None:
    world_file = tmp_path / "world.json"
    world_file.write_text(json.dumps(world_data()))
    proc = _start("--world", str(world_file), "--speed", "1000")
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        r = httpx.post(f"{url}/telnyx/v2/porting_orders", headers=KEY, json={"phone_numbers": ["+13035550100"]})
        assert r.status_code == 201
        httpx.get(f"{url}/kazoo/v2/accounts/x/port_requests")
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)  # a bound for a loaded machine; a quiet one stops at once
    assert proc.returncode == 0
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "POST /telnyx/v2/porting_orders 201" in lines[0] and " 401 " in lines[1]
    assert "Traceback" not in err


class _SlowLog(io.StringIO):
    """A log stream that takes a moment per line, as a busy terminal or a full pipe does."""

    def write(self, text: str) -> int:
        time.sleep(0.3)
        return super().write(text)


def test_a_request_is_logged_before_its_answer_leaves_so_a_stop_right_after_loses_no_line(world: World) -> None:
    # A client that stops the sandbox as soon as it has its answer (the test above, a script, the demo)
    # must find that request's line already written: a line written after the answer was lost on stop.
    log = _SlowLog()
    server = SandboxServer(Sandbox(world, rate_limit=0), "127.0.0.1", 0, log=log)
    server.start()
    try:
        r = httpx.get(f"{server.base_url}/kazoo/v2/accounts/x/port_requests")
        logged = log.getvalue()
    finally:
        server.shutdown()
        server.server_close()
    assert r.status_code == 401
    assert "GET /kazoo/v2/accounts/x/port_requests 401 " in logged, logged


def test_a_bad_world_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "world.json"
    bad.write_text('{"accounts": [{"losing_carrier": "X"}]}')
    proc = _start("--world", str(bad))
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "world.json" in err and "account" in err
