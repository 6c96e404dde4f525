"""What the sync looks like from the status bar: each connection's state, and the one line that sums them.

Plain data, no Qt: the controller keeps a `ConnectionStatus` per connection and `summarise` turns them
into the indicator's words — "online", "syncing 3 of 40", "offline since 10:42",
"connection telnyx-main failing: Telnyx refused the API key".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

IDLE, SYNCING, OFFLINE, FAILING = "idle", "syncing", "offline", "failing"
# A connection that could not be reached (refused, timed out) is offline; one whose provider answered
# with a refusal (a wrong key) or with no proper answer (a 5xx, garbage) is failing, and says why.
OFFLINE_KINDS = frozenset({"transient"})
MAX_WHY = 80


@dataclass
class ConnectionStatus:
    name: str
    state: str = IDLE
    phase: str = "syncing"  # "sending" the outbox, then "syncing" the orders it follows
    done: int = 0
    total: int = 0
    error: str | None = None
    since: dt.datetime | None = None  # the first failure of the current run of failures
    failures: int = 0
    last_ok: dt.datetime | None = None
    next_try: dt.datetime | None = None  # when the back-off tries it again by itself


@dataclass(frozen=True)
class SyncStatus:
    """The indicator's words and level ("none", "ok", "busy", "offline", "failing"), and the detail."""

    text: str
    level: str
    detail: str
    connections: tuple[ConnectionStatus, ...] = ()


def _hhmm(when: dt.datetime) -> str:
    return when.astimezone().strftime("%H:%M")


def _short(text: str, limit: int = MAX_WHY) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summarise(statuses: Sequence[ConnectionStatus]) -> SyncStatus:
    if not statuses:
        return SyncStatus("no carrier connection", "none",
                          "Add a connection in Settings → Connections to send and follow orders.")
    busy = [s for s in statuses if s.state == SYNCING]
    failing = [s for s in statuses if s.state == FAILING]
    offline = [s for s in statuses if s.state == OFFLINE]
    parts: list[str] = []
    if busy:
        total = sum(s.total for s in busy)
        at = sum(min(s.done + 1, s.total) for s in busy if s.total)
        word = "sending" if all(s.phase == "sending" for s in busy) else "syncing"
        parts.append(f"{word} {at} of {total}" if total else "syncing…")
    if failing:
        first = failing[0]
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        parts.append(f"connection {first.name} failing: {_short(first.error or 'no answer')}{more}")
    if offline:
        since = min(s.since for s in offline if s.since is not None) if any(s.since for s in offline) else None
        when = f" since {_hhmm(since)}" if since else ""
        if len(offline) == len(statuses):
            why = f" — {_short(offline[0].error, 60)}" if len(offline) == 1 and offline[0].error else ""
            parts.append(f"offline{when}{why}")
        else:
            parts.append(f"connection {offline[0].name} offline{when}")
    level = "failing" if failing else "offline" if offline else "busy" if busy else "ok"
    fresh = any(s.state == IDLE and s.last_ok is None for s in statuses)
    text = " · ".join(parts) or ("not synced yet" if fresh else "online")
    return SyncStatus(text, level, "\n".join(_detail(s) for s in statuses), tuple(statuses))


def _detail(s: ConnectionStatus) -> str:
    """One line per connection for the tooltip: the whole reason, and when it is tried again."""
    if s.state in (FAILING, OFFLINE):
        retry = f"; next try by itself at {_hhmm(s.next_try)}" if s.next_try else ""
        since = f" since {_hhmm(s.since)}" if s.since else ""
        return f"{s.name}: {'failing' if s.state == FAILING else 'offline'}{since}: {s.error or 'no answer'}{retry}"
    if s.state == SYNCING:
        return f"{s.name}: {s.phase} {min(s.done + 1, s.total)} of {s.total}" if s.total else f"{s.name}: syncing"
    return f"{s.name}: online" + (f", last synced at {_hhmm(s.last_ok)}" if s.last_ok else ", not synced yet")
