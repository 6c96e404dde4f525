"""The composition roots' room: the desktop app (gui.py) and the adapters it and the CLI wire in.

Importing this package loads no Qt: the CLI takes its adapters from here. `portdesk.app.run_gui`
and the other names of gui.py still resolve here, loaded on first use, for callers of the old path.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    gui = importlib.import_module("portdesk.app.gui")  # not `from … import`: that asks __getattr__

    try:
        return getattr(gui, name)
    except AttributeError:
        raise AttributeError(f"module 'portdesk.app' has no attribute {name!r}") from None
