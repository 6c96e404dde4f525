"""`portdesk orders import` of 1,000 order files against plain inserts of the same files.

Ours: `portdesk orders import F1 … F1000 --db sqlite:///queue.sqlite3 --json`, a fresh process per round,
into a queue database already at this PortDesk's schema (copied from a template before each round,
outside the timing: a user imports into the queue they have). Each order file has 5 numbers.

Floor: a fresh process that does the same work with the stdlib alone: reads the same files, parses
their JSON, and writes the same rows PortDesk writes, in one transaction, into a copy of the same
empty queue (the same tables and indexes): per file an `orders` row with its queue columns, the order
as JSON in `order_data`, one `numbers` row per number (with its digits), and the import's history
event, with the same connection settings (foreign keys on, WAL, synchronous=NORMAL). Once per size,
outside the timing, the bench checks that the two sides stored the same rows (`same_rows`). It does
not validate the order file (format, duplicate keys, types, lone surrogates, number normalisation):
that is PortDesk's own work, counted against it. (Until issue 17 the floor wrote two narrow tables
with no indexes, under a rollback journal with synchronous=FULL: less work in rows and indexes, more
in fsyncs; the same rows into the same database is the comparison that means something.)

Where PortDesk's time went, and the design that answers it: a cold import spent ~0.6 s importing
SQLAlchemy, SQLModel and pydantic for a handful of INSERTs. On a SQLite file already at head,
`orders import` now writes with the stdlib `sqlite3` (portdesk/store/sqlite_import.py: the same rows,
built by the same functions as the SQL store's, tests/store/test_sqlite_import.py compares them on
SQLite and PostgreSQL); PostgreSQL, a new file, or a schema to upgrade take the SQL store as before.

Target: at most 3x. Then the figure at 10, 100 and 1,000 files.

Run: ``python -m benchmarks.bench_orders_import`` (``--rounds N``). Exit 1 when the target is missed.
Cold and paired: benchmarks.cold_runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from benchmarks.cold_runs import PYTHON, Paired, cold_env, load_note, paired_cold, scale, verdict

TARGET = 3.0

FLOOR = """\
import datetime as dt, json, os, re, sqlite3, sys
non_digit = re.compile(r"\\D")
now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
db.execute("PRAGMA synchronous = NORMAL")
db.execute("BEGIN IMMEDIATE")
for name in sys.argv[2:]:
    with open(name, "rb") as f:
        order = json.loads(f.read().decode("utf-8"))
    account = order.get("account") or {}
    numbers = [n[:40] for n in order.get("numbers") or []]
    try:
        requested = dt.date.fromisoformat(order.get("requested_date") or "").isoformat()
    except ValueError:
        requested = None
    order_id = db.execute(
        "INSERT INTO orders (name, account_name, account_number, status, tab, number_count, losing_carrier, "
        "profile, requested_date, created_at, updated_at, version) "
        "VALUES (?, ?, ?, 'draft', 'suspended', ?, ?, ?, ?, ?, ?, 1)",
        ((order.get("name") or account.get("name") or "(unnamed order)")[:300], account.get("name"),
         account.get("number"), len(numbers), order.get("losing_carrier"), order.get("profile"), requested,
         now, now)).lastrowid
    db.execute("INSERT INTO order_data (order_id, data) VALUES (?, ?)",
               (order_id, json.dumps(order, ensure_ascii=False)))
    db.executemany("INSERT INTO numbers (order_id, position, e164, status, digits) VALUES (?, ?, ?, 'pending', ?)",
                   [(order_id, i, n, non_digit.sub("", n)) for i, n in enumerate(numbers)])
    db.execute("INSERT INTO events (order_id, at, author, kind, text, data) VALUES (?, ?, ?, 'import', ?, ?)",
               (order_id, now, "bench", "imported from " + os.path.basename(name), json.dumps({"status": "draft"})))
