"""Loggers made on first use, and the log file's set-up run just before the first of them.

Most runs of a short command log nothing: `portdesk lint` of a good order file never gets to a
`log.…` line, and importing `logging` (with traceback, string, threading) costs it ~3 ms cold. The
modules such a command loads ask for their logger here when they have something to log; a command
that sets up its log file this way (`set_up_at_first_logger`) has it in place before the first record.
A module that imports `logging` itself is for paths that set up the log file before loading it.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    import logging

_pending: list[Callable[[], object]] = []


def set_up_at_first_logger(set_up: Callable[[], object]) -> None:
    """Run `set_up` (which configures logging) before the first logger is handed out."""
    _pending.append(set_up)


def ready() -> None:
    """Run the pending set-up now: before loading modules that log through `logging` directly."""
    while _pending:
        _pending.pop(0)()


def logger(name: str) -> logging.Logger:
    """`logging.getLogger(name)`, with the log file set up first if a command asked for that."""
    ready()
    import logging

    return logging.getLogger(name)
