"""Simulated time: the sandbox's day runs `speed` times faster than the wall clock.

Nothing runs in the background. Whatever the carriers would do later (review, the losing carrier's
answer, the FOC, completion) is put on the scheduler with a simulated due time, and every request
first runs what has fallen due. A client cannot tell the difference (it only sees the world when it
asks) and a test never races a timer thread.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class SimClock:
    """Simulated UTC time: starts at `start` and advances `speed` simulated seconds per real second."""

    def __init__(self, speed: float = 1.0, start: dt.datetime | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be a positive number, not {speed!r}")
        self.speed = float(speed)
        self._monotonic = monotonic
        self._origin_real = monotonic()
        self._origin_sim = (start or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        self._skipped = dt.timedelta(0)  # time jumped forward by hand (tests, `advance`)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        elapsed = (self._monotonic() - self._origin_real) * self.speed
        with self._lock:
            return self._origin_sim + self._skipped + dt.timedelta(seconds=elapsed)

    def set_speed(self, speed: float) -> None:
        """Change the pace from now on (a test slows time down to act inside a window)."""
        if not speed > 0:
            raise ValueError(f"speed must be a positive number, not {speed!r}")
        now = self.now()
        with self._lock:
            self._origin_real = self._monotonic()
            self._origin_sim = now
            self._skipped = dt.timedelta(0)
            self.speed = float(speed)

    def advance(self, delta: dt.timedelta) -> None:
        """Jump simulated time forward (a test moving to the FOC date without waiting)."""
        if delta < dt.timedelta(0):
            raise ValueError("time only moves forward")
        with self._lock:
            self._skipped += delta

    def real_seconds(self, simulated: dt.timedelta) -> float:
        """How long a simulated span takes on the wall clock."""
        return simulated.total_seconds() / self.speed


@dataclass(order=True)
class _Job:
    due: dt.datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


class Scheduler:
    """Actions due at simulated times, run in due order by `run_due` (called before each request)."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self._jobs: list[_Job] = []
        self._seq = itertools.count()
        self._lock = threading.RLock()
        self._running: dt.datetime | None = None

    def now(self) -> dt.datetime:
        """The simulated time of what is happening: a running job's due time, else the clock's.

        A job that fell due while nobody was asking still happened at its due time, so what it
        records (and schedules after itself) is dated then, not when a request noticed it.
        """
        return self._running if self._running is not None else self.clock.now()

    def at(self, due: dt.datetime, action: Callable[[], None]) -> None:
        with self._lock:
            heapq.heappush(self._jobs, _Job(due, next(self._seq), action))

    def after(self, delay: dt.timedelta, action: Callable[[], None]) -> None:
        self.at(self.now() + delay, action)

    def run_due(self) -> int:
        """Run every job whose time has come (jobs may schedule more); returns how many ran."""
        ran = 0
        with self._lock:
            now = self.clock.now()
            while self._jobs and self._jobs[0].due <= now:
                job = heapq.heappop(self._jobs)
                self._running = job.due
                try:
                    job.action()
                finally:
                    self._running = None
                ran += 1
        return ran

    def next_due(self) -> dt.datetime | None:
        with self._lock:
            return self._jobs[0].due if self._jobs else None

    def __len__(self) -> int:
        return len(self._jobs)
