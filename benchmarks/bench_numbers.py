"""Number work against its floor: phonenumbers itself.

1. Read + classify + split 10,000 pasted numbers (mixed shapes, several area codes, toll-free)
   vs a bare loop of ``phonenumbers.parse`` + ``is_valid_number`` over the same strings, warm (in this
   process) and cold (``portdesk split FILE --json`` in a fresh process vs a fresh bare script reading
   the same file). Target: at most 1.3x.
2. Pre-flight checks of an order with 600 numbers vs parsing those 600 numbers once
   (``phonenumbers.parse`` only), warm (``check_order`` in this process) and cold (``portdesk lint``
   in a fresh process vs a fresh bare script). Target: at most 1.5x.

Run: ``python -m benchmarks.bench_numbers`` (``--repeat N`` for more rounds). Exit 1 when a target
is missed. Every ratio is paired: the sides take turns going first, the median of per-round ratios is
kept. Warm rounds start with PortDesk's kept number judgements emptied (``forget_judgements``): the same
600 numbers again would otherwise be free, which a long-lived app sees only for an unchanged order.
Cold rounds: benchmarks.cold_runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import phonenumbers

from benchmarks.cold_runs import PYTHON, load_note, paired_cold, verdict
from portdesk.domain.number_input import judge, read_text
from portdesk.domain.numbers import forget_judgements
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order
from portdesk.domain.split import split_numbers

SPLIT_TARGET = 1.3
LINT_TARGET = 1.5
SHAPES = ("({a}) {b}-{c}", "{a}.{b}.{c}", "1-{a}-{b}-{c}", "+1 {a} {b} {c}", "{a}{b}{c}", "{a}-{b}-{c}")
AREA_CODES = ("303", "720", "212", "415", "617", "416", "800", "888")


def number_lines(count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return [
        rnd.choice(SHAPES).format(a=rnd.choice(AREA_CODES), b=rnd.randint(200, 999), c=f"{rnd.randint(0, 9999):04d}")
        for _ in range(count)
    ]


def bare_parse(lines: list[str]) -> int:
    valid = 0
    for line in lines:
        try:  # noqa: SIM105 (a bare try is the cheapest floor; suppress() adds a context manager per number)
            valid += phonenumbers.is_valid_number(phonenumbers.parse(line, "US"))
        except phonenumbers.NumberParseException:
            pass
    return valid


def order_with(numbers: list[str]) -> PortOrder:
    return PortOrder.from_dict({
        "format": "portdesk.order/1",
        "name": "Bench - 600 numbers",
        "kind": "local",
        "losing_carrier": "Lumen",
        "account": {
            "name": "ABC Company, Inc.", "number": "8812-5520-01", "btn": numbers[0],
            "authorized_user": "Jane Doe",
            "service_address": {"line1": "1200 Market Street", "city": "Denver", "state": "CO",
                                "postal_code": "80202"},
        },
        "port_type": "full",
        "numbers": numbers,
        "requested_date": "2026-12-10",
        "requested_time": "09:00",
        "requested_timezone": "America/Denver",
    })


def bench_split(repeat: int) -> float:
    lines = number_lines(10_000)
    text = "\n".join(lines)
    profile = get_profile("8x8")

    def ours() -> object:
        forget_judgements()
        return split_numbers(judge(read_text(text)), profile)

    took, floor, ratio = paired(ours, lambda: bare_parse(lines), repeat)
    print(f"split 10,000 numbers, warm: {took * 1000:.0f} ms vs bare phonenumbers {floor * 1000:.0f} ms "
          f"= {ratio:.2f}x (target <= {SPLIT_TARGET}x)")
    return ratio


BARE_SPLIT = """\
import sys
import phonenumbers
valid = 0
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        valid += phonenumbers.is_valid_number(phonenumbers.parse(line, "US"))
    except phonenumbers.NumberParseException:
        pass
