"""Paths and typed settings. Never secrets (those live in the OS keyring).

`PORTDESK_HOME` moves the whole data folder (database, logs, settings, user profiles);
`PORTDESK_DATABASE_URL` picks the queue database.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

APP_NAME = "PortDesk"
SETTINGS_FILE = "settings.json"
LOG_FILE = "portdesk.log"


def data_dir() -> Path:
    home = os.environ.get("PORTDESK_HOME")
    if home:
        path = Path(home).expanduser()
    else:
        import platformdirs  # only here: the default folder is per platform

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'portdesk.sqlite3'}"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("PORTDESK_DATABASE_URL") or default_database_url()


def user_profiles_dir() -> Path:
    return data_dir() / "profiles"


def log_path() -> Path:
    return data_dir() / LOG_FILE


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to a rotating file in the data folder: tracebacks go here, never to the user."""
    path = log_path()
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_portdesk", False)]:
        if Path(getattr(old, "baseFilename", "")) == path.resolve():
            return path
        root.removeHandler(old)  # the data folder moved (PORTDESK_HOME changed): follow it
        old.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
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

    @classmethod
    def load(cls) -> Settings:
        path = data_dir() / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self) -> None:
        path = data_dir() / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(path)
