"""One-shot commands (numbers, split, lint, check-bill) run with cyclic collection paused: what they make
is freed by reference counting, and the collector's passes over 10,000 number records free nothing."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from portdesk.cli import main


@pytest.fixture
def collections_started() -> Iterator[list[int]]:
    started: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.collect()  # start from nothing pending
    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)


def _number_list(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "numbers.txt"
    path.write_text("\n".join(f"(303) 555-{i:04d}" for i in range(count)) + "\n", encoding="utf-8")
    return path


def test_split_of_thousands_of_numbers_runs_no_cyclic_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], collections_started: list[int]
) -> None:
    code = main(["split", str(_number_list(tmp_path, 3000)), "--profile", "8x8", "--json"])
    after = [[i] for i in range(50)]  # the first allocations once the collector is back on: no pass either
    assert code == 0 and after
    assert collections_started == []
    assert sum(len(g["numbers"]) for g in json.loads(capsys.readouterr().out)["groups"]) == 3000


def test_the_collector_is_back_on_after_a_one_shot_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gc.isenabled()
    main(["numbers", str(_number_list(tmp_path, 10)), "--json"])
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_one_shot_command_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["split", str(tmp_path / "missing.txt"), "--json"]) == 2
    assert gc.isenabled()
