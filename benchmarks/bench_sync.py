"""One sync cycle over 1,000 progressing orders against `portdesk sandbox`, beside a bare httpx loop.

Setup: the sandbox runs as its own process (Telnyx dialect, `--speed 3600`, a world of 1,000
accounts written for the run); a Telnyx connection is added with `portdesk carriers add` (secret in
a file keyring under the run's temp folder); 1,000 orders are queued and sent by one sync cycle, so
every measured cycle is a pull of 1,000 orders the carrier holds (at the losing carrier or with an
FOC, the FOC weeks away in simulated time, so none is final while we measure). The first cycle
after the losing carriers answered lands 1,000 changes and is shown on its own line.

Cold, what a coordinator's `portdesk sync --once` costs: the whole process, start-up included, beside
a bare Python process that imports httpx and fetches the same 1,000 orders from the same sandbox
on one keep-alive client, one GET each (nothing of PortDesk in it). PortDesk reads Telnyx's order list
250 a page, so a second floor (not gated) reads the list the same way with bare httpx. Paired rounds,
the side that goes first alternating; the figure is the median of the per-round ratios. Target:
at most 1.5x.

Warm, what the looping `portdesk sync` and the app's background sync cost: one process builds the
sync service as the CLI does and runs 10 cycles, each paired with the bare loop in the same process;
its RSS after each cycle shows whether memory stays flat (growth from cycle 2 to cycle 10).

Run: ``python -m benchmarks.bench_sync [--orders 1000] [--rounds 5]``; exit 1 when missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_sandbox import world

TARGET = 1.5
MEMORY_GROWTH_MIB = 4.0  # cycles 2..10; what a leak of even 0.5 KB per order per cycle would exceed
SPEED = 3600  # a simulated hour a second: review and the losing carrier's answer within seconds
CONNECTION = "tx"

BARE = r'''
import json, sys, time
import httpx
base, ids_file = sys.argv[1], sys.argv[2]
ids = json.loads(open(ids_file).read())
started = time.perf_counter()
with httpx.Client(base_url=base, headers={"Authorization": "Bearer sandbox"}) as client:
    statuses = [client.get(f"/porting_orders/{cid}").json()["data"]["status"]["value"] for cid in ids]
print(json.dumps({"seconds": time.perf_counter() - started, "statuses": statuses}))
'''

# A second floor, shown and not gated: the same orders read the way PortDesk now reads Telnyx, from
# the order list 250 a page, by bare httpx (what is left of the ratio is PortDesk's own work).
BARE_PAGED = r'''
import json, sys, time
import httpx
base, ids_file = sys.argv[1], sys.argv[2]
wanted = set(json.loads(open(ids_file).read()))
started = time.perf_counter()
found, page = {}, 1
with httpx.Client(base_url=base, headers={"Authorization": "Bearer sandbox"}) as client:
    while len(found) < len(wanted):
        body = client.get("/porting_orders", params={"page[number]": page, "page[size]": 250}).json()
        found.update({o["id"]: o["status"]["value"] for o in body["data"] if o["id"] in wanted})
        if page >= body["meta"]["total_pages"]:
            break
        page += 1
print(json.dumps({"seconds": time.perf_counter() - started, "found": len(found)}))
'''

WARM = r'''
import json, sys, time
import httpx
from portdesk.cli.sync_cmd import open_sync

def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

db, base, ids_file, cycles = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ids = json.loads(open(ids_file).read())
sync = open_sync(db, secrets=True)

def bare():
    started = time.perf_counter()
    with httpx.Client(base_url=base, headers={"Authorization": "Bearer sandbox"}) as client:
        for cid in ids:
            client.get(f"/porting_orders/{cid}").json()
    return time.perf_counter() - started

def ours():
    started = time.perf_counter()
    report = sync.run_cycle(respect_backoff=False)
    assert not report.errors, report.errors[:3]
    return time.perf_counter() - started

rows = []
for n in range(cycles):
    if n % 2:
        b = bare(); o = ours()
    else:
        o = ours(); b = bare()
    rows.append({"sync": o, "bare": b, "rss_mib": rss_mib()})
print(json.dumps(rows))
'''


def _order(i: int, account: dict[str, Any], foc: dt.date) -> dict[str, Any]:
    return {"format": "portdesk.order/1", "name": f"Bench order {i}", "profile": "telnyx", "kind": "local",
            "losing_carrier": account["losing_carrier"], "account": account["account"], "port_type": "full",
            "numbers": account["numbers"], "requested_date": foc.isoformat(), "requested_time": "10:00",
            "requested_timezone": "America/New_York"}


def _business_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _seed(db: str, env: dict[str, str], base: str, count: int, accounts: list[dict[str, Any]]) -> list[str]:
    """The connection (through the CLI, as a user adds it), then `count` orders queued and sent."""
    subprocess.run([sys.executable, "-m", "portdesk", "carriers", "add", CONNECTION, "--type", "telnyx",
                    "--url", f"{base}/telnyx/v2", "--db", db], env=env | {"PORTDESK_SECRET": "sandbox"},
                   check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    from portdesk.cli.sync_cmd import open_sync
    from portdesk.domain.order import PortOrder
    from portdesk.domain.status import Status
    from portdesk.store.db import make_engine
    from portdesk.store.repos import SqlQueueStore

    foc = _business_day(dt.date.today() + dt.timedelta(days=21))
    store = SqlQueueStore(make_engine(db))
    now = dt.datetime.now(dt.UTC)
    with store.unit_of_work() as repo:
        ids = [repo.add_order(PortOrder.from_dict(_order(i, a, foc)), Status.DRAFT, now)
               for i, a in enumerate(accounts[:count])]
    sync = open_sync(db, secrets=True)
    for oid in ids:
        sync.queue_submission(oid, CONNECTION, "telnyx", "bench")
    report = sync.run_cycle(respect_backoff=False)
    if report.errors or report.sent != count:
        raise SystemExit(f"setup: {report.sent} of {count} sent; errors {report.errors[:3]}")
    carrier_ids = []
    for oid in ids:
        sub = sync.submission(oid)
        assert sub is not None
        carrier_ids += [p.id for p in sub.carrier_orders]
    return carrier_ids


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])}…: exit {done.returncode}: {done.stderr[-500:]}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cycles", type=int, default=10)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = dict(os.environ, PORTDESK_HOME=str(root / "home"), XDG_DATA_HOME=str(root / "xdg-data"),
                   XDG_CONFIG_HOME=str(root / "xdg-config"),
                   PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
        env.pop("PORTDESK_DATABASE_URL", None)
        db = f"sqlite:///{root / 'queue.sqlite3'}"
        data = world(args.orders)
        (root / "world.json").write_text(json.dumps(data))
        sandbox = subprocess.Popen([sys.executable, "-m", "portdesk", "sandbox", "--port", "0", "--speed", str(SPEED),
                                    "--rate-limit", "0", "--world", str(root / "world.json")],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            assert sandbox.stdout is not None
            base = sandbox.stdout.readline().strip()
            started = time.perf_counter()
            carrier_ids = _seed(db, env, base, args.orders, data["accounts"])
            print(f"setup: {args.orders} orders queued and sent to the sandbox in {time.perf_counter() - started:.1f} s")
            ids_file = root / "ids.json"
            ids_file.write_text(json.dumps(carrier_ids))
            time.sleep(6)  # six simulated hours: every order is past review and answered by its losing carrier
            sync_argv = [sys.executable, "-m", "portdesk", "sync", "--once", "--json", "--db", db]
            bare_argv = [sys.executable, "-c", BARE, f"{base}/telnyx/v2", str(ids_file)]
            # The first cycle lands every order's change (the FOC dates): shown, not gated; the rounds
            # after it are the steady pulls a coordinator's sync mostly is.
            landing, _ = _timed(sync_argv, env)
            floor, _ = _timed(bare_argv, env)
            print(f"a cycle landing {args.orders} changes: portdesk sync --once {landing:.2f} s, "
                  f"bare httpx process {floor:.2f} s, ratio {landing / floor:.2f} (not gated)")

            ratios = []
            statuses: list[str] = []
            for r in range(args.rounds):
                if r % 2:
                    (b, out), (o, _) = _timed(bare_argv, env), _timed(sync_argv, env)
                else:
                    (o, _), (b, out) = _timed(sync_argv, env), _timed(bare_argv, env)
                statuses = json.loads(out)["statuses"]
                ratios.append(o / b)
                print(f"cold round {r + 1}: portdesk sync --once {o:.2f} s, bare httpx process {b:.2f} s, "
                      f"ratio {o / b:.2f}")
            paged_argv = [sys.executable, "-c", BARE_PAGED, f"{base}/telnyx/v2", str(ids_file)]
            paged = []
            for r in range(3):
                if r % 2:
                    (p, _), (o, _) = _timed(paged_argv, env), _timed(sync_argv, env)
                else:
                    (o, _), (p, _) = _timed(sync_argv, env), _timed(paged_argv, env)
                paged.append(o / p)
            print(f"beside bare httpx reading the same orders from the list, 250 a page: median ratio "
                  f"{statistics.median(paged):.2f} (not gated)")
            counts = {s: statuses.count(s) for s in sorted(set(statuses))}
            print(f"carrier statuses at the last round: {counts}")

            _, out = _timed([sys.executable, "-c", WARM, db, f"{base}/telnyx/v2", str(ids_file), str(args.cycles)], env)
            rows = json.loads(out)
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=10)
    for n, row in enumerate(rows):
        print(f"warm cycle {n + 1}: sync {row['sync']:.2f} s, bare httpx {row['bare']:.2f} s, "
              f"ratio {row['sync'] / row['bare']:.2f}, RSS {row['rss_mib']:.1f} MiB")
    cold = statistics.median(ratios)
    warm = statistics.median(r["sync"] / r["bare"] for r in rows)
    growth = rows[-1]["rss_mib"] - rows[min(1, len(rows) - 1)]["rss_mib"]
    print(f"cold median ratio {cold:.2f}, warm median ratio {warm:.2f} (target <= {TARGET}); "
          f"RSS growth over cycles 2..{len(rows)}: {growth:+.1f} MiB (target <= {MEMORY_GROWTH_MIB})")
    ok = cold <= TARGET and warm <= TARGET and growth <= MEMORY_GROWTH_MIB and "ported" not in statuses
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
