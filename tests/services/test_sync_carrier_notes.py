"""The carrier's notes come back into the order's thread, marked with the connection, and the hub hears
them (the sandbox's world refuses this account for a hunt group, so every dialect explains itself)."""

from __future__ import annotations

import copy

import pytest

from portdesk.sandbox.world import World, parse_world
from portdesk.services.events import Change
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import base, sandbox, world_data  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


@pytest.fixture
def world() -> World:
    data = copy.deepcopy(world_data())
    data["accounts"][0]["features"] = ["hunt_group"]
    return parse_world(data)


@pytest.mark.parametrize("profile", ["kazoo", "bandwidth", "telnyx"])
def test_the_carriers_notes_come_back_into_the_order_marked_with_the_connection(
        profile, tmp_path, capsys, monkeypatch, base, file_keyring) -> None:  # noqa: F811
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, profile)
    order_id = desk.submitted_order()

    def theirs(shown: dict) -> list[dict]:  # type: ignore[type-arg]
        return [c for c in shown.get("comments", []) if str(c.get("author", "")).endswith(f"({desk.name})")]

    shown = desk.cycle_until(order_id, lambda s: s["status"] == "exception" and bool(theirs(s)))
    assert shown["status"] == "exception" and shown["rejections"][0]["reason"] == "special_feature"
    notes = theirs(shown)
    assert notes and all(c["text"] and c.get("source") == desk.name for c in notes), shown.get("comments")
    assert {c["text"] for c in notes} <= {h["text"] for h in shown["history"] if h["kind"] == "comment"}
    assert any(e.change is Change.COMMENT and e.source == desk.name for e in desk.heard)
