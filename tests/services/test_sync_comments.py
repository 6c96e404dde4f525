"""Comments both ways: a coordinator's comment goes on the next cycle and is marked sent; the carrier's
notes come back into the order's thread (against the sandbox, every dialect)."""

from __future__ import annotations

import pytest

from portdesk.cli.carriers_cmd import open_connections
from portdesk.services.events import Change
from portdesk.services.outbox import SENT
from portdesk.store.outbox import SqlSyncStore
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import base, sandbox, world  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


@pytest.fixture(params=["kazoo", "bandwidth", "telnyx"])
def desk(request, tmp_path, capsys, monkeypatch, base, file_keyring) -> SandboxDesk:  # noqa: F811
    return SandboxDesk((tmp_path, capsys, monkeypatch), base, request.param)


def _at_carrier(desk: SandboxDesk, carrier_id: str) -> list[str]:
    gateway = open_connections(desk.db).open(desk.name)
    try:
        return [n.text for n in gateway.fetch(carrier_id, notes=True).notes if n.from_us]
    finally:
        gateway.close()


def _items(desk: SandboxDesk, order_id: int) -> list[tuple[str, str]]:
    from portdesk.cli.wiring import open_engine

    with SqlSyncStore(open_engine(desk.db)).unit_of_work() as repo:
        return [(i.action, i.state) for i in repo.items(order_id, states=("queued", "sending", "sent", "failed"))]


def test_a_comment_queued_before_the_order_left_goes_after_it_once_and_is_marked_sent(desk: SandboxDesk) -> None:
    order_id = desk.submitted_order()
    desk.service.queue_comment(order_id, "Please port after 6 pm: the shop is open until then.", "coordinator")
    assert [e.change for e in desk.heard if e.order_id == order_id] == [Change.COMMENT]  # told at once
    report = desk.service.run_cycle()
    assert report.errors == [] and report.sent == 2, report
    cid = desk.show(order_id)["submission"]["carrier_orders"][0]["id"]
    assert _at_carrier(desk, cid) == ["Please port after 6 pm: the shop is open until then."]
    assert ("comment", SENT) in _items(desk, order_id)
    desk.service.run_cycle()  # nothing is sent twice
    assert _at_carrier(desk, cid) == ["Please port after 6 pm: the shop is open until then."]
    history = desk.show(order_id)["history"]
    assert any(h["kind"] == "comment" and h.get("source") == desk.name and "sent" in h["text"] for h in history)


def test_a_long_comment_reaches_bandwidth_as_numbered_notes_of_at_most_500_characters(
        tmp_path, capsys, monkeypatch, base, file_keyring) -> None:  # noqa: F811
    desk = SandboxDesk((tmp_path, capsys, monkeypatch), base, "bandwidth")
    order_id = desk.submitted_order()
    desk.service.run_cycle()
    text = " ".join(f"word{i}" for i in range(220))  # about 1,300 characters
    desk.service.queue_comment(order_id, text, "coordinator")
    assert desk.service.run_cycle().errors == []
    cid = desk.show(order_id)["submission"]["carrier_orders"][0]["id"]
    notes = _at_carrier(desk, cid)
    count = len(notes)
    assert count >= 3 and all(len(n) <= 500 for n in notes)
    assert [n.split(" ", 1)[0] for n in notes] == [f"({i}/{count})" for i in range(1, count + 1)]
    assert " ".join(n.split(" ", 1)[1] for n in notes) == text  # nothing lost, no word cut between the parts


def test_a_comment_too_long_for_any_carrier_is_refused_with_the_reason(desk: SandboxDesk) -> None:
    order_id = desk.submitted_order()
    with pytest.raises(ValueError, match="at most 4,000 characters"):
        desk.service.queue_comment(order_id, "x" * 4001, "coordinator")
    with pytest.raises(ValueError, match="empty"):
        desk.service.queue_comment(order_id, "   ", "coordinator")
    assert _items(desk, order_id) == [("create", "queued")]


def test_a_comment_written_while_the_order_was_a_draft_neither_blocks_its_submission_nor_goes_unsent(
        desk: SandboxDesk) -> None:
    order_id = desk.order(desk.profile, port_type="full", new_btn=None)
    desk.service.queue_comment(order_id, "Customer asked for an evening cut-over.", "coordinator")
    desk.service.run_cycle()  # not at any carrier yet: the comment waits, it is not "sent"
    assert _items(desk, order_id) == [("comment", "queued")]
    code, data = desk.submit(order_id)
    assert code == 0 and data["status"] == "queued"
    report = desk.service.run_cycle()
    assert report.errors == [] and report.sent == 2, report
    shown = desk.show(order_id)
    assert shown["status"] in ("submitted", "pending", "foc_confirmed", "completed")
    cid = shown["submission"]["carrier_orders"][0]["id"]
    assert _at_carrier(desk, cid) == ["Customer asked for an evening cut-over."]
    assert sorted(_items(desk, order_id)) == [("comment", SENT), ("create", SENT)]
