"""The demo's carriers: the sandbox in its own process, one connection per dialect, and the seeding
that plays each demo order's life at the sandbox.

First run (and after "Reset demo data"): a sandbox in this process, on a simulated clock a month
back, receives the demo orders through the real outbox and sync as the script in orders.ORDERS says
(submit, supplement, cancel), with sync cycles between the steps, until its clock reaches now; its
ports are saved to the demo folder. Every run then starts `portdesk sandbox --state …` as a child
process that carries on from that file at `SPEED` times real time, so the story moves on screen:
the queued order goes out, a name mismatch is rejected about a minute in, an FOC falls due and the
numbers port.

The child ends with the app however the app ends: it holds the read end of a pipe whose write end
only the app has, and stops when it reads end-of-file (the kernel closes the pipe on exit, crash or
kill -9). `stop()` also asks it to go at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from portdesk.demo.orders import COORDINATOR, SANDBOX_STATE, DemoOrder, build_order
from portdesk.services.connections import Connection, ConnectionsService, new_connection
from portdesk.services.sync import SyncService

log = logging.getLogger(__name__)

SPEED = 300.0  # 5 simulated hours (review + the losing carrier's answer) in one real minute
LOG_FILE = "sandbox.log"
START_TIMEOUT = 20.0
SEED_SPAN = dt.timedelta(days=32)  # the simulated month the demo orders lived before today
TICK = dt.timedelta(days=2)  # a sync at least this often while the seeding's clock runs
FOLLOW_UPS = (dt.timedelta(hours=1.5), dt.timedelta(hours=5.5))  # after a step: through review, the answer

# (name, type, path below the sandbox's base URL, account, user): the sandbox's public credential
DEMO_CONNECTIONS: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("demo-kazoo", "kazoo", "/kazoo/v2", None, None),
    ("demo-bandwidth", "bandwidth", "/bandwidth/api", "9900001", "sandbox"),
    ("demo-telnyx", "telnyx", "/telnyx/v2", None, None),
)


DEMO_OPTIONS = {"bandwidth": {"site_id": "1"}}  # a Bandwidth port-in names the sub-account (site) it lands in


def demo_connections(base_url: str) -> list[Connection]:
    made = [new_connection(name, type_, base_url + path, account=account, user=user)
            for name, type_, path, account, user in DEMO_CONNECTIONS]
    return [replace(c, options=c.options | DEMO_OPTIONS.get(c.type, {})) for c in made]


def point_connections_at(connections: ConnectionsService, base_url: str) -> None:
    """The demo's connections, aimed at this run's sandbox (its port changes every run)."""
    existing = {c.name for c in connections.connections()}
    for connection in demo_connections(base_url):
        if connection.name in existing:
            connections.remove(connection.name)
        connections.add_sandbox(connection)


class SandboxProcess:
    """`portdesk sandbox` as a child process, tied to this one (module docstring)."""

    def __init__(self, process: subprocess.Popen[bytes], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    @classmethod
    def start(cls, home: Path, speed: float = SPEED, timeout: float = START_TIMEOUT) -> SandboxProcess:
        command = [sys.executable, "-m", "portdesk", "sandbox", "--port", "0", "--speed", str(speed),
                   "--state", str(home / SANDBOX_STATE), "--exit-with-stdin", "--rate-limit", "0"]
        env = dict(os.environ)
        env.pop("PORTDESK_EXIT_AFTER_FIRST_PAINT", None)
        with open(home / LOG_FILE, "wb") as errors:  # this run's requests only: it never grows across runs
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                       env=env, close_fds=True)
        first: list[bytes] = []
        reader = threading.Thread(target=lambda: first.append(process.stdout.readline() if process.stdout else b""),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        line = first[0].decode("utf-8", "replace").strip() if first else ""
        if not line.startswith("http://"):
            process.kill()
            process.wait(5)
            raise OSError(f"the demo's sandbox did not start (see {home / LOG_FILE})")
        log.info("demo sandbox %s at %s (pid %s)", speed, line, process.pid)
        return cls(process, line)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Close its stdin (it saves its ports and ends); kill it if it does not."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)
        if self.process.stdout is not None:
            self.process.stdout.close()


class SeedingSandbox:
    """demo.CarrierSide: plays the demo orders' lives at an in-process sandbox, then saves its ports."""

    def __init__(self, home: Path, sync_for: Callable[[ConnectionsService, Callable[[], dt.datetime]], SyncService],
                 connections_for: Callable[[], ConnectionsService], version_of: Callable[[int], int]) -> None:
        self._home = home
        self._sync_for = sync_for
        self._connections_for = connections_for
        self._version_of = version_of

    def play(self, orders: dict[DemoOrder, int], now: dt.datetime) -> None:
        from portdesk.sandbox.server import Sandbox, SandboxServer
        from portdesk.sandbox.snapshot import save_state

        sandbox = Sandbox(start=now - SEED_SPAN, speed=1.0, rate_limit=0)
        server = SandboxServer(sandbox, "127.0.0.1", 0, log=None)
        server.start()
        kept: _KeptOpen | None = None
        try:
            connections = self._connections_for()
            point_connections_at(connections, server.base_url)
            kept = _KeptOpen(connections)
            sync = self._sync_for(kept, sandbox.clock.now)  # type: ignore[arg-type]
            _Script(sandbox, sync, orders, now, self._version_of).run()
            save_state(sandbox, self._home / SANDBOX_STATE)
        finally:
            if kept is not None:
                kept.close()
            server.shutdown()
            server.server_close()


