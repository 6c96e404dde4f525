"""Drive PortDesk's Telnyx adapter against Stoplight Prism serving Telnyx's published OpenAPI with --errors.

Prism answers 422, naming the violation in an `sl-violations` header, to any request that breaks the
spec; a run with no 422 means every request PortDesk sent — create, fill (PATCH), document upload and
link, confirm, supplement (PATCH, confirm again), comment, cancel, and the reads in between — is one
the spec accepts. A development check run by hand, not part of the test suite; the spec is passed on
the command line (PortDesk never reads it).

Run: ``python -m benchmarks.check_prism_telnyx SPEC.json --prism /tmp/prism/node_modules/.bin/prism``
(install Prism with ``npm install --prefix /tmp/prism @stoplight/prism-cli``); exit 1 when any 422.
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from portdesk.carriers import open_gateway
from portdesk.domain.order import PortOrder
from portdesk.services.connections import Connection, new_connection
from portdesk.services.gateway import CarrierGateway
from portdesk.services.ports import NewDocument
from portdesk.services.queue import QueueService
from portdesk.services.sync import SyncService
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore
from portdesk.store.repos import SqlQueueStore

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class Recorder(httpx.HTTPTransport):
    """Every request PortDesk sends and Prism's verdict on it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str, int, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.seen.append((request.method, request.url.path, response.status_code,
                          response.headers.get("sl-violations", "")))
        return response


class OneConnection:
    def __init__(self, connection: Connection, recorder: Recorder) -> None:
        self.connection, self.recorder = connection, recorder

    def connections(self) -> list[Connection]:
        return [self.connection]

    def open(self, name: str) -> CarrierGateway:
        return open_gateway(self.connection, "prism-does-not-check-keys", transport=self.recorder)


def order_data(requested: dt.date) -> dict[str, Any]:
    return {"format": "portdesk.order/1", "name": "Prism check", "profile": "telnyx", "kind": "local",
            "losing_carrier": "Lumen", "port_type": "partial", "new_btn": "+13035550109",
            "account": {"name": "ABC Company Inc", "number": "8812552001", "pin": "4321", "btn": "+13035550100",
                        "authorized_user": "Jane Doe",
                        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                                            "state": "CO", "postal_code": "80202", "country": "US"}},
            "numbers": ["+13035550100", "+13035550101"], "requested_date": requested.isoformat(),
            "requested_time": "09:00", "requested_timezone": "America/Denver"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"prism exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("prism did not start listening in time")


def drive(base: str, recorder: Recorder, folder: Path) -> list[str]:
    """Submit (with bill and LOA), supplement, comment and cancel one order; the steps' outcomes."""
    engine = make_engine(f"sqlite:///{folder / 'queue.sqlite3'}")
    migrate(engine)
    queue = QueueService(SqlQueueStore(engine))
    sync = SyncService(SqlSyncStore(engine), OneConnection(new_connection("prism", "telnyx", base), recorder))
    order = PortOrder.from_dict(order_data(dt.date.today() + dt.timedelta(days=14)))
    (order_id,) = queue.create_orders([order], "prism-check")
    version = queue.detail(order_id).version
    for kind in ("bill", "loa"):
        _, version = queue.attach_document(order_id, NewDocument(kind, f"{kind}.pdf", PDF), version, "prism-check")
    outcomes = []

    def cycle(step: str) -> None:
        report = sync.run_cycle(respect_backoff=False)
        outcomes.append(f"{step}: sent {report.sent}, updated {report.updated}, errors "
                        f"{[e.error for e in report.errors] or 'none'}")

    sync.queue_submission(order_id, "prism", "telnyx", "prism-check")
    cycle("submit")
    detail = queue.detail(order_id)
    changed = PortOrder.from_dict(order_data(dt.date.today() + dt.timedelta(days=21)) | {"name": "Prism check (fixed)"})
    sync.queue_supplement(order_id, changed, detail.version, "prism-check")
    cycle("supplement")
    sync.queue_comment(order_id, "Please confirm the FOC date with the losing carrier.", "prism-check")
    cycle("comment")
    try:
        sync.queue_cancel(order_id, "prism-check")
        cycle("cancel")
    except Exception as exc:  # the order's status (from Prism's example) may not allow a cancel
        outcomes.append(f"cancel: not queued ({exc})")
    # The reads a sync makes besides fetch: a lost create looked up by key, many orders from the
    # list (fetch_many reads the list from 20 ids up), the event log, the credentials test.
    gateway = OneConnection(new_connection("prism", "telnyx", base), recorder).open("prism")
    try:
        key = sync.submission(order_id).key  # type: ignore[union-attr]
        outcomes.append(f"find by key: {len(gateway.find(key))} order(s)")
        many = gateway.fetch_many([str(uuid.UUID(int=i)) for i in range(1, 21)])  # type: ignore[attr-defined]
        outcomes.append(f"fetch_many: {len(many)} of 20 found in the list")
        outcomes.append(f"changed_since: {len(gateway.changed_since(dt.datetime.now(dt.UTC)))} order id(s)")
        outcomes.append(f"test_credentials: {gateway.test_credentials()}")
    finally:
        gateway.close()
    return outcomes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("spec", type=Path, help="Telnyx's OpenAPI file (the porting subset)")
    ap.add_argument("--prism", default="prism", help="the prism executable")
    args = ap.parse_args(argv)
    port = free_port()
    proc = subprocess.Popen([args.prism, "mock", str(args.spec), "-p", str(port), "-h", "127.0.0.1", "--errors"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorder = Recorder()
    try:
        wait_until_listening(port, proc)
        with tempfile.TemporaryDirectory() as tmp:
            outcomes = drive(f"http://127.0.0.1:{port}", recorder, Path(tmp))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    for method, path, status, violations in recorder.seen:
        print(f"{status} {method} {path}" + (f"  sl-violations: {violations[:300]}" if violations else ""))
    for line in outcomes:
        print(line)
    refused = [s for s in recorder.seen if s[2] == 422]
    print(f"{len(recorder.seen)} requests, {len(refused)} answered 422")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
