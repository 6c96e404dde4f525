"""The data folder is found without platformdirs on plain Linux, and is the folder platformdirs names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from portdesk.platform import data_folder, settings

ENVIRONMENTS = [
    {"HOME": "/home/jane"},
    {"HOME": "/home/jane/"},  # a trailing slash
    {"HOME": "/"},
    {"HOME": "/home/jane", "XDG_DATA_HOME": "/srv/data"},
    {"HOME": "/home/jane", "XDG_DATA_HOME": "/srv/data/"},
    {"HOME": "/home/jane", "XDG_DATA_HOME": ""},
    {"HOME": "/home/jane", "XDG_DATA_HOME": "relative/data"},  # not absolute: ignored by the XDG rules
    {"HOME": "/home/jane", "XDG_DATA_HOME": "~/data"},
    {"HOME": "/home/j ane/ü", "XDG_DATA_HOME": "  "},
]


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is for Linux")
@pytest.mark.parametrize("env", ENVIRONMENTS, ids=lambda env: repr(env))
def test_the_default_data_folder_is_the_one_platformdirs_names(env: dict[str, str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert data_folder._plain_linux_data_dir() is not None
    assert data_folder.default_data_dir() == platformdirs.user_data_dir("PortDesk", appauthor=False)


def test_without_an_absolute_home_platformdirs_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative/home")
    assert data_folder._plain_linux_data_dir() is None
    assert data_folder.default_data_dir() == platformdirs.user_data_dir("PortDesk", appauthor=False)


def test_settings_still_names_the_same_paths(portdesk_home: Path) -> None:
    assert settings.data_dir() == data_folder.data_dir() == portdesk_home
    assert settings.log_path() == portdesk_home / "portdesk.log"
    assert settings.user_profiles_dir() == portdesk_home / "profiles"
    assert settings.DataFolderError is data_folder.DataFolderError


def test_the_default_folder_is_used_and_made_private_without_portdesk_home(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", "from portdesk.platform.data_folder import data_dir; print(data_dir())"],
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    folder = tmp_path / ".local" / "share" / "PortDesk"
    assert done.stdout.strip() == str(folder)
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
