"""Fill a queue database with N realistic orders, fast (bulk inserts, one transaction per batch).

    python -m benchmarks.seed_orders --db sqlite:////tmp/queue.sqlite3 --count 100000

Reusable: `seed(url, count)` returns how many orders were added. The data looks like a real queue:
mostly completed orders, a few thousand progressing and suspended, 1-12 numbers each, repeated
customer names and carriers, NULL dates where a real order would have none.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from portdesk.domain.status import Status
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import EVENTS, NUMBERS, ORDER_DATA, ORDERS

BATCH = 5000
CUSTOMERS = ["ABC Company", "Harbor Dental", "Zed Bakery", "Mountain Law Group", "Blue Sky Realty",
             "Front Range Clinic", "Acme Plumbing", "Summit Insurance", "Redwood Schools", "Lakeside Vet",
             "Pioneer Logistics", "Copper Kettle Cafe", "Northgate Church", "Granite Dental", "Union Credit"]
SUFFIXES = ["Inc.", "LLC", "Co.", "Corp", "PLLC", ""]
CITIES = [("Denver", "CO", "303"), ("Boston", "MA", "617"), ("Austin", "TX", "512"), ("Seattle", "WA", "206"),
          ("Chicago", "IL", "312"), ("Miami", "FL", "305"), ("Phoenix", "AZ", "602"), ("Atlanta", "GA", "404")]
CARRIERS = ["Lumen", "AT&T", "Verizon", "Comcast", "Frontier", "Spectrum", "Windstream", None]
PROFILES = ["kazoo", "8x8", "bandwidth", None]
# A queue that has run for years: most orders are done.
STATUS_WEIGHTS = {
    Status.DRAFT: 6, Status.AWAITING_DOCUMENTS: 3, Status.EXCEPTION: 2, Status.QUEUED: 1, Status.SUBMITTED: 3,
    Status.PENDING: 4, Status.FOC_CONFIRMED: 4, Status.SUPP_PENDING: 1, Status.CANCEL_PENDING: 1,
    Status.COMPLETED: 65, Status.CANCELLED: 7, Status.REJECTED_FINAL: 3,
}


Rows = list[dict[str, Any]]


def _order(rng: random.Random, order_id: int, now: dt.datetime
           ) -> tuple[dict[str, Any], dict[str, Any], Rows, dict[str, Any]]:
    customer = rng.choice(CUSTOMERS)
    city, state, npa = rng.choice(CITIES)
    account_name = f"{customer} {rng.choice(SUFFIXES)}".strip()
    account_number = f"{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}-{rng.randrange(10, 99)}"
    exchange = rng.randrange(200, 999)
    first = rng.randrange(0, 9990)
    count = min(rng.choice([1, 1, 2, 3, 4, 5, 8, 12]), 9999 - first)
    numbers = [f"+1{npa}{exchange}{first + i:04d}" for i in range(count)]
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    created = now - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 900))
    updated = created + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
    requested = (created + dt.timedelta(days=rng.randrange(7, 40))).date() if rng.random() < 0.8 else None
    foc = requested if status in (Status.FOC_CONFIRMED, Status.COMPLETED) and requested else None
    carrier, profile = rng.choice(CARRIERS), rng.choice(PROFILES)
    data = {
        "format": "portdesk.order/1", "name": f"{customer} - {city}", "kind": "local", "profile": profile,
        "losing_carrier": carrier,
        "account": {"name": account_name, "number": account_number, "pin": f"{rng.randrange(10000):04d}",
                    "btn": numbers[0], "authorized_user": "Pat Lee",
                    "service_address": {"line1": f"{rng.randrange(1, 9999)} Market Street", "city": city,
                                        "state": state, "postal_code": f"{rng.randrange(10000, 99999)}"}},
        "port_type": rng.choice(["full", "partial"]), "numbers": numbers,
        "requested_date": requested.isoformat() if requested else None,
    }
    row = {
        "id": order_id, "name": data["name"], "account_name": account_name, "account_number": account_number,
        "status": status.value, "tab": status.tab.value, "number_count": len(numbers), "losing_carrier": carrier,
        "profile": profile, "requested_date": requested, "foc_date": foc, "created_at": created,
        "updated_at": updated, "version": 1,
    }
    data_row = {"order_id": order_id, "data": json.dumps(data)}
    number_rows = [{"order_id": order_id, "position": i, "e164": n,
                    "status": "complete" if status is Status.COMPLETED else "pending"}
                   for i, n in enumerate(numbers)]
    event = {"order_id": order_id, "at": created, "author": "seed", "kind": "created", "text": "created",
             "data": None}
    return row, data_row, number_rows, event


def _batches(rng: random.Random, first_id: int, count: int, now: dt.datetime
             ) -> Iterator[tuple[Rows, Rows, Rows, Rows]]:
    for start in range(0, count, BATCH):
        orders: Rows = []
        data: Rows = []
        numbers: Rows = []
        events: Rows = []
        for i in range(start, min(start + BATCH, count)):
            row, data_row, nums, event = _order(rng, first_id + i, now)
            orders.append(row)
            data.append(data_row)
            numbers.extend(nums)
            events.append(event)
        yield orders, data, numbers, events


def seed(url: str, count: int, *, random_seed: int = 20261122) -> int:
    """Add `count` orders to the database at `url` (created at head if empty)."""
    engine = make_engine(url)
    migrate(engine)
    rng = random.Random(random_seed)
    now = dt.datetime(2026, 11, 22, 12, 0)
    with engine.connect() as conn:
        first_id = (conn.execute(sa.select(sa.func.max(ORDERS.c.id))).scalar() or 0) + 1
    for orders, data, numbers, events in _batches(rng, first_id, count, now):
        with engine.begin() as conn:
            conn.execute(sa.insert(ORDERS), orders)
            conn.execute(sa.insert(ORDER_DATA), data)
            conn.execute(sa.insert(NUMBERS), numbers)
            conn.execute(sa.insert(EVENTS), events)
    engine.dispose()
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.seed_orders", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, metavar="URL", help="database URL, e.g. sqlite:////tmp/q.sqlite3")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261122, help="random seed (same seed, same data)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    seed(args.db, args.count, random_seed=args.seed)
    print(f"seeded {args.count} orders into {args.db} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
