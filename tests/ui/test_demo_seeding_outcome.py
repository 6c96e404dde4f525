"""The demo's seeding runs only the sync cycles that can see a carrier move, and what it seeds is the
same as with a cycle at every step's follow-ups and at every TICK over the month (the schedule it
replaced): statuses, FOC dates, numbers, carrier ids, rejections, comments and the history, with
the same times, and the same ports left in the sandbox for the demo's sandbox process."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from portdesk.app.gui import _seeding_sandbox, open_connections, open_store, open_sync
from portdesk.demo.orders import ORDERS, SANDBOX_STATE, seed_demo
from portdesk.demo.sandbox import SEED_SPAN, TICK
from portdesk.sandbox.snapshot import load_state
from portdesk.services.queue import QueueService

# one `now` for both seedings; today's, as the app's (the Telnyx adapter's cancel rule reads the wall clock)
NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


def _seed(home: Path, monkeypatch: pytest.MonkeyPatch, *, every_cycle: bool) -> tuple[dict[str, Any], int]:
    """The seeded outcome, and how many sync cycles the seeding ran."""
    home.mkdir()
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    store, _ = open_store(None)
    carriers = _seeding_sandbox(home, store)
    carriers.every_cycle = every_cycle
    cycles = 0
    sync_for = carriers._sync_for

    def counting_sync(connections: Any, clock: Any) -> Any:
        sync = sync_for(connections, clock)
        run_cycle = sync.run_cycle

        def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal cycles
            cycles += 1
            return run_cycle(*args, **kwargs)

        sync.run_cycle = counted  # type: ignore[method-assign]
        return sync

    carriers._sync_for = counting_sync
    try:
        ids = seed_demo(store, NOW, carriers=carriers)
        outcome = _outcome(store, ids)
        outcome["sandbox"] = _sandbox_ports(home / SANDBOX_STATE)
    finally:
        store.engine.dispose()
    names = {pid: f"<{name} #{i}>" for name, order in outcome.items() if name != "sandbox"
             for i, pid in enumerate(order["carrier_ids"])}
    return _named(outcome, names), cycles


def _named(value: Any, names: dict[str, str]) -> Any:
    """Carrier ids (some carriers' are random) as the order and part they belong to."""
    if isinstance(value, str):
        for carrier_id, name in names.items():
            value = value.replace(carrier_id, name)
        return value
    if isinstance(value, dict):
        return {_named(k, names): _named(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_named(v, names) for v in value]
    return value


def _outcome(store: Any, ids: list[int]) -> dict[str, Any]:
    queue = QueueService(store)
    sync = open_sync(store, open_connections(store))
    orders: dict[str, Any] = {}
    for spec, order_id in zip(ORDERS, ids, strict=True):
        detail = queue.detail(order_id)
        sub = sync.submission(order_id)
        orders[spec.name] = {
            "status": detail.status.value,
            "foc": detail.foc_date,
            "numbers": [(n.e164, n.status) for n in detail.numbers],
            "comments": [(c.at, c.author, c.text) for c in detail.comments],
            "history": [(h.at, h.author, h.kind, h.text) for h in detail.history],
            "connection": sub.connection if sub else None,
            "carrier_ids": [p.id for p in sub.carrier_orders] if sub else [],
            "rejections": [{k: v for k, v in r.items() if k != "at"} for r in sub.rejections] if sub else [],
            "rejected_at": [r.get("at") for r in sub.rejections] if sub else [],
        }
    return orders


def _sandbox_ports(path: Path) -> dict[str, Any]:
    """The ports the demo's sandbox process carries on from: their states, numbers and transitions."""
    ports = load_state(path)["ports"]
    return {pid: (p.state, p.foc, dict(p.number_status), [(t.at, t.state, t.note) for t in p.history],
                  [repr(f) for f in p.failures])
            for pid, p in ports.items()}


@pytest.mark.slow
def test_the_demo_seeds_the_same_orders_with_only_the_cycles_that_see_a_carrier_move(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.environ.pop("PORTDESK_DATABASE_URL", None)
    every, every_cycles = _seed(tmp_path / "every", monkeypatch, every_cycle=True)
    lean, lean_cycles = _seed(tmp_path / "lean", monkeypatch, every_cycle=False)

    assert lean == every
    assert every_cycles >= SEED_SPAN / TICK  # the old schedule: a cycle every TICK at least
    assert lean_cycles < every_cycles
    statuses = {name: order["status"] for name, order in lean.items() if name != "sandbox"}
    assert statuses == {spec.name: spec.status.value for spec in ORDERS}  # what each tab shows
