"""Run every benchmark, each in its own process, and print one table: target, figure, verdict.

    python -m benchmarks                 # all of them; exit 1 when any target is missed
    python -m benchmarks startup         # the ones whose name contains "startup"
    python -m benchmarks --readme        # also write the table into README.md (between its markers)

Each benchmark's own account goes to stderr as it runs; its `BENCH`/`SCALE` lines (benchmarks.report)
make the table. A benchmark without them gets one row from its exit code and its last line that names
a target, so any `bench_*.py` added later is picked up as it is.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import SCALE, VERDICT

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


@dataclass
class Outcome:
    name: str
    code: int
    rows: list[dict[str, object]] = field(default_factory=list)
    scale: list[dict[str, str]] = field(default_factory=list)
    last_target_line: str = ""


def run_one(name: str) -> Outcome:
    outcome = Outcome(name, 0)
    with subprocess.Popen([sys.executable, "-m", f"benchmarks.{name}"], stdout=subprocess.PIPE,
                          text=True, bufsize=1) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(VERDICT):
                outcome.rows.append(json.loads(line[len(VERDICT):]))
            elif line.startswith(SCALE):
                outcome.scale.append(json.loads(line[len(SCALE):]))
            else:
                sys.stderr.write(line)
                if "target" in line.lower():
                    outcome.last_target_line = line.strip()
    outcome.code = proc.returncode
    if not outcome.rows:  # a benchmark that does not speak benchmarks.report: its exit code says it
        outcome.rows.append({"target": _title(name), "figure": outcome.last_target_line or "(no figure printed)",
                             "ok": outcome.code == 0})
    elif outcome.code != 0 and all(r["ok"] for r in outcome.rows):  # it failed outside its targets
        outcome.rows.append({"target": f"{name} ran to the end", "figure": f"exit code {outcome.code}",
                             "ok": False})
    return outcome


def _title(name: str) -> str:
    """The first line of a benchmark's docstring (read, not imported)."""
    try:
        doc = ast.get_docstring(ast.parse((HERE / f"{name}.py").read_text(encoding="utf-8")))
    except (OSError, SyntaxError):
        doc = None
    return doc.splitlines()[0].rstrip(".") if doc else name


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(outcomes: list[Outcome]) -> list[str]:
    lines = ["| benchmark | target | figure | verdict |", "| --- | --- | --- | --- |"]
    for o in outcomes:
        for r in o.rows:
            lines.append(f"| {o.name.removeprefix('bench_')} | {_cell(r['target'])} | {_cell(r['figure'])} | "
                         f"{'met' if r['ok'] else '**MISSED**'} |")
    return lines


def scaling(outcomes: list[Outcome]) -> list[str]:
    """One row per cost, one column per size, in the order the benchmarks measured them."""
    costs: dict[str, dict[str, str]] = {}
    sizes: dict[str, list[str]] = {}
    for o in outcomes:
        for s in o.scale:
            costs.setdefault(s["cost"], {})[s["size"]] = s["figure"]
            if s["size"] not in sizes.setdefault(s["cost"], []):
                sizes[s["cost"]].append(s["size"])
    if not costs:
        return []
    lines = ["| cost | sizes → figures |", "| --- | --- |"]
    for cost, by_size in costs.items():
        lines.append(f"| {_cell(cost)} | " + " · ".join(f"{size}: {_cell(by_size[size])}" for size in sizes[cost])
                     + " |")
    return lines


def write_readme(body: list[str]) -> None:
    text = README.read_text(encoding="utf-8")
    head, start, rest = text.partition(START)
    _old, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md has no {START} … {END} section")
    README.write_text(head + START + "\n" + "\n".join(body) + "\n" + END + tail, encoding="utf-8")


def main(argv: list[str]) -> int:
    readme = "--readme" in argv
    argv = [a for a in argv if a != "--readme"]
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    chosen = [n for n in names if not argv or any(a in n for a in argv)]
    outcomes = []
    for name in chosen:
        print(f"\n== {name} ==", file=sys.stderr, flush=True)
        outcomes.append(run_one(name))
    missed = sum(1 for o in outcomes for r in o.rows if not r["ok"])
    rows = sum(len(o.rows) for o in outcomes)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    summary = f"{rows - missed} of {rows} targets met ({when}, load average {load}, {os.cpu_count()} CPUs)"
    body = [*table(outcomes), "", summary]
    scale = scaling(outcomes)
    if scale:
        body += ["", "How each cost grows:", "", *scale]
    print("\n" + "\n".join(body))
    if readme:
        write_readme(body)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
