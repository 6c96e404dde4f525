"""`portdesk sandbox` carrying 1,000 Telnyx orders from create to ported, over real HTTP.

The sandbox runs as its own process (`portdesk sandbox --speed 100000`) on a world of 1,000
accounts written for the run; a plain stdlib HTTP client on one keep-alive connection creates,
fills and confirms each order, then polls the listing until every order is `ported`. Two rounds
of 1,000 run back to back so memory can be seen settling: the second round's RSS growth should be
no larger than the first's (what is kept is the orders themselves, nothing per request).

Target: each round under 60 s. Run: ``python -m benchmarks.bench_sandbox [--orders N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 60.0
AUTH = {"Authorization": "Bearer sandbox", "Content-Type": "application/json"}


def world(n: int) -> dict[str, Any]:
    accounts = []
    for i in range(n * 2):  # room for two rounds
        npa, line = 201 + i // 9000, 1000 + i % 9000
        number = f"+1{npa}555{line:04d}"
        accounts.append({"losing_carrier": ("Lumen", "AT&T", "Verizon")[i % 3], "strictness": "lenient",
                         "account": {"name": f"Customer {i}", "number": f"AC-{i}", "pin": "1234", "btn": number,
                                     "authorized_user": "Pat Doe",
                                     "service_address": {"line1": f"{i} Main Street", "city": "Denver", "state": "CO",
                                                         "postal_code": "80202"}},
                         "numbers": [number], "min_interval_days": 2})
    return {"accounts": accounts}


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Client:
    def __init__(self, host: str, port: int) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        self.conn.request(method, "/telnyx/v2" + path, json.dumps(body) if body is not None else None, AUTH)
        answer = self.conn.getresponse()
        data = answer.read()
        if answer.status >= 300:
            raise RuntimeError(f"{method} {path}: {answer.status} {data[:200]!r}")
        return json.loads(data) if data else None


def one_round(client: Client, accounts: list[dict[str, Any]], tag: str) -> float:
    started = time.perf_counter()
    foc = (dt.date.today() + dt.timedelta(days=7)).isoformat() + "T15:00:00Z"
    ids = []
    for acc in accounts:
        a = acc["account"]
        [order] = client.call("POST", "/porting_orders", {"phone_numbers": acc["numbers"],
                                                          "customer_reference": f"{tag}-{a['number']}"})["data"]
        addr = a["service_address"]
        client.call("PATCH", f"/porting_orders/{order['id']}", {
            "end_user": {"admin": {"entity_name": a["name"], "auth_person_name": a["authorized_user"],
                                   "billing_phone_number": a["btn"], "account_number": a["number"],
                                   "pin_passcode": a["pin"]},
                         "location": {"street_address": addr["line1"], "locality": addr["city"],
                                      "administrative_area": addr["state"], "postal_code": addr["postal_code"],
                                      "country_code": "US"}},
            "misc": {"type": "full"}, "activation_settings": {"foc_datetime_requested": foc}})
        client.call("POST", f"/porting_orders/{order['id']}/actions/confirm")
        ids.append(order["id"])
    wanted = set(ids)
    while True:
        ported, page = set(), 1
        while True:
            answer = client.call("GET", f"/porting_orders?page[size]=250&page[number]={page}"
                                        "&include_phone_numbers=false")
            ported |= {o["id"] for o in answer["data"] if o["status"]["value"] == "ported"}
            if page >= answer["meta"]["total_pages"]:
                break
            page += 1
        if wanted <= ported:
            return time.perf_counter() - started
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--speed", type=float, default=100000)
    args = parser.parse_args(argv)
    data = world(args.orders)
    with tempfile.TemporaryDirectory() as tmp:
        world_file = Path(tmp) / "world.json"
        world_file.write_text(json.dumps(data))
        proc = subprocess.Popen([sys.executable, "-m", "portdesk", "sandbox", "--port", "0", "--speed",
                                 str(args.speed), "--rate-limit", "0", "--world", str(world_file)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            host, port = url.removeprefix("http://").rsplit(":", 1)
            client = Client(host, int(port))
            client.call("GET", "/porting_orders?page[size]=1")
            rss = [rss_kib(proc.pid)]
            times = []
            for n, tag in enumerate(("first", "second")):
                times.append(one_round(client, data["accounts"][n * args.orders:(n + 1) * args.orders], tag))
                rss.append(rss_kib(proc.pid))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    growth = [b - a for a, b in itertools.pairwise(rss)]
    for n, seconds in enumerate(times):
        print(f"round {n + 1}: {args.orders} orders created, filled, confirmed and ported in {seconds:.1f} s "
              f"(target < {TARGET_SECONDS:.0f} s); sandbox RSS {rss[n + 1] / 1024:.1f} MiB "
              f"(+{growth[n] / 1024:.1f} MiB)")
    print(f"RSS at start {rss[0] / 1024:.1f} MiB; growth per 1,000 orders {growth[0] / 1024:.1f} then "
          f"{growth[1] / 1024:.1f} MiB")
    ok = all(t < TARGET_SECONDS for t in times) and growth[1] <= max(growth[0], 1024) * 1.5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
