"""`portdesk split`: groups of the CLI contract, profiles, invalid entries, and --create drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portdesk.cli import main


def split(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["split", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def mixed_list(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(
        "number,carrier\n"
        "720-555-0100,Lumen\n303-555-0101,Lumen\n303-555-0100,Comcast\n800-555-0100,Lumen\n303-555-0102,Lumen\n"
    )
    return path


def test_8x8_groups_by_kind_carrier_and_npa_nxx(mixed_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = split(capsys, str(mixed_list), "--profile", "8x8")
    assert code == 0 and data["profile"] == "8x8" and data["invalid"] == []
    assert data["groups"] == [
        {"kind": "local", "npa_nxx": "303555", "losing_carrier": "Comcast", "numbers": ["+13035550100"]},
        {"kind": "local", "npa_nxx": "303555", "losing_carrier": "Lumen", "numbers": ["+13035550101", "+13035550102"]},
        {"kind": "local", "npa_nxx": "720555", "losing_carrier": "Lumen", "numbers": ["+17205550100"]},
        {"kind": "toll_free", "npa_nxx": "800555", "losing_carrier": "Lumen", "numbers": ["+18005550100"]},
    ]


def test_default_profile_is_kazoo_and_only_splits_by_kind(mixed_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = split(capsys, str(mixed_list))
    assert code == 0 and data["profile"] == "kazoo"
    assert [(g["kind"], g["npa_nxx"], g["losing_carrier"], len(g["numbers"])) for g in data["groups"]] == [
        ("local", None, None, 4), ("toll_free", None, None, 1),
    ]


def test_configured_default_profile_is_used(mixed_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from portdesk.platform.settings import Settings

    Settings(default_profile="plivo").save()
    assert split(capsys, str(mixed_list))[1]["profile"] == "plivo"


def test_kazoo_cuts_at_100(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "many.txt"
    path.write_text("\n".join(f"303-555-{i:04d}" for i in range(1000, 1230)))
    _, data = split(capsys, str(path), "--profile", "kazoo")
    assert [len(g["numbers"]) for g in data["groups"]] == [100, 100, 30]


def test_bandwidth_cuts_at_its_automated_limit_of_600(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "many.txt"
    path.write_text("\n".join(f"303-555-{i:04d}" for i in range(1000, 2300)))
    code, data = split(capsys, str(path), "--profile", "bandwidth")
    assert code == 0 and [len(g["numbers"]) for g in data["groups"]] == [600, 600, 100]


def test_invalid_entries_are_listed_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text("303-555-0100\n\n\n\n\n\n555-01\n")
    code, data = split(capsys, str(path))
    assert code == 1
    assert data["invalid"][0]["line"] == 7 and data["invalid"][0]["input"] == "555-01"
    assert "too short" in data["invalid"][0]["error"]


def test_unknown_profile_is_exit_2(mixed_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["split", str(mixed_list), "--profile", "nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1
    assert mixed_list.name in err  # the one line names the file (cli.md, Common rules)


def test_create_makes_one_suspended_draft_per_group(
    mixed_list: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    code, data = split(capsys, str(mixed_list), "--profile", "8x8", "--create", "--name", "ABC", "--db", db)
    assert code == 0 and len(data["created"]) == 4
    assert main(["orders", "list", "--tab", "suspended", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)["orders"]
    assert sorted(o["name"] for o in listed) == ["ABC (1/4)", "ABC (2/4)", "ABC (3/4)", "ABC (4/4)"]
    assert sorted(o["numbers"] for o in listed) == [1, 1, 1, 2]
    assert main(["orders", "show", str(data["created"][3]), "--json", "--db", db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["kind"], shown["profile"], shown["numbers"]) == ("toll_free", "8x8", ["+18005550100"])


def test_created_draft_keeps_the_carrier_its_numbers_share(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_text("phone,carrier\n303-555-0100,Lumen\n303-555-0101,Lumen\n")
    db = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    code, data = split(capsys, str(path), "--create", "--name", "Denver", "--db", db)
    assert code == 0 and data["groups"][0]["losing_carrier"] is None  # kazoo does not split by carrier
    assert main(["orders", "show", str(data["created"][0]), "--json", "--db", db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["name"], shown["losing_carrier"]) == ("Denver (1/1)", "Lumen")