"""


def bench_split_cold(repeat: int) -> float:
    """Cold: `portdesk split FILE --profile 8x8 --json` against a fresh process that reads the same file
    and parses + validates each line."""
    with tempfile.TemporaryDirectory() as tmp:
        numbers, bare = Path(tmp) / "numbers.txt", Path(tmp) / "bare_split.py"
        numbers.write_text("\n".join(number_lines(10_000)) + "\n", encoding="utf-8")
        bare.write_text(BARE_SPLIT, encoding="utf-8")
        got = paired_cold([PYTHON, "-m", "portdesk", "split", str(numbers), "--profile", "8x8", "--json"],
                          [PYTHON, str(bare), str(numbers)], repeat, ours_codes=(0, 1), cwd=tmp)
    print(f"split 10,000 numbers, cold process: {got.ours * 1000:.0f} ms vs bare {got.floor * 1000:.0f} ms "
          f"= {got.ratio:.2f}x (target <= {SPLIT_TARGET}x); peak {got.ours_peak_mb:.0f} MB vs {got.floor_peak_mb:.0f} MB")
    return got.ratio


BARE_PARSE = """\
import json, sys
import phonenumbers
n = 0
for text in json.load(open(sys.argv[1], encoding="utf-8"))["numbers"]:
    n += phonenumbers.parse(text, "US").national_number > 0
"""


def parse_only(lines: list[str]) -> int:
    """The lint floor: parsing each number once (what any check of a number has to do)."""
    return sum(phonenumbers.parse(line, "US").national_number > 0 for line in lines)


def paired(ours: Callable[[], object], floor: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    """Median time of each side and the median of per-round ratios; the sides take turns going first."""
    ours_t, floor_t, ratios = [], [], []
    for i in range(rounds):
        took = {}
        for name, fn in (("ours", ours), ("floor", floor)) if i % 2 == 0 else (("floor", floor), ("ours", ours)):
            start = time.perf_counter()
            fn()
            took[name] = time.perf_counter() - start
        ours_t.append(took["ours"])
        floor_t.append(took["floor"])
        ratios.append(took["ours"] / took["floor"])
    return statistics.median(ours_t), statistics.median(floor_t), statistics.median(ratios)


def bench_lint(repeat: int) -> float:
    """Warm: check_order in this process (profile looked up inside the timed region)."""
    numbers = [f"+1303555{i:04d}" for i in range(1000, 1600)]
    order = order_with(numbers)
    today = dt.date(2026, 11, 22)
    def ours() -> object:
        forget_judgements()
        return check_order(order, get_profile("bandwidth"), today)

    took, floor, ratio = paired(ours, lambda: parse_only(order.numbers), repeat)
    print(f"lint 600-number order, warm: {took * 1000:.1f} ms vs parse-only {floor * 1000:.1f} ms "
          f"= {ratio:.2f}x (target <= {LINT_TARGET}x)")
    return ratio


def bench_lint_cold(repeat: int) -> float:
    """Cold: `portdesk lint ORDER` as a user runs it (a fresh process each round) against a fresh
    process that reads the same file and parses each number once."""
    numbers = [f"+1303555{i:04d}" for i in range(1000, 1600)]
    data = order_with(numbers).to_dict() | {"profile": "bandwidth"}
    with tempfile.TemporaryDirectory() as tmp:
        order_file, bare = Path(tmp) / "order.json", Path(tmp) / "bare_parse.py"
        order_file.write_text(json.dumps(data), encoding="utf-8")
        bare.write_text(BARE_PARSE, encoding="utf-8")
        got = paired_cold([PYTHON, "-m", "portdesk", "lint", str(order_file), "--today", "2026-11-22"],
                          [PYTHON, str(bare), str(order_file)], repeat, ours_codes=(0, 1), cwd=tmp)
    print(f"lint 600-number order, cold process: {got.ours * 1000:.0f} ms vs parse-only {got.floor * 1000:.0f} ms "
          f"= {got.ratio:.2f}x (target <= {LINT_TARGET}x); peak {got.ours_peak_mb:.0f} MB vs {got.floor_peak_mb:.0f} MB")
    return got.ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=11, help="rounds per measurement")
    args = parser.parse_args(argv)
    print(load_note())
    split_warm, split_cold = bench_split(args.repeat), bench_split_cold(args.repeat)
    lint_warm, lint_cold = bench_lint(args.repeat), bench_lint_cold(args.repeat)
    ok = verdict(f"split 10,000 numbers <= {SPLIT_TARGET}x bare phonenumbers (warm / cold)",
                 f"{split_warm:.2f}x / {split_cold:.2f}x", max(split_warm, split_cold) <= SPLIT_TARGET)
    ok &= verdict(f"lint 600 numbers <= {LINT_TARGET}x parse-only (warm / cold)",
                  f"{lint_warm:.2f}x / {lint_cold:.2f}x", max(lint_warm, lint_cold) <= LINT_TARGET)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
