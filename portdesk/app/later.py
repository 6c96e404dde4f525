"""An adapter built on its first use: the SQL stack comes in with the first job that needs it.

The composition root wires the desk's services at start-up, but their SQL adapters (and SQLAlchemy,
SQLModel and pydantic under them: ~40 MB and most of a cold start) are only needed once a job reads
or writes through them, and every such job runs on the `db` pool. `Later(build)` stands in for the
adapter: the first attribute asked of it calls `build` (once, on whichever thread asks, under a lock)
and everything goes to what it made from then on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Later:
    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._made: Any = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._made is not None

    def made(self) -> Any:
        """The adapter itself, built now if it is not yet."""
        with self._lock:
            if self._made is None:
                self._made = self._build()
            return self._made

    def __getattr__(self, name: str) -> Any:
        made = self._made
        return getattr(made if made is not None else self.made(), name)
