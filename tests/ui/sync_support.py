"""The carrier side of the desktop tests: the in-process sandbox on 127.0.0.1, a file keyring in the
test's tmp folder, and the real connections service over the test's SQLite database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from portdesk.carriers import open_gateway
from portdesk.credentials.lazy_secrets import LazyKeyringSecrets
from portdesk.platform import settings
from portdesk.platform.settings import Settings
from portdesk.sandbox.server import Sandbox, SandboxServer
from portdesk.sandbox.world import World
from portdesk.services.connections import ConnectionsService
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.store.connections import SqlConnectionStore
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.app_context import AppContext
from portdesk.ui.jobs import JobRunner

START = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)  # a Monday morning at the sandbox


class RunningSandbox:
    """One sandbox server; `stop()` kills it mid-test (a sandbox process dying), `url(dialect)` its API roots."""

    def __init__(self, speed: float = 1.0, world: World | None = None) -> None:
        self.box = Sandbox(world, speed=speed, start=START, rate_limit=0)
        self.server = SandboxServer(self.box, "127.0.0.1", 0, log=None)
        self.server.start()
        self.base = self.server.base_url
        self.port = self.server.server_address[1]
        self.running = True

    def restart(self) -> None:
        """The sandbox comes back on the same port with the same state (the process restarted)."""
        self.server = SandboxServer(self.box, "127.0.0.1", self.port, log=None)
        self.server.start()
        self.running = True

    def url(self, dialect: str) -> str:
        return {"telnyx": f"{self.base}/telnyx/v2", "kazoo": f"{self.base}/kazoo/v2",
                "bandwidth": f"{self.base}/bandwidth/api"}[dialect]

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    box = RunningSandbox()
    yield box
    box.stop()


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """keyrings.alt's plaintext file backend, chosen explicitly, its file under this test's tmp_path."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return tmp_path / "xdg-data" / "python_keyring" / "keyring_pass.cfg"


@pytest.fixture
def connections(store: SqlQueueStore) -> ConnectionsService:
    return ConnectionsService(SqlConnectionStore(store.engine), LazyKeyringSecrets(), open_gateway)


def make_context(portdesk_home: Path, connections: ConnectionsService | None, jobs: JobRunner | None,
                 changed: list[str] | None = None) -> AppContext:
    return AppContext(
        data_folder=settings.data_dir(), database=str(portdesk_home / "queue.sqlite3"), log_file=None,
        load_settings=Settings.load, save_settings=lambda s: s.save(),
        catalogue=lambda: ProfileCatalogue.build(settings.user_profiles_dir()),
        ocr_available=lambda: False, user_profiles_folder=settings.user_profiles_dir(),
        connections=connections, jobs=jobs,
        connections_changed=(lambda: changed.append("changed")) if changed is not None else None,
    )
