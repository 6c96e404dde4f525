"""Output helpers shared by the headless commands: JSON out, one-line errors, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FOUND_ERRORS = 1
EXIT_FAILED = 2


class CliError(Exception):
    """The job could not be done: one clear line (file and reason), exit 2."""


def fail(message: str, code: int = EXIT_FAILED) -> int:
    """One line on stderr, even when the reason (a driver's message, say) spans several."""
    one_line = " ".join(message.split())
    print(f"portdesk: {one_line}", file=sys.stderr)
    return code


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str))
    sys.stdout.write("\n")


def parse_today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--today {value!r}: expected a date as YYYY-MM-DD") from None


def read_input_bytes(name: str) -> bytes:
    """A file's bytes, or stdin's for '-'; a clear CliError when it cannot be read."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise CliError(f"{name}: cannot read ({exc.strerror})") from None


def load_order_file(name: str):  # type: ignore[no-untyped-def]
    """Read an order file; CliError naming the file on any problem."""
    from portdesk.domain.order import OrderFileError, PortOrder

    raw = read_input_bytes(name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{name}: not UTF-8 text") from None
    try:
        return PortOrder.from_json(text)
    except OrderFileError as exc:
        raise CliError(f"{name}: {exc}") from None
