"""One sync cycle over 1,000 progressing orders against a local Telnyx stand-in, beside a bare httpx loop.

The floor is httpx alone fetching the same 1,000 orders from the same server, one after the other
(what any sync must at least do). PortDesk's cycle adds the outbox check, the mapping, and one
transaction per order. Paired rounds alternate which side goes first; the figure is the median of
the per-round ratios. Target: at most 1.5x. Memory: traced allocations after each of 10 cycles.

Run: ``python -m benchmarks.bench_sync [--orders 1000] [--rounds 5]``; exit 1 when missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

import httpx

from portdesk.carriers import open_gateway
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.connections import Connection, new_connection
from portdesk.services.gateway import CarrierGateway
from portdesk.services.outbox import CarrierPart, Submission
from portdesk.services.sync import SyncService
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore
from tests.carriers.mock_carriers import TELNYX_KEY, serve

TARGET = 1.5


class _One:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def connections(self) -> list[Connection]:
        return [self.connection]

    def open(self, name: str) -> CarrierGateway:
        return open_gateway(self.connection, TELNYX_KEY)


def _seed(store: SqlSyncStore, state, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    now = dt.datetime.now(dt.UTC)
    with store.unit_of_work() as repo:
        for i in range(count):
            number = f"+1303555{i:04d}"
            cid = str(uuid.uuid4())
            state.telnyx[cid] = {"id": cid, "customer_reference": f"portdesk-{i}", "status": {"value": "submitted", "details": []},
                                 "requirements_met": True, "phone_numbers": [{"phone_number": number,
                                                                              "porting_order_status": "submitted"}],
                                 "activation_settings": {"foc_datetime_actual": None}, "documents": {},
                                 "updated_at": "2026-12-01T10:00:00Z"}
            order = PortOrder.from_dict({"format": "portdesk.order/1", "name": f"Order {i}", "profile": "telnyx",
                                         "numbers": [number]})
            oid = repo.orders.add_order(order, Status.SUBMITTED, now)
            repo.save_submission(Submission(oid, "tx", "telnyx", f"portdesk-{oid}-bench", now, now,
                                            carrier_orders=[CarrierPart(cid, "submitted", (number,))]))
            ids.append(cid)
    return ids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    server, state = serve()
    base = f"http://127.0.0.1:{server.server_address[1]}/telnyx/v2"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        migrate(engine)
        store = SqlSyncStore(engine)
        ids = _seed(store, state, args.orders)
        sync = SyncService(store, _One(new_connection("tx", "telnyx", base)))
        sync.run_cycle()  # first cycle: everything is new (events, notes read once)

        def ours() -> float:
            start = time.perf_counter()
            report = sync.run_cycle()
            assert not report.errors, report.errors[:3]
            return time.perf_counter() - start

        def bare() -> float:
            start = time.perf_counter()
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {TELNYX_KEY}"}) as client:
                for cid in ids:
                    client.get(f"/porting_orders/{cid}").json()
            return time.perf_counter() - start

        ratios = []
        for r in range(args.rounds):
            if r % 2:
                b, o = bare(), ours()
            else:
                o, b = ours(), bare()
            ratios.append(o / b)
            print(f"round {r + 1}: sync {o:.2f} s, bare httpx {b:.2f} s, ratio {o / b:.2f}")
        tracemalloc.start()
        sizes = []
        for _ in range(10):
            sync.run_cycle()
            sizes.append(tracemalloc.get_traced_memory()[0] / 1e6)
        tracemalloc.stop()
    server.shutdown()
    median = statistics.median(ratios)
    print(f"median ratio {median:.2f} (target <= {TARGET}); traced memory after each of 10 cycles (MB): "
          + ", ".join(f"{s:.1f}" for s in sizes))
    return 0 if median <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
