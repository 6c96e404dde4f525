"""A sandbox on an ephemeral 127.0.0.1 port per test, with a small world written for the tests."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from portdesk.sandbox.faults import Faults
from portdesk.sandbox.server import Sandbox, SandboxServer
from portdesk.sandbox.world import World, parse_world

# A Monday morning (UTC) so business-day arithmetic in the tests reads plainly.
START = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)
SPEED = 2_000_000.0  # a simulated hour is 1.8 ms, a day 43 ms

ACME = {"name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": "4321", "btn": "+13035550100",
        "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver", "state": "CO",
                            "postal_code": "80202", "country": "US"}}
ACME_NUMBERS = ["+13035550100", "+13035550101", "+13035550102"]


def world_data() -> dict[str, Any]:
    def other(carrier: str, name: str, btn: str, numbers: list[str], **extra: Any) -> dict[str, Any]:
        return {"losing_carrier": carrier, "strictness": "exact",
                "account": {"name": name, "number": "55-1000", "pin": "1111", "btn": btn, "authorized_user": "Bo Li",
                            "service_address": {"line1": "1 Main St", "city": "Chicago", "state": "IL",
                                                "postal_code": "60601"}},
                "numbers": numbers, **extra}

    return {"accounts": [
        {"losing_carrier": "Lumen", "strictness": "exact", "account": ACME, "numbers": ACME_NUMBERS,
         "features": [], "pending_order": False, "min_interval_days": 3},
        other("AT&T", "Other Co", "+13125550100", ["+13125550100", "+13125550101"]),
        other("Lumen", "Neighbour Co", "+13035550199", ["+13035550199"]),
        other("AT&T", "Hunt Group Co", "+13125550200", ["+13125550200"], features=["hunt_group"]),
        other("AT&T", "Pending Co", "+13125550300", ["+13125550300"], pending_order=True),
        other("Verizon", "Toll Free Co", "+18005550100", ["+18005550100"]),
        other("Frontier", "Fee Co", "+12035550100", ["+12035550100"], port_fee=25.0),
    ]}


@pytest.fixture
def world() -> World:
    return parse_world(world_data())


@pytest.fixture
def sandbox(world: World) -> Iterator[Sandbox]:
    box = Sandbox(world, speed=SPEED, start=START, rate_limit=0)
    server = SandboxServer(box, "127.0.0.1", 0, log=None)
    server.start()
    box.base_url = server.base_url  # type: ignore[attr-defined]
    yield box
    server.shutdown()
    server.server_close()


@pytest.fixture
def base(sandbox: Sandbox) -> str:
    return sandbox.base_url  # type: ignore[attr-defined,no-any-return]


def faulty(world: World, rate: float, seed: int = 7, delay: float = 0.3) -> tuple[Sandbox, SandboxServer]:
    box = Sandbox(world, speed=SPEED, start=START, rate_limit=0, faults=Faults(rate, seed, delay))
    server = SandboxServer(box, "127.0.0.1", 0, log=None)
    server.start()
    return box, server


T = TypeVar("T")


def wait_for(fetch: Callable[[], T], done: Callable[[T], bool], timeout: float = 8.0) -> T:
    """Poll like a client would until `done`; the last value otherwise (the assertion then says why)."""
    deadline = time.monotonic() + timeout
    value = fetch()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.01)
        value = fetch()
    return value
