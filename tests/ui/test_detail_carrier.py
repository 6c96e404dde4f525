"""The detail pane's carrier side (issue 14) on a real SQLite queue with the real outbox: the rejection banner
in the catalogue's words beside the provider's, Fix, the carrier's status in words and raw, the split parts,
a comment sent with Ctrl+Enter through the outbox and marked sent, and Cancel / Change the date judged by
the provider's cut-off and lead time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from portdesk.carriers import open_gateway
from portdesk.cli.carriers_cmd import _NoSecrets
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.reasons import reason
from portdesk.domain.status import Status
from portdesk.services.connections import ConnectionsService
from portdesk.services.events import OrderEvents
from portdesk.services.order_actions import OrderActions
from portdesk.services.outbox import CarrierPart, Submission
from portdesk.services.queue import QueueService
from portdesk.services.sync import SyncService
from portdesk.store.connections import SqlConnectionStore
from portdesk.store.outbox import SqlSyncStore
from portdesk.ui.detail.detail_pane import OrderDetailPane

from .conftest import TickingClock, order_data

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # a Friday
PROVIDER_WORDS = "End user name on LOA 'Foothills Family Dentistr' does not match CSR 'FOOTHILLS FAMILY DENTISTRY PC'"


@pytest.fixture
def hub() -> OrderEvents:
    return OrderEvents()


@pytest.fixture
def live_queue(store, hub) -> QueueService:
    return QueueService(store, clock=TickingClock(), events=hub)


@pytest.fixture
def sync(store) -> SyncService:
    connections = ConnectionsService(SqlConnectionStore(store.engine), _NoSecrets(), open_gateway)
    return SyncService(SqlSyncStore(store.engine), connections, clock=lambda: NOW)


@pytest.fixture
def actions(sync, live_queue, hub) -> OrderActions:
    return OrderActions(sync, live_queue, lambda pid: get_profile(pid or "telnyx"), events=hub, clock=lambda: NOW)


@pytest.fixture
def pane(qtbot, live_queue, runner, actions, tmp_path: Path) -> OrderDetailPane:
    widget = OrderDetailPane(live_queue, runner, "amy", copies_folder=tmp_path / "copies")
    widget.install_actions(actions)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def _order(store, queue: QueueService, status: Status, *, parts: list[str] | None = None,
           rejections: list[dict[str, Any]] | None = None, foc: dt.date | None = None, **over: Any) -> int:
    [order_id] = queue.create_orders([PortOrder.from_dict(order_data(7, profile="telnyx", **over))], "amy",
                                     status=status)
    if foc is not None:
        queue.set_foc_date(order_id, foc, "telnyx-main")
    if parts is not None:
        with SqlSyncStore(store.engine).unit_of_work() as repo:
            repo.save_submission(Submission(
                order_id, "telnyx-main", "telnyx", f"portdesk-{order_id}-abc", NOW, sent_at=NOW, last_synced_at=NOW,
                carrier_orders=[CarrierPart(p, raw, (f"+1303555{i:04d}",)) for i, (p, raw) in
                                enumerate(p.split("=") for p in parts)],
                rejections=rejections or []))
    return order_id


def _show(qtbot, pane: OrderDetailPane, order_id: int) -> None:
    pane.show_order(order_id)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.id == order_id and pane.carrier_info is not None)


def test_rejection_banner_shows_the_catalogue_words_beside_the_providers_and_fix_emits_the_order(
        qtbot, pane, store, live_queue) -> None:
    rejections = [{"reason": "name_mismatch", "code": "ENTITY_NAME_MISMATCH", "text": PROVIDER_WORDS,
                   "fix": reason("name_mismatch").fix, "at": NOW.isoformat()},
                  {"reason": "pin_invalid", "code": "PASSCODE_PIN_INVALID", "text": "PIN incorrect", "fix": "",
                   "at": NOW.isoformat()}]
    order_id = _order(store, live_queue, Status.EXCEPTION, parts=["ord-1=exception"], rejections=rejections)
    _show(qtbot, pane, order_id)
    assert pane.banner.isVisible()
    text = pane.banner.text()
    assert "2 reasons to fix" in text
    assert reason("name_mismatch").text in text and reason("pin_invalid").text in text  # our words
    assert "Foothills Family Dentistr" in text and "ENTITY_NAME_MISMATCH" in text  # theirs, beside
    assert "telnyx-main said" in text
    with qtbot.waitSignal(pane.fix_requested) as fixed:
        qtbot.mouseClick(pane.banner.fix_button, Qt.MouseButton.LeftButton)
    assert fixed.args == [order_id]


def test_no_banner_once_the_order_is_no_longer_rejected(qtbot, pane, store, live_queue) -> None:
    order_id = _order(store, live_queue, Status.PENDING, parts=["ord-1=submitted"])
    _show(qtbot, pane, order_id)
    assert not pane.banner.isVisible()


def test_the_carriers_status_in_words_and_raw_with_each_split_part(qtbot, pane, store, live_queue) -> None:
    order_id = _order(store, live_queue, Status.FOC_CONFIRMED, parts=["aa-1=foc-date-confirmed",
                                                                      "bb-2=foc-date-confirmed"],
                      foc=dt.date(2026, 12, 10))
    _show(qtbot, pane, order_id)
    line = pane.carrier_line()
    assert "telnyx-main" in line and "FOC confirmed" in line and "“foc-date-confirmed”" in line
    assert "Thu 2026-12-10" in line and "last synced" in line
    assert pane.carrier.field_text("raw") == "foc-date-confirmed"
    assert [r[0] for r in pane.carrier.part_rows()] == ["aa-1", "bb-2"]
    assert pane.carrier._parts_title.text().startswith("The carrier split this order into 2")


def test_a_comment_sent_with_ctrl_enter_lands_in_the_outbox_and_is_marked_sent_after_the_sync(
        qtbot, pane, store, live_queue, sync) -> None:
    order_id = _order(store, live_queue, Status.PENDING, parts=["ord-1=submitted"])
    _show(qtbot, pane, order_id)
    assert pane.timeline.send_button_text() == "Send to telnyx-main"
    box = pane.timeline.findChild(QPlainTextEdit, "comment-input")
    box.setFocus()
    pane.timeline.set_comment_text("Customer confirms the PIN is 4321, please retry")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.timeline.comment_text() == "")
    [item] = [i for i in sync.pending(order_id) if i.action == "comment"]
    assert item.payload["text"] == "Customer confirms the PIN is 4321, please retry"
    marks = [e.mark for e in pane.timeline.entries() if e.kind == "comment"]
    assert marks == ["to telnyx-main · waiting for the next sync"]
    sync._sent(item, "telnyx-main", "comment", f"comment sent: {item.payload['text'][:80]}")  # the cycle's receipt
    pane.reload()
    qtbot.waitUntil(lambda: [e.mark for e in pane.timeline.entries() if e.kind == "comment"]
                    == ["to telnyx-main · sent"])
    assert not any(e.text.startswith("comment sent:") for e in pane.timeline.entries())  # folded into the mark


def test_ctrl_enter_on_a_draft_adds_a_team_note_not_an_outbox_item(qtbot, pane, store, live_queue, sync) -> None:
    order_id = _order(store, live_queue, Status.DRAFT)
    _show(qtbot, pane, order_id)
    assert pane.timeline.send_button_text() == "Add comment"
    box = pane.timeline.findChild(QPlainTextEdit, "comment-input")
    pane.timeline.set_comment_text("Waiting for the bill from the customer")
    qtbot.keyClick(box, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(e.text == "Waiting for the bill from the customer" for e in pane.timeline.entries()))
    assert sync.pending(order_id) == []


def test_a_note_from_the_providers_team_is_marked_as_theirs(qtbot, pane, store, live_queue) -> None:
    order_id = _order(store, live_queue, Status.PENDING, parts=["ord-1=submitted"])
    live_queue.add_event(order_id, "comment", "Please send a CSR", "Porting team (telnyx-main)",
                         {"source": "telnyx-main", "carrier_order": "ord-1"})
    _show(qtbot, pane, order_id)
    [entry] = [e for e in pane.timeline.entries() if e.text == "Please send a CSR"]
    assert entry.mark == "from telnyx-main"


def test_cancel_inside_the_cut_off_is_refused_with_the_reason(qtbot, pane, store, live_queue, sync) -> None:
    # the port is tomorrow morning's: Telnyx's 48 hours before the FOC day began on Thursday
    order_id = _order(store, live_queue, Status.FOC_CONFIRMED, parts=["ord-1=foc-date-confirmed"],
                      foc=dt.date(2026, 11, 21))
    _show(qtbot, pane, order_id)
    assert not pane.cancel_action.isEnabled()
    tip = pane.cancel_action.toolTip()
    assert "48 hours before the FOC" in tip and "porting team" in tip
    failures: list[tuple[str, object]] = []
    pane.action_failed.connect(lambda what, exc: failures.append((what, exc)))
    pane.cancel_action.setEnabled(True)  # a stale menu: the pane still says why, and changes nothing
    pane.cancel_action.trigger()
    assert failures and "48 hours" in str(failures[0][1])
    assert live_queue.detail(order_id).status is Status.FOC_CONFIRMED
    assert sync.pending(order_id) == []


def test_cancel_outside_the_cut_off_queues_the_cancel_for_the_carrier(qtbot, pane, store, live_queue, sync) -> None:
    order_id = _order(store, live_queue, Status.FOC_CONFIRMED, parts=["ord-1=foc-date-confirmed"],
                      foc=dt.date(2026, 12, 10))
    _show(qtbot, pane, order_id)
    assert pane.cancel_action.isEnabled()
    asked: list[str] = []
    pane.confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    pane.cancel_action.trigger()
    qtbot.waitUntil(lambda: live_queue.detail(order_id).status is Status.CANCEL_PENDING)
    assert "telnyx-main" in asked[0] and "Cancel pending" in asked[0]
    assert [i.action for i in sync.pending(order_id)] == ["cancel"]
    qtbot.waitUntil(lambda: pane.detail.status is Status.CANCEL_PENDING)
    assert not pane.cancel_action.isEnabled() and "already on its way" in pane.cancel_action.toolTip()


def test_a_draft_is_cancelled_at_once(qtbot, pane, store, live_queue) -> None:
    order_id = _order(store, live_queue, Status.DRAFT)
    _show(qtbot, pane, order_id)
    pane.confirm = lambda title, text: "at once" in text  # type: ignore[method-assign]
    pane.cancel_action.trigger()
    qtbot.waitUntil(lambda: live_queue.detail(order_id).status is Status.CANCELLED)


def test_change_the_date_refuses_a_weekend_and_a_day_inside_the_lead_time(qtbot, pane, store, live_queue,
                                                                          actions) -> None:
    order_id = _order(store, live_queue, Status.PENDING, parts=["ord-1=submitted"])
    _show(qtbot, pane, order_id)
    detail = pane.detail
    assert "a Saturday" in actions.date_refusal(detail, dt.date(2026, 12, 5))
    assert "Thanksgiving" in actions.date_refusal(detail, dt.date(2026, 11, 26))
    too_soon = actions.date_refusal(detail, dt.date(2026, 11, 24))
    assert "5 business days" in too_soon and "2026-11-30" in too_soon  # Thanksgiving does not count
    assert actions.date_refusal(detail, dt.date(2026, 12, 14)) is None


def test_change_the_date_sends_a_supplement_with_the_new_date(qtbot, pane, store, live_queue, sync) -> None:
    order_id = _order(store, live_queue, Status.PENDING, parts=["ord-1=submitted"])
    _show(qtbot, pane, order_id)
    assert pane.change_date_action.isEnabled()
    pane.ask_new_date = lambda detail, info: dt.date(2026, 12, 14)  # type: ignore[method-assign]
    notices: list[str] = []
    pane.notice.connect(notices.append)
    pane.change_date_action.trigger()
    qtbot.waitUntil(lambda: live_queue.detail(order_id).order.requested_date == "2026-12-14")
    assert [i.action for i in sync.pending(order_id)] == ["supplement"]
    assert notices and "2026-12-14" in notices[0] and "next sync" in notices[0]


def test_the_date_of_a_completed_order_cannot_change_and_says_why(qtbot, pane, store, live_queue) -> None:
    order_id = _order(store, live_queue, Status.COMPLETED, parts=["ord-1=ported"])
    _show(qtbot, pane, order_id)
    assert not pane.change_date_action.isEnabled() and not pane.cancel_action.isEnabled()
    assert "completed" in pane.change_date_action.toolTip() and "completed" in pane.cancel_action.toolTip()


def test_an_order_gone_since_it_was_chosen_clears_the_pane_without_an_error_dialog(qtbot, pane) -> None:
    """Reset demo data (or a teammate) deletes the order while its detail is being read: nothing to show,
    nothing to say — the queue drops the row on its own."""
    failures: list[str] = []
    pane.action_failed.connect(lambda what, exc: failures.append(f"{what}: {exc}"))
    pane.show_order(987_654)  # no such order
    qtbot.wait(300)
    assert failures == []
    assert pane._stack.currentIndex() == 0  # the "choose an order" placeholder
