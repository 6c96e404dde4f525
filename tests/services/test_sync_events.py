"""Sync lands a carrier's changes through the one core: every window hears them, the history names the source."""

from __future__ import annotations

import pytest

from portdesk.services.events import Change
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import base, sandbox, world  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


@pytest.fixture(params=["kazoo", "bandwidth", "telnyx"])
def desk(request, tmp_path, capsys, monkeypatch, base, file_keyring) -> SandboxDesk:  # noqa: F811
    return SandboxDesk((tmp_path, capsys, monkeypatch), base, request.param)


def test_a_listener_on_the_hub_hears_every_change_a_cycle_lands_with_its_connection(desk: SandboxDesk) -> None:
    order_id = desk.submitted_order()
    shown = desk.cycle_until(order_id, lambda s: s["status"] == "completed")
    assert shown["status"] == "completed", shown["history"][-3:]
    mine = [e for e in desk.heard if e.order_id == order_id]
    assert mine and all(e.source == desk.name for e in mine)
    kinds = {e.change for e in mine}
    assert {Change.STATUS, Change.ORDER} <= kinds  # status moves, numbers, the FOC date
    # the last status event carries the version the order has now
    last_status = [e for e in mine if e.change is Change.STATUS][-1]
    assert last_status.version == desk.queue.detail(order_id).version


def test_every_history_event_a_carrier_caused_carries_the_connection_as_source(desk: SandboxDesk) -> None:
    order_id = desk.submitted_order()
    shown = desk.cycle_until(order_id, lambda s: s["status"] == "completed")
    from_carrier = [h for h in shown["history"] if h.get("author") == desk.name]
    assert from_carrier and all(h.get("source") == desk.name for h in from_carrier)
    moves = [h for h in shown["history"] if h.get("kind") == "status" and h.get("source") == desk.name]
    assert any(str(h["text"]).startswith(f"sent to {desk.name}: ") for h in moves)
    assert str(moves[-1]["text"]).endswith("→ Completed")
    assert any(h.get("kind") == "foc" and h.get("source") == desk.name for h in shown["history"])
    assert any(h.get("kind") == "numbers" and h.get("source") == desk.name for h in shown["history"])
