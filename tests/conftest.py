"""Shared test setup: Qt offscreen, and every test gets its own PortDesk data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def portdesk_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point PORTDESK_HOME at a fresh folder so no test touches the user's real data."""
    home = tmp_path_factory.mktemp("portdesk-home")
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    monkeypatch.delenv("PORTDESK_DATABASE_URL", raising=False)
    return home
