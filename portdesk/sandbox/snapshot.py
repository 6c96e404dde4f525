"""The sandbox's ports kept in a file between runs (the demo's sandbox continues where it stopped).

What is kept: the simulated time, every port and each dialect's own records of it. What is not: the
scheduled steps (they are closures); on loading, each live port's next step is scheduled again from
its state and when it entered it (`Lifecycle.resume`).

The file is a pickle, read back with an unpickler that only builds the sandbox's own records and
plain values (datetimes, containers): a file that names anything else is refused, so a tampered
state file cannot run code. It is written to a temporary file and renamed, so a crash never leaves
half a state behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import io
import os
import pickle
from pathlib import Path
from typing import Any

from portdesk.sandbox.server import Sandbox

FORMAT = 1
_SAFE_MODULES = ("portdesk.sandbox.", "portdesk.domain.")
# Plain values a state holds besides the sandbox's records (`iter`/`range`: a dialect's id counter).
_SAFE_GLOBALS = {
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"), ("builtins", "iter"), ("builtins", "range"), ("builtins", "set"),
    ("builtins", "frozenset"), ("xml.etree.ElementTree", "Element"), ("_elementtree", "Element"),
}


class StateError(Exception):
    """A state file that cannot be used: one line in words."""


class _SandboxUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        if module.startswith(_SAFE_MODULES) and not name.startswith("_"):
            found = super().find_class(module, name)
            # only the records defined there (dataclasses, enums): nothing that acts when it is built
            if isinstance(found, type) and found.__module__ == module and (
                    dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)):
                return found
        raise StateError(f"the state file names {module[:60]}.{name[:60]}, which a sandbox state never holds")


def _dialect_state(dialect: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(dialect).items() if k != "life"}


def save_state(sandbox: Sandbox, path: Path) -> None:
    with sandbox.lock:
        state = {"format": FORMAT, "now": sandbox.clock.now(), "ports": sandbox.life.ports,
                 "dialects": {d.prefix: _dialect_state(d) for d in sandbox.dialects}}
        data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def load_state(path: Path) -> dict[str, Any]:
    try:
        state = _SandboxUnpickler(io.BytesIO(path.read_bytes())).load()
    except StateError:
        raise
    except Exception as exc:  # truncated, not a pickle, from another version
        raise StateError(f"{path.name}: not a sandbox state ({type(exc).__name__})") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT or not isinstance(state.get("now"), dt.datetime):
        raise StateError(f"{path.name}: not a sandbox state of this PortDesk")
    return state


def restore(sandbox: Sandbox, state: dict[str, Any]) -> None:
    """Put a loaded state into a new sandbox (whose clock starts at the state's time)."""
    with sandbox.lock:
        sandbox.life.ports.update(state["ports"])
        for dialect in sandbox.dialects:
            vars(dialect).update(state["dialects"].get(dialect.prefix, {}))
        for port in sandbox.life.ports.values():
            sandbox.life.resume(port)


def resumed_sandbox(path: Path, **options: Any) -> Sandbox:
    """A sandbox from the state in `path` when there is one, else a fresh one; `options` as Sandbox's."""
    if not path.is_file():
        return Sandbox(**options)
    state = load_state(path)
    sandbox = Sandbox(start=state["now"], **options)
    restore(sandbox, state)
    return sandbox
