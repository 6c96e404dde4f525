"""A desk driven through the CLI against the in-process sandbox, one provider at a time.

The sandbox runs on an ephemeral 127.0.0.1 port at speed 1 (its clock all but stands still) and the
tests move its simulated time with `advance`, so every step of a port happens exactly when a test
says. Dates are computed from the real day: `orders cancel` and `orders update` judge the cut-off
against the wall clock, so the FOC dates the sandbox gives must be near (or far from) it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from portdesk.demo.bill_story import BillContents
from portdesk.domain.calendar import add_business_days
from portdesk.sandbox.faults import Faults
from portdesk.sandbox.kazoo import ACCOUNT_ID as KAZOO_ACCOUNT
from portdesk.sandbox.server import Sandbox, SandboxServer
from portdesk.sandbox.world import parse_world
from tests.cli.test_lint_cmd import make_case
from tests.services.sync_support import Desk

SECRET = "sandbox"  # the one credential the sandbox takes (cli.md)
BANDWIDTH_ACCOUNT = "9900001"
# The name the losing carrier holds: the order's (and the bill's) "ABC Company, Inc." is refused
# as a name mismatch by an exact carrier, and this spelling fixes it.
NAME_ON_RECORD = "ABC Company Incorporated"
ACME_NUMBERS = ["+13035550100", "+13035550101", "+13035550102", "+13035550117"]
SOON_NUMBERS = ["+13125550400", "+13125550401"]  # a carrier that needs no lead time (an FOC right away)
AT_T_NUMBER = "+13125550500"


def world_data() -> dict[str, Any]:
    acme = {"name": NAME_ON_RECORD, "number": "8812-5520-01", "pin": "4321", "btn": "+13035550100",
            "authorized_user": "Jane Doe",
            "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                                "state": "CO", "postal_code": "80202", "country": "US"}}
    soon = {**acme, "name": "ABC Company, Inc.", "btn": SOON_NUMBERS[0]}
    return {"accounts": [
        {"losing_carrier": "Lumen", "strictness": "exact", "account": acme, "numbers": ACME_NUMBERS},
        {"losing_carrier": "Lumen", "strictness": "exact", "account": soon, "numbers": SOON_NUMBERS,
         "min_interval_days": 0},
        # the same customer's line at another carrier: Telnyx splits an order holding both
        {"losing_carrier": "AT&T", "strictness": "exact", "account": {**acme, "btn": None}, "numbers": [AT_T_NUMBER]},
    ]}


@dataclass(frozen=True)
class Provider:
    profile: str
    connection: str
    url_path: str
    extra: tuple[str, ...] = ()

    def connect(self, desk: Desk, base: str, secret: str = SECRET) -> None:
        desk.connect(self.connection, self.profile, f"{base}{self.url_path}", secret, *self.extra)


PROVIDERS = {
    "kazoo": Provider("kazoo", "kz", "/kazoo/v2", ("--account", KAZOO_ACCOUNT)),
    "bandwidth": Provider("bandwidth", "bw", "/bandwidth/api", ("--account", BANDWIDTH_ACCOUNT, "--user", SECRET)),
    "telnyx": Provider("telnyx", "tx", "/telnyx/v2"),
}


def real_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class SandboxDesk(Desk):
    """The CLI desk plus the sandbox it talks to and the provider under test."""

    box: Sandbox
    server: SandboxServer
    provider: Provider

    @property
    def base(self) -> str:
        return self.server.base_url

    def advance(self, hours: float = 0, days: float = 0) -> None:
        """Move the sandbox's simulated time on (what falls due runs at the next request)."""
        self.box.clock.advance(dt.timedelta(hours=hours, days=days))

    def to_foc(self, order_id: int, minutes_after: int = 30) -> None:
        """Move the sandbox's clock just past the order's FOC (when its numbers port)."""
        port = self.port(order_id)
        assert port.foc is not None
        gap = port.foc - self.box.clock.now() + dt.timedelta(minutes=minutes_after)
        self.box.clock.advance(max(gap, dt.timedelta(0)))

    def port_order(self, profile: str | None = None, *, requested: dt.date | None = None,
                   numbers: list[str] | None = None, **changes: Any) -> int:
        """Import an order of the ACME account whose bill and LOA are fresh on the real day."""
        today = real_today()
        folder = self.tmp / f"case{len(self.outputs)}"
        folder.mkdir()
        bill = BillContents(statement_date=today - dt.timedelta(days=10), due_date=today + dt.timedelta(days=15),
                            service_period=(today - dt.timedelta(days=40), today - dt.timedelta(days=11)),
                            previous_statement_date=today - dt.timedelta(days=40))
        order = {"profile": profile or self.provider.profile,
                 "requested_date": (requested or add_business_days(today, 8)).isoformat(),
                 "documents": {"bill": {"path": "bill.pdf", "date": bill.statement_date.isoformat()},
                               "loa": {"path": "loa.pdf", "signed_on": (today - dt.timedelta(days=2)).isoformat(),
                                       "signed_by": "Jane Doe"}}}
        if numbers is not None:
            order["numbers"] = numbers
            if SOON_NUMBERS[0] in numbers:
                order.update(port_type="full", new_btn=None)
                changes.setdefault("account", {**_acme_account(), "btn": SOON_NUMBERS[0]})
        order.update(changes)
        path = make_case(folder, bill, **order)
        code, data = self.json("orders", "import", str(path))
        assert code == 0, data
        return int(data["ids"][0])

    @staticmethod
    def port_order_account() -> dict[str, Any]:
        """The account as the order (and the bill) spell it."""
        return _acme_account()

    def submit_now(self, order_id: int, connection: str | None = None) -> dict[str, Any]:
        via = ("--connection", connection) if connection else ()
        code, data = self.json("orders", "submit", str(order_id), "--today", real_today().isoformat(), *via)
        assert code == 0 and data["status"] == "queued", data
        return data  # type: ignore[no-any-return]

    def carrier_ids(self, order_id: int) -> list[str]:
        return [p["id"] for p in self.show(order_id)["submission"]["carrier_orders"]]

    def port(self, order_id: int) -> Any:
        """The sandbox's port behind the order (the first part of a split one)."""
        ids = self.carrier_ids(order_id)
        assert ids, "the order has not reached the carrier"
        return self.box.life.ports[ids[0]]

    def documents_at_carrier(self, order_id: int) -> int:
        """How many of the order's documents the carrier holds (linked, for Telnyx)."""
        cid = self.carrier_ids(order_id)[0]
        telnyx, bandwidth, kazoo = self.box.dialects
        if self.provider.profile == "telnyx":
            return sum(1 for v in telnyx.orders[cid].body.get("documents", {}).values() if v)  # type: ignore[attr-defined]
        if self.provider.profile == "bandwidth":
            return len(bandwidth.orders[cid].files)  # type: ignore[attr-defined]
        return len(kazoo.requests[cid].uploads)  # type: ignore[attr-defined]

    def ports_made(self) -> int:
        """How many orders the carrier holds for this provider (whatever the order's answers said)."""
        return sum(1 for p in self.box.life.ports.values() if p.dialect == self.provider.profile)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _acme_account() -> dict[str, Any]:
    return json.loads(json.dumps(world_data()["accounts"][0]["account"] | {"name": "ABC Company, Inc."}))


def open_desk(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, profile: str,
              *, faults: Faults | None = None, start: dt.datetime | None = None,
              connect: bool = True) -> SandboxDesk:
    """A sandbox (simulated time two days behind the wall clock, so an FOC "today" is still ahead of
    it) and a desk with one connection to the provider's dialect."""
    desk = SandboxDesk(tmp_path, capsys, monkeypatch)
    desk.provider = PROVIDERS[profile]
    start = start or dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    desk.box = Sandbox(parse_world(world_data()), speed=1.0, faults=faults, rate_limit=0, start=start)
    desk.server = SandboxServer(desk.box, "127.0.0.1", 0, log=None)
    desk.server.start()
    if connect:
        desk.provider.connect(desk, desk.base)
    return desk
