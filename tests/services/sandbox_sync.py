"""A desk connected to the in-process sandbox (real HTTP on 127.0.0.1), with the sync service in hand.

Orders are imported and submitted through the CLI (as a coordinator would); the sync service is
built in-process on the same database so a test can subscribe to its events hub.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from portdesk.app.pdf_adapters import inspect_bytes
from portdesk.cli.carriers_cmd import open_connections
from portdesk.cli.wiring import open_engine, open_queue
from portdesk.services.events import OrderEvent, OrderEvents
from portdesk.services.queue import QueueService
from portdesk.services.sync import SyncService
from portdesk.store.connections import SqlConnectionStore
from portdesk.store.outbox import SqlSyncStore
from tests.services.sync_support import Desk

# name, type, url under the sandbox's base, extra `carriers add` arguments
SANDBOX_CONNECTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "kazoo": ("kz", "/kazoo/v2", ("--account", "0123456789abcdef0123456789abcdef")),
    "bandwidth": ("bw", "/bandwidth/api", ("--account", "9900001", "--user", "sandbox", "--auth", "basic")),
    "telnyx": ("tx", "/telnyx/v2", ()),
}


class SandboxDesk(Desk):
    """A Desk whose connection points at the sandbox, plus the in-process sync and its hub."""

    def __init__(self, desk_args: tuple[Any, Any, Any], base: str, profile: str,
                 clock: Callable[[], dt.datetime] | None = None, sleep: Callable[[float], None] | None = None) -> None:
        super().__init__(*desk_args)
        self.profile = profile
        self.name, path, extra = SANDBOX_CONNECTIONS[profile]
        self.connect(self.name, profile, base + path, "sandbox", *extra)
        if profile == "bandwidth":
            self.set_options(site_id="1")  # Bandwidth wants a SiteId on every create
        self.hub = OrderEvents()
        self.heard: list[OrderEvent] = []
        self.hub.subscribe(self.heard.append)
        self.sleeps: list[float] = []
        kwargs: dict[str, Any] = {"clock": clock} if clock else {}
        self.service = SyncService(SqlSyncStore(open_engine(self.db)), open_connections(self.db), events=self.hub,
                                   sleep=sleep or self.sleeps.append, inspect_document=inspect_bytes, **kwargs)

    def set_options(self, **options: Any) -> None:
        store = SqlConnectionStore(open_engine(self.db))
        connection = store.get_connection(self.name)
        assert connection is not None
        store.remove_connection(self.name)
        store.add_connection(replace(connection, options={**connection.options, **options}))

    @property
    def queue(self) -> QueueService:
        return open_queue(self.db)

    def submitted_order(self, **changes: Any) -> int:
        """The bundled case as a full port of the sandbox world's ACME account (it completes as sent)."""
        order_id = self.order(self.profile, **({"port_type": "full", "new_btn": None} | changes))
        code, data = self.submit(order_id)
        assert code == 0 and data["status"] == "queued", data
        return order_id

    def cycle_until(self, order_id: int, done: Callable[[dict[str, Any]], bool], cycles: int = 40) -> dict[str, Any]:
        """Run cycles (the sandbox's clock runs fast) until the shown order satisfies `done`."""
        shown = self.show(order_id)
        for _ in range(cycles):
            if done(shown):
                break
            self.service.run_cycle(respect_backoff=False)
            shown = self.show(order_id)
        return shown
