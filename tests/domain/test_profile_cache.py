"""A shipped profile is parsed once and then read from its compiled copy, as Python reads a module from its
.pyc: the copy must give the profile the TOML gives, and must never outlive a change to the file."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

from portdesk.domain import profiles
from portdesk.domain.profiles import SHIPPED_DIR, ProfileError, load_profile_file, parse_profile


def _parsed(path: Path) -> profiles.Profile:
    return parse_profile(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_profile_read_twice_is_the_profile_its_toml_gives(path: Path) -> None:
    first, again = load_profile_file(path), load_profile_file(path)
    assert first == again == _parsed(path)


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(SHIPPED_DIR / "bandwidth.toml", folder / "bandwidth.toml")
    monkeypatch.setattr(profiles, "SHIPPED_DIR", folder)
    return folder / "bandwidth.toml"


def test_the_compiled_copy_is_written_once_and_used_while_the_file_is_unchanged(shipped: Path) -> None:
    load_profile_file(shipped)
    [compiled] = (shipped.parent / "__pycache__").iterdir()
    assert compiled.name.startswith("bandwidth.toml.") and compiled.suffix == ".marshal"
    made = compiled.stat().st_mtime_ns
    assert load_profile_file(shipped) == _parsed(shipped)
    assert compiled.stat().st_mtime_ns == made  # read, not written again


def test_an_edit_of_the_same_size_and_time_is_read_from_the_toml(shipped: Path) -> None:
    load_profile_file(shipped)
    stat = shipped.stat()
    text = shipped.read_text(encoding="utf-8")
    edited = text.replace('name = "Bandwidth off-net port-in"', 'name = "Bandwidth off-net port-IN"')
    assert len(edited) == len(text) and edited != text
    shipped.write_text(edited, encoding="utf-8")
    import os

    os.utime(shipped, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_profile_file(shipped).name == "Bandwidth off-net port-IN"


def test_a_broken_or_foreign_compiled_copy_is_ignored(shipped: Path) -> None:
    load_profile_file(shipped)
    [compiled] = (shipped.parent / "__pycache__").iterdir()
    for junk in (b"", b"\x00garbage", b"\xe9" * 100):
        compiled.write_bytes(junk)
        assert load_profile_file(shipped) == _parsed(shipped)


def test_a_folder_that_cannot_hold_the_copy_still_loads(shipped: Path) -> None:
    (shipped.parent / "__pycache__").write_text("a file where the folder would be")
    assert load_profile_file(shipped) == _parsed(shipped)


def test_a_broken_file_is_refused_as_before_even_after_a_good_one_was_compiled(shipped: Path) -> None:
    load_profile_file(shipped)
    shipped.write_text("id = \n", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile_file(shipped)
    shipped.write_bytes(b"id = \"\xe9\"\n")
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile_file(shipped)


def test_line_ends_are_read_as_before(shipped: Path) -> None:
    shipped.write_bytes(shipped.read_bytes().replace(b"\n", b"\r\n"))
    assert load_profile_file(shipped) == load_profile_file(shipped) == _parsed(shipped)


def test_data_marshal_cannot_hold_is_not_compiled(shipped: Path) -> None:
    profiles._keep_compiled(shipped, b"x", {"day": dt.date(2026, 1, 1)})
    assert not (shipped.parent / "__pycache__").exists()


def test_a_user_profile_is_never_compiled(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    shutil.copy(SHIPPED_DIR / "kazoo.toml", user / "kazoo.toml")
    load_profile_file(user / "kazoo.toml")
    assert list(user.iterdir()) == [user / "kazoo.toml"]
