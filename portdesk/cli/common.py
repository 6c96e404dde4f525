"""Output helpers shared by the headless commands: JSON out, one-line errors, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sys

from portdesk.platform.safe_files import (
    MAX_ORDER_FILE_BYTES,
    FileRefused,
    read_regular_file,
    read_stream_capped,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
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


def read_input_bytes(name: str, limit: int = MAX_ORDER_FILE_BYTES, what: str = "an order file") -> bytes:
    """A regular file's bytes, or stdin's for '-', at most `limit`; a clear CliError otherwise
    (a FIFO or a device is refused before it is read: it would hang or never end)."""
    try:
        if name == "-":
            return read_stream_capped(sys.stdin.buffer, limit, "stdin", what)
        return read_regular_file(name, limit, what)
    except OSError as exc:  # FileRefused names the file and says why
        raise CliError(str(exc) if isinstance(exc, FileRefused) else f"{name}: cannot read ({exc.strerror})") from None


def load_order_file(name: str):  # type: ignore[no-untyped-def]
    """Read an order file; CliError naming the file on any problem."""
    from portdesk.domain.order import OrderFileError, PortOrder

    raw = read_input_bytes(name)
    try:  # utf-8-sig's reading (one leading BOM dropped), without loading that codec for every file
        text = raw[3:].decode("utf-8") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{name}: not UTF-8 text") from None
    try:
        return PortOrder.from_json(text)
    except OrderFileError as exc:
        raise CliError(f"{name}: {exc}") from None
