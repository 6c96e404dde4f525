"""Cold, paired measurement of whole processes: a fresh process per round, as a user's command runs.

Each round runs our command and its floor (a bare script doing the same work with the bare libraries,
nothing of PortDesk's) back to back, the two taking turns going first, so a busy moment of the shared
machine hurts both sides of that round alike; the figure is the median of the per-round ratios. Time
is wall time from spawn to exit; memory is each process's own peak resident size (`wait4`), the whole
process, not a part of it.

Bytecode: a user's installed PortDesk runs from compiled `.pyc` files after its first start. When the
environment says PYTHONDONTWRITEBYTECODE (this machine's shells do), every round would compile
PortDesk's ~60 modules from source while the floor compiles nothing; the children run without it,
and one unmeasured round of each side writes the caches first.

Each target prints one line for `python -m benchmarks` to collect (benchmarks.report's `verdict`, and
`scale` for the scaling table), re-exported here.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import scale, verdict

__all__ = ["PYTHON", "Paired", "cold_env", "load_note", "paired_cold", "run_once", "scale", "verdict"]

ROOT = Path(__file__).resolve().parent.parent


def cold_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    code: int


# Spawns the measured command and reports its wall time, peak RSS and exit code. Run with `python -S` and
# nothing imported: a child's peak RSS (ru_maxrss) starts from the size of the process that spawned it
# (Linux carries the spawner's high-water mark over exec), so spawning from this ~8 MB process instead of
# the benchmark itself (tens of MB, every library loaded) keeps the figure the child's own.
_LAUNCHER = """\
import os, sys, time
null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=null)
_, status, usage = os.wait4(pid, 0)
took = time.perf_counter() - start
sys.stdout.write(f"{took} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | Path | None = None) -> Run:
    """One process: wall time from spawn to exit, its own peak RSS, its exit code."""
    out = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, *cmd], capture_output=True, text=True,
                         env=env or cold_env(), cwd=cwd, check=True).stdout.split()
    return Run(float(out[0]), int(out[1]) / 1024, int(out[2]))


@dataclass(frozen=True)
class Paired:
    ours: float  # median seconds
    floor: float
    ratio: float  # median of per-round ratios
    ours_peak_mb: float  # median peak RSS
    floor_peak_mb: float

    @property
    def extra_mb(self) -> float:
        return self.ours_peak_mb - self.floor_peak_mb


def paired_cold(ours: Sequence[str], floor: Sequence[str], rounds: int, *, ours_codes: Sequence[int] = (0,),
                cwd: str | Path | None = None, before_each: Callable[[], object] | None = None) -> Paired:
    """`rounds` paired rounds of two commands, sides alternating; a run with an unexpected exit code stops
    the benchmark (a failing command is fast, and must never count as a figure)."""
    env = cold_env()
    for cmd, codes in ((ours, ours_codes), (floor, (0,))):  # write the bytecode caches, warm the disk cache
        _check(cmd, run_once(cmd, env=env, cwd=cwd), codes)
    o_t, f_t, o_m, f_m, ratios = [], [], [], [], []
    for i in range(rounds):
        took: dict[str, Run] = {}
        order = (("ours", ours, ours_codes), ("floor", floor, (0,)))
        for name, cmd, codes in order if i % 2 == 0 else order[::-1]:
            if before_each is not None:
                before_each()
            took[name] = _check(cmd, run_once(cmd, env=env, cwd=cwd), codes)
        o_t.append(took["ours"].seconds)
        f_t.append(took["floor"].seconds)
        o_m.append(took["ours"].peak_mb)
        f_m.append(took["floor"].peak_mb)
        ratios.append(took["ours"].seconds / took["floor"].seconds)
    med = statistics.median
    return Paired(med(o_t), med(f_t), med(ratios), med(o_m), med(f_m))


def _check(cmd: Sequence[str], run: Run, codes: Sequence[int]) -> Run:
    if run.code not in codes:
        shown = " ".join(str(c) for c in cmd)[:200]
        raise SystemExit(f"benchmark command failed (exit {run.code}): {shown}")
    return run


def load_note() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


PYTHON = sys.executable
