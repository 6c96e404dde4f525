"""Paths and typed settings. Never secrets (those live in the OS keyring).

`PORTDESK_HOME` moves the whole data folder (database, logs, settings, user profiles);
`PORTDESK_DATABASE_URL` picks the queue database.
"""

from __future__ import annotations

import contextlib
import json
import logging
import logging.handlers
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from portdesk.safe_files import (
    create_private_file,
    private_folder,
    quote_path,
    read_regular_file,
    write_private_atomically,
)

APP_NAME = "PortDesk"
SETTINGS_FILE = "settings.json"
LOG_FILE = "portdesk.log"
SETTINGS_MAX_BYTES = 1024 * 1024


class DataFolderError(OSError):
    """The data folder cannot be created; `str()` says so in words, for one CLI line or one dialog."""


def data_dir() -> Path:
    """The data folder, created 0700 (tightened when we own it with wider modes): it holds the PINs."""
    home = os.environ.get("PORTDESK_HOME")
    if home:
        path = Path(home).expanduser()
    else:
        import platformdirs  # only here: the default folder is per platform

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:  # the user's own folder, named in full: it is where they must act
        private_folder(path)
    except OSError as exc:
        raise DataFolderError(f"cannot create the data folder {quote_path(path, 400)}: {exc.strerror or exc}") from None
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'portdesk.sqlite3'}"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("PORTDESK_DATABASE_URL") or default_database_url()


def user_profiles_dir() -> Path:
    return data_dir() / "profiles"


def log_path() -> Path:
    return data_dir() / LOG_FILE


class _PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """The log file (and each rotated one) is 0600; a failed write (disk full) is dropped in silence:
    logging must never put `--- Logging error ---` tracebacks in front of the user."""

    def _open(self):  # type: ignore[no-untyped-def]
        create_private_file(self.baseFilename)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        return None

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            super().flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the last buffered lines of a full disk
            super().close()


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in the data folder: tracebacks go here, never to the user."""
    path = log_path()
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_portdesk", False)]:
        if Path(getattr(old, "baseFilename", "")) == path.resolve():
            return path
        root.removeHandler(old)  # the data folder moved (PORTDESK_HOME changed): follow it
        old.close()
    handler = _PrivateLogHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    from portdesk.log_redaction import RedactingFormatter

    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._portdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path


@dataclass
class Settings:
    default_profile: str = "kazoo"
    author: str = field(default_factory=lambda: os.environ.get("USER") or os.environ.get("USERNAME") or "coordinator")
    ocr_enabled: bool = False
    sync_interval_seconds: float = 300.0  # `portdesk sync` (no --once): seconds between cycles

    @classmethod
    def load(cls) -> Settings:
        path = data_dir() / SETTINGS_FILE
        try:
            raw = json.loads(read_regular_file(path, SETTINGS_MAX_BYTES, "the settings file").decode("utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self) -> None:
        write_private_atomically(data_dir() / SETTINGS_FILE, json.dumps(asdict(self), indent=2).encode("utf-8"))