class _KeptOpen:
    """The connections with each gateway opened once for the whole seeding (dozens of cycles), not
    once per cycle: the logins and HTTP clients are most of a short cycle's time."""

    def __init__(self, connections: ConnectionsService) -> None:
        self._connections = connections
        self._open: dict[str, Any] = {}

    def connections(self) -> list[Connection]:
        return self._connections.connections()

    def open(self, name: str) -> Any:
        if name not in self._open:
            self._open[name] = self._connections.open(name)
        return _NotClosed(self._open[name])

    def close(self) -> None:
        for gateway in self._open.values():
            gateway.close()


class _NotClosed:
    def __init__(self, gateway: Any) -> None:
        self._gateway = gateway

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gateway, name)

    def close(self) -> None:
        pass  # _KeptOpen closes it once the seeding is done


class _Script:
    """The steps of every order in time order, with sync cycles between them (the carrier's moves)."""

    def __init__(self, sandbox: Any, sync: SyncService, orders: dict[DemoOrder, int], now: dt.datetime,
                 version_of: Callable[[int], int]) -> None:
        self.sandbox, self.sync, self.orders, self.now = sandbox, sync, orders, now
        self.version_of = version_of
        self.connection = {c[1]: c[0] for c in DEMO_CONNECTIONS}

    def _steps(self) -> list[tuple[dt.datetime, str, DemoOrder]]:
        return sorted(((self.now - dt.timedelta(hours=hours), action, spec)
                       for spec in self.orders for action, hours in spec.life if action != "queue"),
                      key=lambda step: step[0])

    def _cycle_times(self, steps: Iterable[tuple[dt.datetime, str, DemoOrder]]) -> list[dt.datetime]:
        times = {when + after for when, _, _ in steps for after in FOLLOW_UPS}
        tick = self.now - SEED_SPAN
        while tick < self.now:
            times.add(tick)
            tick += TICK
        return sorted(t for t in times if t < self.now)

    def _go_to(self, when: dt.datetime) -> None:
        ahead = when - self.sandbox.clock.now()
        if ahead > dt.timedelta(0):
            self.sandbox.clock.advance(ahead)

    def run(self) -> None:
        steps = self._steps()
        cycles = self._cycle_times(steps)
        for when, action, spec in steps:
            while cycles and cycles[0] < when:
                self._go_to(cycles.pop(0))
                self.sync.run_cycle(respect_backoff=False)
            self._go_to(when)
            self._do(action, spec)
            self.sync.run_cycle(respect_backoff=False)
        for when in cycles:
            self._go_to(when)
            self.sync.run_cycle(respect_backoff=False)
        self._go_to(self.now)
        self.sync.run_cycle(respect_backoff=False)
        for spec, order_id in self.orders.items():  # sent by the app's first sync, as after an outage
            if any(action == "queue" for action, _ in spec.life):
                self.sync.queue_submission(order_id, None, spec.profile, COORDINATOR, spec.note)

    def _do(self, action: str, spec: DemoOrder) -> None:
        order_id = self.orders[spec]
        if action == "submit":
            self.sync.queue_submission(order_id, self.connection[spec.profile], spec.profile, COORDINATOR)
        elif action == "supplement":
            version = self.version_of(order_id)
            self.sync.queue_supplement(order_id, build_order(spec, self.now, fixed=True), version, COORDINATOR)
        elif action == "cancel":
            self.sync.queue_cancel(order_id, COORDINATOR)
        elif action == "close":
            from portdesk.domain.status import Status

            self.sync.record(order_id, COORDINATOR, status=Status.REJECTED_FINAL, note=spec.note)
        else:
            raise ValueError(f"unknown demo step {action!r}")
