"""Where PortDesk keeps its files: the data folder and the paths in it (re-exported by settings).

Its own module so a short command finds the folder without creating the Settings dataclasses or
importing logging. On plain Linux the default folder is told here, as platformdirs tells it
(`$XDG_DATA_HOME/PortDesk`, else `~/.local/share/PortDesk`): importing platformdirs costs a cold
`portdesk lint` ~3 ms. Anything less plain (another system, Android, no absolute HOME) asks
platformdirs; a test holds the two to the same answer.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import sys
from pathlib import Path

from portdesk.platform.safe_files import create_private_file, private_folder, quote_path

APP_NAME = "PortDesk"
LOG_FILE = "portdesk.log"


class DataFolderError(OSError):
    """The data folder cannot be created; `str()` says so in words, for one CLI line or one dialog."""


def _plain_linux_data_dir() -> str | None:
    """platformdirs' user_data_dir on Linux when it is told by the environment alone; None otherwise."""
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if posixpath.isabs(xdg):
        return os.path.join(xdg, APP_NAME)
    home = os.environ.get("HOME", "")
    if not posixpath.isabs(home):
        return None  # platformdirs falls back to the password database, or refuses
    return os.path.join(os.path.expanduser("~/.local/share"), APP_NAME)


def default_data_dir() -> str:
    plain = _plain_linux_data_dir()
    if plain is not None:
        return plain
    import platformdirs  # only here: the default folder is per platform

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The data folder, created 0700 (tightened when we own it with wider modes): it holds the PINs."""
    home = os.environ.get("PORTDESK_HOME")
    path = Path(home).expanduser() if home else Path(default_data_dir())
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


def make_log_file() -> None:
    """The log file exists (0600) from a command's start, whether or not anything is logged."""
    with contextlib.suppress(OSError):  # a read-only data folder must not stop a headless check
        create_private_file(log_path())
