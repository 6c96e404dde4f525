"""Search over a queue of 100,000 orders, against the bare SQL for the same filter.

What the window does when the coordinator types in the search box: count the matches per tab and
fetch the first page (200 rows) of the tab on show, through QueueService → store → SQLAlchemy.
The floor is Python's own sqlite3 running the same two statements, written by hand, on the same
file. Searches: a customer name, an account-number fragment, and a phone number typed as
"(303) 555-0117" (a number on file). Target: at most 2x the bare SQL.

Run: ``python -m benchmarks.bench_search [--count 100000] [--repeat 7]``; exit 1 when missed.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.seed_orders import seed
from portdesk.domain.status import Tab
from portdesk.services.queue import QueueService, make_search
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore

TARGET = 2.0
CACHE = Path("/tmp/portdesk-bench")
SEARCHES = ("Harbor Dental", "5520")  # plus a number on file, typed the way people type it
PAGE = 200
COLUMNS = ("id, name, account_name, account_number, status, tab, number_count, losing_carrier, profile, "
           "requested_date, foc_date, created_at, updated_at, version")


def queue_database(count: int) -> Path:
    """A seeded queue file, made once per size and reused (seeding 100,000 orders takes a while)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"queue-{count}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        print(f"seeding {count:,} orders into {path} (once)…", flush=True)
        seed(f"sqlite:///{partial}", count)
        partial.rename(path)
    return path


def bare_search(conn: sqlite3.Connection, text: str) -> int:
    """The same filter, hand-written: counts per tab, then the first page of Suspended."""
    search = make_search(text)
    pattern = "%" + search.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    where = "(name LIKE ? ESCAPE '\\' OR account_name LIKE ? ESCAPE '\\' OR account_number LIKE ? ESCAPE '\\'"
    args: list[object] = [pattern, pattern, pattern]
    if search.digits:
        where += " OR id IN (SELECT order_id FROM numbers WHERE e164 LIKE ? ESCAPE '\\')"
        args.append(f"%{search.digits}%")
    where += ")"
    counts = conn.execute(f"SELECT tab, count(*) FROM orders WHERE {where} GROUP BY tab", args).fetchall()
    rows = conn.execute(f"SELECT {COLUMNS} FROM orders WHERE tab = ? AND {where} "
                        f"ORDER BY updated_at DESC, id DESC LIMIT {PAGE}", ["suspended", *args]).fetchall()
    return sum(n for _tab, n in counts) + len(rows)


def app_search(queue: QueueService, text: str) -> int:
    counts = queue.counts(text)
    rows, _cursor = queue.page(Tab.SUSPENDED, search=text, limit=PAGE)
    return sum(counts.values()) + len(rows)


def best(fn: Callable[[], int], repeat: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_search", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    path = queue_database(args.count)
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    queue = QueueService(SqlQueueStore(engine))
    conn = sqlite3.connect(path)
    e164 = conn.execute("SELECT e164 FROM numbers WHERE order_id = ?", (args.count // 2,)).fetchone()[0]
    typed = f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    worst = 0.0
    print(f"search over {args.count:,} orders (best of {args.repeat}; counts per tab + first page of {PAGE})")
    for text in (*SEARCHES, typed):
        app_search(queue, text)  # warm the caches on both sides alike
        bare_search(conn, text)
        app_s, app_n = best(lambda t=text: app_search(queue, t), args.repeat)  # type: ignore[misc]
        bare_s, bare_n = best(lambda t=text: bare_search(conn, t), args.repeat)  # type: ignore[misc]
        if app_n != bare_n:
            print(f"  {text!r}: the app found {app_n} rows, the bare SQL {bare_n}: not the same filter")
            return 1
        ratio = app_s / bare_s
        worst = max(worst, ratio)
        print(f"  {text!r:<18} app {app_s * 1000:7.1f} ms   bare SQL {bare_s * 1000:7.1f} ms   "
              f"ratio {ratio:4.2f}x   ({app_n} rows+counts)")
    print(f"worst ratio {worst:.2f}x (target ≤ {TARGET}x)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
