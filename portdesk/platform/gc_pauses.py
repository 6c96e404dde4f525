"""Keep full garbage collections short, so they never stall the GUI thread for long.

A full CPython collection walks every tracked object. After start-up (and after the PDF library is
loaded) nearly all of them are the libraries' modules and classes and the main window, which live as
long as the process: freezing them takes them out of every later walk. Measured on a 100-page bill
scrolled top to bottom: full collections of 37-51 ms became 14-24 ms (benchmarks/bench_viewer.py).
Only call this at moments when what exists is meant to stay: frozen cycles are never collected.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_long_lived() -> None:
    """Move every object alive now to the permanent generation (cheap: a list splice, no walk)."""
    gc.freeze()


@contextmanager
def collection_paused(*, keep_survivors: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block: for work that makes many short-lived, acyclic objects.

    Reading a bill makes a tuple per word, a list per line and a string per line, thousands per page;
    the young-generation passes they trigger walk them and free nothing (reference counting does).
    The switch is process-wide, so it is only turned back on by the block that turned it off.

    `keep_survivors`: what the block made and is still alive at its end is frozen before the collector
    comes back (a one-shot command: the modules it imported). Otherwise the first allocation after the
    block finds every object made inside it counted as new and walks them all in one pass (a full one,
    ~7 ms after `portdesk split`), to free nothing. A cycle left behind by the block is never collected.
    """
    was_on = gc.isenabled()
    if was_on:
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            if keep_survivors:
                gc.freeze()
            gc.enable()


# What full_collections_deferred shares between the threads inside it: the collector's thresholds are
# process-wide, so the first block in saves them and the last one out puts them back.
_deferral_lock = threading.Lock()
_deferring = 0
_saved_thresholds: tuple[int, int, int] | None = None
# count[2] (young-to-middle passes since the last full one) never gets this far within a cycle
_NEVER = 1 << 30


@contextmanager
def full_collections_deferred(*, collect_after: bool = True) -> Iterator[None]:
    """Only young and middle collections inside the block; the full one, if wanted, once at its end.

    For a background worker (a sync cycle): a full collection walks every object not frozen while the
    worker holds the interpreter, and the GUI thread waits for it (30-120 ms on a loaded machine). Young
    passes still free the cycles the work makes; what reaches the old generation meanwhile waits for the
    end of the block, where the last thread out restores the thresholds and (collect_after) collects
    fully once, on its own thread, so the stall is not left for the next allocation to trigger on the GUI
    thread. Thread-safe and nestable; thresholds set by someone else inside the block are overwritten.
    """
    global _deferring, _saved_thresholds
    with _deferral_lock:
        if _deferring == 0:
            _saved_thresholds = gc.get_threshold()
            gc.set_threshold(_saved_thresholds[0], _saved_thresholds[1], _NEVER)
        _deferring += 1
    last = False
    try:
        yield
    finally:
        with _deferral_lock:
            _deferring -= 1
            if _deferring == 0 and _saved_thresholds is not None:
                gc.set_threshold(*_saved_thresholds)
                _saved_thresholds = None
                last = True
        if last and collect_after and gc.isenabled():
            gc.collect()
