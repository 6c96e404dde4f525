"""Start a command as a terminal starts a foreground job: Ctrl+C (SIGINT) and SIGTERM reach it.

A child inherits its parent's ignored and blocked signals. A test worker's process is not a shell, and
for a moment it may have SIGINT ignored or blocked (a C library's system() ignores it while it waits),
so a child started then ignored the test's Ctrl+C for good. A shell resets both for a foreground job.
"""

from __future__ import annotations

import signal
from pathlib import Path


def as_foreground_job() -> None:
    """`preexec_fn` for Popen: SIGINT back to its default, SIGINT and SIGTERM unblocked."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def signal_state(pid: int) -> str:
    """The child's blocked, ignored and caught signal masks, for a failure message."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError as exc:
        return f"(no /proc status: {exc})"
    return " ".join(line for line in lines if line.startswith(("SigBlk", "SigIgn", "SigCgt")))
