"""`portdesk orders import` of 1,000 order files against plain inserts of the same files.

Ours: `portdesk orders import F1 … F1000 --db sqlite:///queue.sqlite3 --json`, a fresh process per round,
into a queue database already at this PortDesk's schema (copied from a template before each round,
outside the timing: a user imports into the queue they have). Floor: a fresh process that reads the same
1,000 files, parses their JSON, and inserts each order (a row with its queue columns and the JSON) and
its numbers (one row each) with the stdlib's sqlite3, in one transaction, into a database with those two
tables. Each order file has 5 numbers. Target: at most 3x. Then the figure at 10, 100 and 1,000 files.

Run: ``python -m benchmarks.bench_orders_import`` (``--rounds N``). Exit 1 when the target is missed.
Cold and paired: benchmarks.cold_runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from benchmarks.cold_runs import PYTHON, Paired, cold_env, load_note, paired_cold, scale, verdict

TARGET = 3.0

FLOOR = """\
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with db:
    for name in sys.argv[2:]:
        with open(name, encoding="utf-8") as f:
            text = f.read()
        order = json.loads(text)
        account = order.get("account") or {}
        cur = db.execute("INSERT INTO orders (name, status, carrier, account_name, profile, data) "
                         "VALUES (?, 'draft', ?, ?, ?, ?)",
                         (order.get("name"), order.get("losing_carrier"), account.get("name"),
                          order.get("profile"), text))
        db.executemany("INSERT INTO numbers (order_id, position, e164) VALUES (?, ?, ?)",
                       [(cur.lastrowid, i, n) for i, n in enumerate(order.get("numbers") or [])])
db.close()
"""
FLOOR_SCHEMA = """
CREATE TABLE orders (id INTEGER PRIMARY KEY, name TEXT, status TEXT, carrier TEXT, account_name TEXT,
                     profile TEXT, data TEXT);
CREATE TABLE numbers (order_id INTEGER, position INTEGER, e164 TEXT, PRIMARY KEY (order_id, position));
"""


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
    return paired_cold(ours, floor, rounds, cwd=folder, before_each=fresh_databases)


def prepare(folder: Path) -> None:
    """The two empty databases: ours migrated by PortDesk itself, the floor's with its two tables."""
    template = folder / "template.sqlite3"
    subprocess.run([PYTHON, "-m", "portdesk", "orders", "list", "--db", f"sqlite:///{template}", "--json"],
                   env=cold_env(), check=True, capture_output=True)
    with sqlite3.connect(folder / "floor-template.sqlite3") as db:
        db.executescript(FLOOR_SCHEMA)
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
