"""Keep full garbage collections short, so they never stall the GUI thread for long.

A full CPython collection walks every tracked object. After start-up (and after the PDF library is
loaded) nearly all of them are the libraries' modules and classes and the main window, which live as
long as the process: freezing them takes them out of every later walk. Measured on a 100-page bill
scrolled top to bottom: full collections of 37-51 ms became 14-24 ms (benchmarks/bench_viewer.py).
Only call this at moments when what exists is meant to stay: frozen cycles are never collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_long_lived() -> None:
    """Move every object alive now to the permanent generation (cheap: a list splice, no walk)."""
    gc.freeze()


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block: for work that makes many short-lived, acyclic objects.

    Reading a bill makes a tuple per word, a list per line and a string per line, thousands per page;
    the young-generation passes they trigger walk them and free nothing (reference counting does).
    The switch is process-wide, so it is only turned back on by the block that turned it off.
    """
    was_on = gc.isenabled()
    if was_on:
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