db.execute("COMMIT")
db.close()
"""
# What the two sides must have stored alike (author and times aside: the floor has no settings, and the
# two run at different moments): checked once per size, outside the timing.
SAME_ROWS = {
    "orders": "SELECT id, name, account_name, account_number, status, tab, number_count, losing_carrier, profile, "
              "requested_date, version FROM orders ORDER BY id",
    "order_data": "SELECT order_id, data FROM order_data ORDER BY order_id",
    "numbers": "SELECT order_id, position, e164, status, digits FROM numbers ORDER BY order_id, position",
    "events": "SELECT order_id, kind, text, data FROM events ORDER BY order_id",
}


def order_file(i: int) -> dict[str, object]:
    return {
        "format": "portdesk.order/1",
        "name": f"Customer {i:04d} - Denver",
        "kind": "local",
        "profile": "bandwidth",
        "losing_carrier": "Lumen",
        "account": {
            "name": f"Customer {i:04d} Inc.", "number": f"8812-{i:04d}-01", "btn": f"+1303{200 + i // 100}{i % 100:02d}00",
            "authorized_user": "Jane Doe",
            "service_address": {"line1": f"{100 + i} Market Street", "city": "Denver", "state": "CO",
                                "postal_code": "80202"},
        },
        "port_type": "full",
        "numbers": [f"+1303{200 + i // 100}{i % 100:02d}{j:02d}" for j in range(5)],
        "requested_date": "2026-12-10",
    }


def measure(folder: Path, count: int, rounds: int) -> Paired:
    files = [folder / f"order-{i:04d}.json" for i in range(count)]
    for i, path in enumerate(files):
        if not path.exists():
            path.write_text(json.dumps(order_file(i)), encoding="utf-8")
    ours_db, floor_db = folder / "queue.sqlite3", folder / "floor.sqlite3"

    def fresh_databases() -> None:
        shutil.copyfile(folder / "template.sqlite3", ours_db)
        shutil.copyfile(folder / "floor-template.sqlite3", floor_db)

    names = [str(p) for p in files]
    ours = [PYTHON, "-m", "portdesk", "orders", "import", *names, "--db", f"sqlite:///{ours_db}", "--json"]
    floor = [PYTHON, str(folder / "floor.py"), str(floor_db), *names]
    fresh_databases()
    for cmd in (ours, floor):
        subprocess.run(cmd, env=cold_env(), cwd=folder, check=True, capture_output=True)
    same_rows(ours_db, floor_db, count)
    return paired_cold(ours, floor, rounds, cwd=folder, before_each=fresh_databases)


def same_rows(ours_db: Path, floor_db: Path, count: int) -> None:
    """The floor did the same work: the same rows in the same tables (else the figure means nothing)."""
    with contextlib.closing(sqlite3.connect(ours_db)) as ours, contextlib.closing(sqlite3.connect(floor_db)) as floor:
        for table, query in SAME_ROWS.items():
            got, want = ours.execute(query).fetchall(), floor.execute(query).fetchall()
            if table == "order_data":  # the same content; key order and spacing are each side's own
                got, want = ([(i, json.loads(d)) for i, d in rows] for rows in (got, want))
            if got != want or len(got) < count:
                raise SystemExit(f"orders import bench: the floor's {table} rows differ from PortDesk's")


def prepare(folder: Path) -> None:
    """The empty queue both sides write to, migrated by PortDesk itself (the same tables and indexes, WAL)."""
    template = folder / "template.sqlite3"
    subprocess.run([PYTHON, "-m", "portdesk", "orders", "list", "--db", f"sqlite:///{template}", "--json"],
                   env=cold_env(), check=True, capture_output=True)
    shutil.copyfile(template, folder / "floor-template.sqlite3")
    (folder / "floor.py").write_text(FLOOR, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    print(load_note())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder)
        for count in (10, 100):
            got = measure(folder, count, max(3, args.rounds // 2))
            print(f"orders import, {count:,} files: {got.ours * 1000:.0f} ms vs plain inserts {got.floor * 1000:.0f} ms "
                  f"= {got.ratio:.2f}x")
            scale("orders import (x plain inserts)", f"{count:,} files", f"{got.ratio:.2f}x")
        got = measure(folder, 1000, args.rounds)
    print(f"orders import, 1,000 files: {got.ours * 1000:.0f} ms vs plain inserts {got.floor * 1000:.0f} ms "
          f"= {got.ratio:.2f}x (target <= {TARGET}x); peak {got.ours_peak_mb:.0f} MB vs {got.floor_peak_mb:.0f} MB")
    scale("orders import (x plain inserts)", "1,000 files", f"{got.ratio:.2f}x")
    ok = verdict(f"orders import 1,000 files <= {TARGET}x plain sqlite3 inserts (cold)", f"{got.ratio:.2f}x",
                 got.ratio <= TARGET)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
