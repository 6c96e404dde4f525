"""What the Settings and Help menus need from the composition root, handed to the main window once.

The window never reads the data folder or the settings file itself: app.py (or a test) says where
things are and how settings are loaded and saved, so a test can point every piece at its own folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portdesk.platform.settings import Settings
    from portdesk.services.connections import ConnectionsService
    from portdesk.services.profile_catalogue import ProfileCatalogue
    from portdesk.ui.jobs import JobRunner


@dataclass
class AppContext:
    data_folder: Path
    database: str  # as the user knows it: a file path, or the URL without its password
    log_file: Path | None
    load_settings: Callable[[], Settings]
    save_settings: Callable[[Settings], None]
    catalogue: Callable[[], ProfileCatalogue]  # the shipped profiles and the user's overrides
    ocr_available: Callable[[], bool]  # Tesseract can be found (asked when the OCR page opens)
    user_profiles_folder: Path | None = None
    open_copies_folder: Path | None = None  # documents opened in the system viewer are copied here
    reset_demo: Callable[[], None] | None = None  # set in demo mode: start the demo data over
    # The Connections page: carrier connections (secrets in the keyring), the runner its Test and
    # saves go through, and whom to tell when a connection was added or removed (the sync controller).
    connections: ConnectionsService | None = None
    jobs: JobRunner | None = None
    connections_changed: Callable[[], None] | None = None
