"""Paths and typed settings. Never secrets (those live in the OS keyring).

`PORTDESK_HOME` moves the whole data folder (database, logs, settings, user profiles);
`PORTDESK_DATABASE_URL` picks the queue database.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from portdesk.platform.data_folder import (  # re-exported: the paths have always been read from here
    APP_NAME,
    LOG_FILE,
    DataFolderError,
    data_dir,
    database_url,
    default_database_url,
    log_path,
    make_log_file,
    user_profiles_dir,
)
from portdesk.platform.safe_files import create_private_file, read_regular_file, write_private_atomically

__all__ = [
    "APP_NAME",
    "LOG_FILE",
    "DataFolderError",
    "SettingSpec",
    "Settings",
    "data_dir",
    "database_url",
    "default_database_url",
    "log_path",
    "setup_logging",
    "setup_logging_on_demand",
    "user_profiles_dir",
]

SETTINGS_FILE = "settings.json"
SETTINGS_MAX_BYTES = 1024 * 1024
log = logging.getLogger(__name__)


@functools.cache
def _private_log_handler() -> type[logging.Handler]:
    """The handler class, made on first use: logging.handlers pulls in socket, pickle and queue, which a
    headless command that logs nothing does not need."""
    import logging.handlers

    class PrivateLogHandler(logging.handlers.RotatingFileHandler):
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

    return PrivateLogHandler


def _file_handler(path: Path) -> logging.Handler:
    handler = _private_log_handler()(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")  # type: ignore[call-arg,arg-type]
    from portdesk.platform.log_redaction import RedactingFormatter

    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in the data folder: tracebacks go here, never to the user."""
    path = log_path()
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_portdesk", False)]:
        if Path(getattr(old, "baseFilename", "")) == path.resolve():
            return path
        root.removeHandler(old)  # the data folder moved (PORTDESK_HOME changed): follow it
        old.close()
    handler = _file_handler(path)
    handler._portdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path


class _LogFileOnDemand(logging.Handler):
    """The same log file, opened at the first record: a headless command that has nothing to log (most
    runs) neither imports logging.handlers nor touches the data folder for it."""

    def __init__(self) -> None:
        super().__init__()
        self._real: logging.Handler | None = None
        self._path: Path | None = None  # where _real writes; the data folder may move (PORTDESK_HOME)

    def emit(self, record: logging.LogRecord) -> None:
        path = log_path()
        if path != self._path:  # the first record, or the data folder moved: follow it, as setup_logging does
            if self._real is not None:
                self._real.close()
            self._path, self._real = path, None
            with contextlib.suppress(OSError):  # a read-only data folder must not stop a headless check
                self._real = _file_handler(path)
        if self._real is not None:
            self._real.handle(record)

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
        super().close()


def setup_logging_on_demand(level: int = logging.INFO) -> None:
    """`setup_logging` for a short-lived command: the log file is there (0600) from the start, as
    before, but its handler is made when something is logged."""
    make_log_file()
    root = logging.getLogger()
    if not any(isinstance(h, _LogFileOnDemand) or getattr(h, "_portdesk", False) for h in root.handlers):
        root.addHandler(_LogFileOnDemand())
    root.setLevel(level)


@dataclass(frozen=True)
class SettingSpec:
    """One setting as data: what the Settings dialog shows, and what a settings.json value must be."""

    name: str
    type: type
    label: str
    description: str
    page: str  # the Settings dialog page that shows it: "general", "profiles", "ocr" …
    group: str = ""  # a heading on that page
    minimum: int | None = None  # int settings: the accepted range
    maximum: int | None = None
    choices: str | None = None  # "profiles": one of the profile catalogue's ids
    restart: bool = False  # the running app reads it at start-up only


def setting(default: Any = MISSING, *, default_factory: Any = MISSING, **spec: Any) -> Any:
    """A Settings field carrying its own description (`SettingSpec` minus name and type)."""
    if default_factory is not MISSING:
        return field(default_factory=default_factory, metadata={"setting": spec})
    return field(default=default, metadata={"setting": spec})


def _login_name() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "coordinator"


@dataclass
class Settings:
    """The user's settings, declared once: each field says its label, description and page."""

    author: str = setting(
        default_factory=_login_name, label="Your name", page="general", restart=True,
        description="Written as the author of every change, comment and override you make.")
    default_profile: str = setting(
        "kazoo", label="Default provider profile", page="profiles", choices="profiles", restart=True,
        description="The profile for new orders and for orders that do not name one.")
    ocr_enabled: bool = setting(
        False, label="Read scanned bills with OCR", page="ocr",
        description="Bills without a text layer are read with Tesseract (slower; needs Tesseract installed).")
    sync_interval_seconds: int = setting(
        300, label="Sync every (seconds)", page="general", group="Carrier sync", minimum=30, maximum=86_400,
        description="How often each carrier connection is asked for news about your orders.")
    notifications_enabled: bool = setting(
        True, label="Desktop notifications", page="general", group="Carrier sync",
        description="A desktop notification on FOC, rejection, completion and a cut-off approaching.")
    # keys this version does not know (a newer PortDesk wrote them): kept as they are on save
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def specs(cls) -> tuple[SettingSpec, ...]:
        """Every setting, in declaration order."""
        return tuple(SettingSpec(name=f.name, type=_field_type(f.type), **f.metadata["setting"])
                     for f in fields(cls) if "setting" in f.metadata)

    @classmethod
    def load(cls) -> Settings:
        """The settings in the data folder; a missing or unreadable file, or a wrong value, is the default."""
        path = data_dir() / SETTINGS_FILE
        try:
            raw = json.loads(read_regular_file(path, SETTINGS_MAX_BYTES, "the settings file").decode("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        specs = {spec.name: spec for spec in cls.specs()}
        known: dict[str, Any] = {}
        for name, value in raw.items():
            spec = specs.get(name)
            if spec is not None and _valid(spec, value):
                known[name] = value
            elif spec is not None:
                log.warning("settings: %s has a value of the wrong kind; using the default", name)
        extra = {k: v for k, v in raw.items() if k not in specs}
        return cls(**known, extra=extra)

    def save(self) -> None:
        """Write settings.json (0600, atomically); unknown keys from a newer version are kept."""
        data = {**self.extra, **{spec.name: getattr(self, spec.name) for spec in self.specs()}}
        write_private_atomically(data_dir() / SETTINGS_FILE, json.dumps(data, indent=2).encode("utf-8"))


def _field_type(annotation: Any) -> type:
    return {"str": str, "bool": bool, "int": int}[annotation] if isinstance(annotation, str) else annotation


def _valid(spec: SettingSpec, value: Any) -> bool:
    if spec.type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        return (spec.minimum is None or value >= spec.minimum) and (spec.maximum is None or value <= spec.maximum)
    return isinstance(value, spec.type)
