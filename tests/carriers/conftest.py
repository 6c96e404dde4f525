"""The local provider stand-in, one per test, and connections pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.carriers.mock_carriers import MockCarriers, serve
from tests.carriers.sandbox_desk import PROVIDERS, SandboxDesk, open_desk


@pytest.fixture
def mock() -> Iterator[tuple[str, MockCarriers]]:
    server, state = serve()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def file_keyring(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """keyrings.alt's plaintext file backend, chosen explicitly, its file under this test's tmp_path."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return tmp_path / "xdg-data" / "python_keyring" / "keyring_pass.cfg"


@pytest.fixture(params=sorted(PROVIDERS))
def sdesk(request: pytest.FixtureRequest, tmp_path, capsys, monkeypatch: pytest.MonkeyPatch,
          file_keyring) -> Iterator[SandboxDesk]:
    """A CLI desk with one connection to the in-process sandbox, once per provider."""
    desk = open_desk(tmp_path, capsys, monkeypatch, request.param)
    try:
        yield desk
    finally:
        desk.close()
