"""The sandbox over HTTP: stdlib `ThreadingHTTPServer`, one prefix per dialect, one log line per request.

Why the standard library: the sandbox must add nothing to the desktop app's dependencies or start-up
(only `portdesk sandbox` and the demo import it), and its load — one coordinator, a test suite, a
1,000-order benchmark — is well within a threaded stdlib server with HTTP/1.1 keep-alive. Every request
first runs whatever the simulated clock has made due, then the dialect answers, all under one lock:
the world is small and serial access keeps each port's history in order.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from collections.abc import Callable
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any, Protocol
from urllib.parse import parse_qs, urlsplit

from portdesk.sandbox.clock import Scheduler, SimClock
from portdesk.sandbox.faults import SERVER_ERROR, THROTTLE, TIMEOUT, TRUNCATE, Faults
from portdesk.sandbox.lifecycle import Lifecycle, Timing
from portdesk.sandbox.wire import Request, Response
from portdesk.sandbox.world import World, bundled_world

MAX_BODY = 10_000_000  # the largest upload any of the three providers takes is 8 MB (KAZOO)


class Dialect(Protocol):
    prefix: str

    def handle(self, req: Request) -> Response: ...

    def server_error(self) -> Response: ...

    def throttled(self, retry_after: int) -> Response: ...


class RateLimit:
    """A token bucket per client and dialect: `burst` requests at once, refilled at `rate` a second."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: tuple[str, str]) -> int:
        """0 when the request may go, else the seconds to wait (for Retry-After)."""
        if self.rate <= 0:
            return 0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return max(1, int((1 - tokens) / self.rate + 0.999))
            self._buckets[key] = (tokens - 1, now)
            return 0


class Sandbox:
    """The whole sandbox in one object: clock, world, ports and the three dialects."""

    def __init__(self, world: World | None = None, speed: float = 1.0, faults: Faults | None = None,
                 rate_limit: float = 200.0, burst: int = 400, start: dt.datetime | None = None,
                 timing: Timing | None = None) -> None:
        from portdesk.sandbox.bandwidth import BandwidthDialect
        from portdesk.sandbox.kazoo import KazooDialect
        from portdesk.sandbox.telnyx import TelnyxDialect

        self.clock = SimClock(speed, start)
        self.scheduler = Scheduler(self.clock)
        self.world = world or bundled_world()
        self.life = Lifecycle(self.world, self.scheduler, timing)
        self.faults = faults or Faults()
        self.limit = RateLimit(rate_limit, burst)
        self.lock = self.life.lock
        self.dialects: list[Dialect] = [TelnyxDialect(self.life), BandwidthDialect(self.life),
                                        KazooDialect(self.life)]

    def dialect_for(self, path: str) -> tuple[Dialect, str] | None:
        for dialect in self.dialects:
            if path == dialect.prefix or path.startswith(dialect.prefix + "/"):
                return dialect, path[len(dialect.prefix):] or "/"
        return None

    def handle(self, dialect: Dialect, req: Request) -> Response:
        with self.lock:
            self.scheduler.run_due()
            return dialect.handle(req)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse one connection for many calls
    # Small answers must not wait for the client's delayed ACK (40 ms each under Nagle).
    disable_nagle_algorithm = True
    server: SandboxServer
    server_version = "PortDeskSandbox/1"

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = do_GET

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # any other method (QUERY, PROPFIND…) gets the dialect's 404/405
            return self._serve
        raise AttributeError(name)

    def _read_body(self) -> bytes | None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            total = 0
            while True:
                size = int((self.rfile.readline(100).split(b";")[0].strip() or b"0"), 16)
                if size == 0:
                    self.rfile.readline(100)
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    return None
                chunks.append(self.rfile.read(size))
                self.rfile.readline(100)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self) -> None:
        started = time.perf_counter()
        sandbox = self.server.sandbox
        parts = urlsplit(self.path)
        found = sandbox.dialect_for(parts.path)
        try:
            body = self._read_body()
        except ValueError:
            body = None
        if body is None:
            self.close_connection = True
            self._send(Response(413, b'{"error": "request body too large or unreadable"}'), started)
            return
        if found is None:
            self._send(Response(404, b'{"error": "no such API here: the sandbox serves /telnyx/v2, '
                                b'/bandwidth/api and /kazoo/v2"}'), started)
            return
        dialect, path = found
        req = Request(self.command, path, parse_qs(parts.query, keep_blank_values=True), self.headers, body,
                      self.client_address[0])
        fault = sandbox.faults.draw()
        wait = sandbox.limit.take((dialect.prefix, req.header("Authorization") or req.header("X-Auth-Token") or req.client))
        if fault == THROTTLE or wait:
            self._send(dialect.throttled(wait or 1), started)
            return
        if fault == SERVER_ERROR:
            self._send(dialect.server_error(), started)
            return
        try:
            answer = sandbox.handle(dialect, req)
        except Exception as exc:  # a sandbox bug must read as a carrier's 500, not kill the connection
            self.server.log(f"internal error on {self.command} {parts.path[:80]}: {exc!r}")
            answer = dialect.server_error()
        if fault == TIMEOUT:
            time.sleep(sandbox.faults.timeout_seconds)  # the work is done; the answer never comes
            self.close_connection = True
            self._log_line(0, started, "timeout")
            return
        self._send(answer, started, truncate=fault == TRUNCATE)

    def _send(self, answer: Response, started: float, truncate: bool = False) -> None:
        body = answer.body if self.command != "HEAD" else b""
        self.send_response(answer.status)
        if answer.content_type and answer.body:
            self.send_header("Content-Type", answer.content_type)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        buffer: list[bytes] = self._headers_buffer  # type: ignore[attr-defined]  # filled by send_header
        buffer.append(b"\r\n")  # end_headers, then the body in the same write
        buffer.append(body[: len(body) // 2] if truncate else body)
        # The line first: a client that stops the sandbox as soon as it has its answer must find it logged.
        self._log_line(answer.status, started, "truncated" if truncate else "")
        self.flush_headers()

    def _log_line(self, status: int, started: float, note: str) -> None:
        ms = (time.perf_counter() - started) * 1000
        path = urlsplit(self.path).path[:120]
        self.server.log(f"{self.client_address[0]} {self.command} {path} {status or '-'} {ms:.1f}ms"
                        + (f" {note}" if note else ""))

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header in the sandbox's simulated time: a provider's Date is its own clock, the one
        its event times and `updated_at` are in (a client may take a first event-log mark from it)."""
        if timestamp is None:
            return format_datetime(self.server.sandbox.clock.now().astimezone(dt.UTC), usegmt=True)
        return super().date_time_string(timestamp)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request is written by _log_line, not the stdlib's two


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0,
                 log: IO[str] | None = sys.stderr) -> None:
        self.sandbox = sandbox
        self._log_stream = log
        self._log_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}"

    def log(self, line: str) -> None:
        if self._log_stream is None:
            return
        with self._log_lock:
            try:
                self._log_stream.write(line + "\n")
                self._log_stream.flush()
            except (OSError, ValueError):
                pass

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, the demo); `shutdown()` stops it."""
        thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="portdesk-sandbox", daemon=True)
        thread.start()
        return thread


def serve(sandbox: Sandbox, host: str, port: int, announce: Callable[[str], None],
          log: IO[str] | None = sys.stderr) -> None:
    """Serve until interrupted; `announce` gets the base URL once the socket is listening."""
    server = SandboxServer(sandbox, host, port, log)
    try:
        announce(server.base_url)
        server.serve_forever()
    finally:
        server.server_close()
