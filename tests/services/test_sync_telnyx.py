"""Submit → outbox → sync against the Telnyx dialect of the local stand-in, over real HTTP, through the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.carriers.conftest import file_keyring, mock  # noqa: F401 - fixtures
from tests.carriers.mock_carriers import TELNYX_KEY
from tests.services.sync_support import Desk


@pytest.fixture
def desk(tmp_path, capsys, monkeypatch, mock, file_keyring):  # noqa: F811
    base, state = mock
    d = Desk(tmp_path, capsys, monkeypatch)
    d.connect("tx", "telnyx", f"{base}/telnyx/v2", TELNYX_KEY)
    d.state = state  # type: ignore[attr-defined]
    return d


def carrier_order(desk: Desk, order_id: int) -> dict:
    (part,) = desk.show(order_id)["submission"]["carrier_orders"]
    return desk.state.telnyx[part["id"]]  # type: ignore[attr-defined, no-any-return]


def test_an_order_goes_from_submit_to_completed_with_its_rejection_supplement_and_foc(desk: Desk) -> None:
    state = desk.state  # type: ignore[attr-defined]
    order_id = desk.order("telnyx")
    code, data = desk.submit(order_id)
    assert (code, data["status"], data["connection"]) == (0, "queued", "tx")
    assert desk.show(order_id)["submission"]["sent_at"] is None

    code, report = desk.sync()
    assert (code, report) == (0, {"sent": 1, "updated": 1, "errors": []}) or (code, report["sent"]) == (0, 1)
    shown = desk.show(order_id)
    assert shown["status"] == "submitted" and shown["rejections"] == []
    sub = shown["submission"]
    assert (sub["connection"], sub["type"]) == ("tx", "telnyx") and sub["sent_at"] and sub["last_synced_at"]
    remote = carrier_order(desk, order_id)
    assert remote["customer_reference"] == sub["key"] and remote["customer_reference"].startswith(f"portdesk-{order_id}-")
    assert remote["documents"]["loa"] and remote["documents"]["invoice"]  # bill and LOA uploaded and linked
    assert remote["status"]["value"] == "in-process" and len(state.requests_to("/actions/confirm")) == 1

    # the losing carrier rejects it: the reason is mapped and shown with what to fix
    remote["status"] = {"value": "exception", "details": [
        {"code": "ENTITY_NAME_MISMATCH", "description": "End user name does not match the CSR"}]}
    code, report = desk.sync()
    assert (code, report["updated"]) == (0, 1)
    shown = desk.show(order_id)
    assert shown["status"] == "exception" and shown["tab"] == "suspended"
    (rej,) = shown["rejections"]
    assert (rej["reason"], rej["code"], rej["text"]) == ("name_mismatch", "ENTITY_NAME_MISMATCH",
                                                         "End user name does not match the CSR")
    assert "name" in rej["fix"].lower() and rej["at"]
    assert any(h.get("source") == "tx" and h.get("raw_status") == "exception" for h in shown["history"])

    # the coordinator fixes the name: the supplement goes as PATCH then confirm
    fixed = dict(shown)
    fixed["account"] = {**shown["account"], "name": "ABC Company Incorporated"}
    code, _, err = desk.update(order_id, fixed)
    assert code == 0, err
    code, report = desk.sync()
    assert code == 0 and report["sent"] == 1
    assert remote["end_user"]["admin"]["entity_name"] == "ABC Company Incorporated"
    assert len(state.requests_to("/actions/confirm")) == 2
    shown = desk.show(order_id)
    assert shown["status"] == "submitted" and shown["rejections"] == []
    assert shown["version"] > 1 and any(h["kind"] == "edit" for h in shown["history"])

    # FOC, a note from Telnyx, then ported number by number
    remote["status"] = {"value": "foc-date-confirmed", "details": []}
    remote["activation_settings"]["foc_datetime_actual"] = "2026-12-10T16:00:00Z"
    remote["updated_at"] = "2026-12-02T10:00:00Z"
    for n in remote["phone_numbers"]:
        n["porting_order_status"] = "foc-date-confirmed"
    state.telnyx_comments.setdefault(remote["id"], []).append(
        {"id": "c-1", "body": "FOC confirmed by the losing carrier", "user_type": "admin",
         "created_at": "2026-12-02T10:00:00Z"})
    code, report = desk.sync()
    shown = desk.show(order_id)
    assert shown["status"] == "foc_confirmed" and shown["foc_date"] == "2026-12-10"
    assert {n["status"] for n in shown["number_statuses"]} == {"foc_confirmed"}
    assert any(c["text"] == "FOC confirmed by the losing carrier" for c in shown["comments"])
    remote["status"] = {"value": "ported", "details": []}
    remote["phone_numbers"][0]["porting_order_status"] = "ported"
    remote["updated_at"] = "2026-12-10T17:00:00Z"
    desk.sync()
    shown = desk.show(order_id)
    assert shown["status"] == "completed" and shown["tab"] == "completed"
    assert shown["number_statuses"][0]["status"] == "ported"
    assert shown["submission"]["carrier_orders"][0]["status"] == "ported"


def test_a_create_whose_answer_was_lost_is_found_by_its_key_and_never_made_twice(desk: Desk) -> None:
    state = desk.state  # type: ignore[attr-defined]
    order_id = desk.order("telnyx")
    desk.submit(order_id)
    state.drop.add("POST /telnyx/v2/porting_orders")  # Telnyx makes the order; the answer never arrives
    code, report = desk.sync()
    assert code == 1 and report["sent"] == 0
    assert [e["connection"] for e in report["errors"]] == ["tx"] and report["errors"][0]["order"] == order_id
    assert len(state.telnyx) == 1 and desk.show(order_id)["status"] == "queued"
    for _ in range(2):
        code, report = desk.sync()
        assert code == 0, report
    assert len(state.telnyx) == 1 and len(state.requests_to("/porting_orders", "POST")) >= 1
    creates = [c for c in state.calls if c.method == "POST" and c.path.endswith("/porting_orders")]
    assert len(creates) == 1
    shown = desk.show(order_id)
    (part,) = shown["submission"]["carrier_orders"]
    assert shown["status"] == "submitted" and part["id"] in state.telnyx
    remote = state.telnyx[part["id"]]
    assert remote["end_user"]["admin"]["entity_name"] and remote["status"]["value"] == "in-process"


FAULTS = {
    "500": (500, {"Content-Type": "application/json"}, b'{"errors": [{"code": "10007", "detail": "Unexpected error"}]}'),
    "429": (429, {"Retry-After": "30", "Content-Type": "application/json"}, b'{"errors": [{"code": "10011"}]}'),
    "html": (200, {"Content-Type": "text/html"}, b"<html><body>Gateway maintenance</body></html>"),
    "truncated": (200, {"Content-Type": "application/json"}, b'{"data": {"id": "x", "status": {"val'),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failing_connection_is_an_error_in_sync_json_and_the_order_keeps_its_last_good_state(
        desk: Desk, fault: str) -> None:
    state = desk.state  # type: ignore[attr-defined]
    order_id = desk.order("telnyx")
    desk.submit(order_id)
    desk.sync()
    before = desk.show(order_id)
    remote = carrier_order(desk, order_id)
    remote["status"] = {"value": "exception", "details": [{"code": "LSR_PENDING", "description": "x"}]}
    state.faults[f"/porting_orders/{remote['id']}"] = FAULTS[fault]
    code, report = desk.sync()
    assert code == 1 and report["updated"] == 0
    (error,) = report["errors"]
    assert error["connection"] == "tx" and error["error"] and "Traceback" not in error["error"]
    after = desk.show(order_id)
    assert (after["status"], after["rejections"], after["version"]) == (before["status"], [], before["version"])
    code, report = desk.sync()  # the provider is back: the change lands
    assert code == 0 and desk.show(order_id)["status"] == "exception"


def test_cancel_inside_the_48_hour_cut_off_is_refused_and_outside_it_is_queued(desk: Desk) -> None:
    state = desk.state  # type: ignore[attr-defined]
    near, far = desk.order("telnyx"), desk.order("telnyx")
    for order_id in (near, far):
        desk.submit(order_id)
    desk.sync()
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=30)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
    for order_id, when in ((near, soon), (far, later)):
        remote = carrier_order(desk, order_id)
        remote["status"] = {"value": "foc-date-confirmed", "details": []}
        remote["activation_settings"]["foc_datetime_actual"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    desk.sync()
    code, _, err = desk.run("orders", "cancel", str(near))
    assert code == 1 and "48 hours" in err and err.count("\n") == 1
    assert desk.show(near)["status"] == "foc_confirmed"
    code, _, err = desk.run("orders", "cancel", str(far))
    assert code == 0 and desk.show(far)["status"] == "cancel_pending"
    code, report = desk.sync()
    assert code == 0 and report["sent"] == 1
    remote = carrier_order(desk, far)
    assert remote["status"]["value"] == "cancel-pending" and len(state.requests_to("/actions/cancel")) == 1
    remote["status"] = {"value": "cancelled", "details": []}
    desk.sync()
    assert desk.show(far)["status"] == "cancelled"


def test_no_connection_for_the_profile_leaves_it_queued_and_show_says_so(desk: Desk) -> None:
    order_id = desk.order("bandwidth")
    code, data = desk.submit(order_id)
    assert code == 0 and data["status"] == "queued" and "connection" not in data
    shown = desk.show(order_id)
    assert shown["status"] == "queued" and "no connection serves" in shown["submission"]["waiting"]


def test_a_console_profile_is_recorded_as_submitted_and_kept_current_by_hand(desk: Desk) -> None:
    order_id = desk.order("plivo")
    code, data = desk.submit(order_id)
    assert code == 0 and data["status"] == "submitted"
    number = desk.show(order_id)["number_statuses"][0]["number"]
    code, _, err = desk.run("orders", "record", str(order_id), "--status", "foc_confirmed", "--foc", "2026-12-10",
                            "--note", "FOC from the Plivo console", "--number", f"{number}=foc_confirmed")
    assert code == 0, err
    shown = desk.show(order_id)
    assert (shown["status"], shown["foc_date"]) == ("foc_confirmed", "2026-12-10")
    assert shown["number_statuses"][0] == {"number": number, "status": "foc_confirmed"}
    assert shown["submission"]["type"] == "plivo"
    code, _, err = desk.run("orders", "record", str(order_id), "--status", "nonsense")
    assert code == 2 and err.count("\n") == 1
