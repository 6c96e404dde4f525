"""Realistic noise for sync tests (`--faults RATE`): 500s, timeouts, 429 with Retry-After, cut bodies.

Deterministic for a given seed, so a failing test can be replayed. A timeout really sleeps (past a
client's timeout, but bounded so a test run cannot hang) after the sandbox has done the work — the
case where the carrier accepted an order and its answer was lost.
"""

from __future__ import annotations

import random
import threading

KINDS = ("error", "timeout", "throttle", "truncate")
SERVER_ERROR, TIMEOUT, THROTTLE, TRUNCATE = KINDS


class Faults:
    def __init__(self, rate: float = 0.0, seed: int | None = None, timeout_seconds: float = 12.0,
                 kinds: tuple[str, ...] = KINDS) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, not {rate!r}")
        unknown = set(kinds) - set(KINDS)
        if unknown or not kinds:
            raise ValueError(f"fault kinds must be among {', '.join(KINDS)}")
        self.rate = rate
        self.timeout_seconds = max(0.0, min(timeout_seconds, 60.0))
        self.kinds = kinds
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def draw(self) -> str | None:
        """The fault for the next request, or None."""
        if self.rate <= 0:
            return None
        with self._lock:
            if self._rng.random() >= self.rate:
                return None
            return self._rng.choice(self.kinds)
