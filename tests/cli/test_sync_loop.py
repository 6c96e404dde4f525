"""`portdesk sync` without --once: one cycle per interval until interrupted, then a quiet, clean exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.foreground import as_foreground_job, signal_state
from tests.sandbox.conftest import base, sandbox, world  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


def _start(desk: SandboxDesk, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PORTDESK_HOME": str(tmp_path / "home")}
    return subprocess.Popen([sys.executable, "-m", "portdesk", "sync", "--db", desk.db, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=as_foreground_job)


def _cycles_seen(proc: subprocess.Popen[str], count: int, timeout: float = 30.0) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while sum(line.startswith("sync: ") for line in lines) < count and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    return lines


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("interrupt_while", ["waiting", "cycling"])
def test_sync_keeps_cycling_until_interrupted_and_exits_0_like_the_sandbox(
        interrupt_while, how, tmp_path, capsys, monkeypatch, base, file_keyring) -> None:  # noqa: F811
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, "telnyx")
    for _ in range(3):
        desk.submitted_order()
    interval = "30" if interrupt_while == "waiting" else "0.01"
    proc = _start(desk, tmp_path, "--interval", interval)
    try:
        lines = _cycles_seen(proc, 1 if interrupt_while == "waiting" else 3)
        assert sum(line.startswith("sync: ") for line in lines) >= 1, lines
        state = signal_state(proc.pid)
        proc.send_signal(how)  # Ctrl+C, or a service manager stopping it
        try:
            out, err = proc.communicate(timeout=60)  # a bound for a loaded machine; a quiet one stops at once
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 60 s after {how.name}; its signals then: {state}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err  # the way the loop ends (cli.md: "until interrupted"), not a failure
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "sync: 3 sent" in "".join(lines) + out  # the first cycle sent the three queued orders
