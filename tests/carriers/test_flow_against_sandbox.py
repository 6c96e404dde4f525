"""Each adapter through the CLI against the sandbox over real HTTP: a port's whole life, and cancels.

The sandbox's clock stands still unless a test moves it, so every step lands when the test says:
review (1 h), the losing carrier's answer (4 h later), the FOC, then each number a minute apart.
"""

from __future__ import annotations

import datetime as dt

from portdesk.domain.calendar import add_business_days
from tests.carriers.sandbox_desk import (
    AT_T_NUMBER,
    NAME_ON_RECORD,
    SOON_NUMBERS,
    SandboxDesk,
    open_desk,
    real_today,
)

NAME_CODE = {"telnyx": "ENTITY_NAME_MISMATCH", "bandwidth": "7404", "kazoo": "Name Mismatch"}
PIN_CODE = {"telnyx": "PASSCODE_PIN_INVALID", "bandwidth": "7435", "kazoo": "Passcode/PIN Required or Invalid"}


def test_create_documents_submit_exception_supplement_foc_completed(sdesk: SandboxDesk) -> None:
    desk, profile = sdesk, sdesk.provider.profile
    order_id = desk.port_order()
    desk.submit_now(order_id)
    code, report = desk.sync()
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    shown = desk.show(order_id)
    assert shown["status"] in ("submitted", "pending")  # Bandwidth's SUBMITTED is already "pending" (README table)
    assert desk.ports_made() == 1 and desk.documents_at_carrier(order_id) == 2  # the bill and the LOA
    assert shown["submission"]["sent_at"] and shown["submission"]["connection"] == desk.provider.connection

    desk.advance(hours=6)  # review, then the losing carrier's answer: the name is not the one on record
    code, report = desk.sync()
    assert (code, report["updated"], report["errors"]) == (0, 1, []), report
    shown = desk.show(order_id)
    assert (shown["status"], shown["tab"]) == ("exception", "suspended")
    (rejection,) = shown["rejections"]
    assert (rejection["reason"], rejection["code"]) == ("name_mismatch", NAME_CODE[profile])
    assert "ABC Company, Inc." in rejection["text"] and "account.name" in rejection["fix"]
    assert {n["status"] for n in shown["number_statuses"]} == {"rejected"} or profile == "bandwidth"
    assert any(h.get("source") == desk.provider.connection and h.get("raw_status") for h in shown["history"])

    fixed = {**shown, "account": {**shown["account"], "name": NAME_ON_RECORD}}
    code, _, err = desk.update(order_id, fixed)
    assert code == 0, err
    code, report = desk.sync()  # the supplement goes, the carrier takes it up again
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    assert desk.ports_made() == 1
    shown = desk.show(order_id)
    assert shown["status"] != "exception" and shown["rejections"] == []

    desk.advance(hours=6)
    code, report = desk.sync()
    assert (code, report["errors"]) == (0, []), report
    shown = desk.show(order_id)
    assert (shown["status"], shown["foc_date"]) == ("foc_confirmed", shown["requested_date"])
    assert {n["status"] for n in shown["number_statuses"]} == {"foc_confirmed"}

    desk.to_foc(order_id, minutes_after=0)  # the first number moves at the FOC, the next a minute later
    desk.sync()
    shown = desk.show(order_id)
    if profile == "telnyx":  # the one API that reports each number on its own
        statuses = [n["status"] for n in shown["number_statuses"]]
        assert statuses[0] == "ported" and set(statuses[1:]) == {"foc_confirmed"}, statuses
        assert shown["status"] == "foc_confirmed"
    desk.to_foc(order_id, minutes_after=30)
    code, report = desk.sync()
    assert (code, report["errors"]) == (0, []), report
    shown = desk.show(order_id)
    assert (shown["status"], shown["tab"]) == ("completed", "completed")
    assert {n["status"] for n in shown["number_statuses"]} == {"ported"}
    assert len(shown["number_statuses"]) == 3
    assert desk.ports_made() == 1


def test_every_reason_of_one_rejection_reaches_the_order_with_the_providers_code(sdesk: SandboxDesk) -> None:
    desk, profile = sdesk, sdesk.provider.profile
    order_id = desk.port_order(account={**desk.port_order_account(), "pin": "9999"})
    desk.submit_now(order_id)
    desk.sync()
    desk.advance(hours=6)
    desk.sync()
    shown = desk.show(order_id)
    assert shown["status"] == "exception"
    got = sorted((r["reason"], r["code"]) for r in shown["rejections"])
    assert got == sorted([("name_mismatch", NAME_CODE[profile]), ("pin_invalid", PIN_CODE[profile])])
    assert all(r["text"] and r["fix"] for r in shown["rejections"])


CUT_OFF_WORDS = {"telnyx": "48 hours", "bandwidth": "1 business day"}


def test_cancel_inside_the_cut_off_is_refused_and_outside_it_reaches_cancelled(sdesk: SandboxDesk) -> None:
    desk, profile = sdesk, sdesk.provider.profile
    near = desk.port_order(numbers=SOON_NUMBERS, requested=real_today())  # an FOC today or the next business day
    far = desk.port_order(account={**desk.port_order_account(), "name": NAME_ON_RECORD})
    for order_id in (near, far):
        desk.submit_now(order_id)
    desk.sync()
    desk.advance(hours=6)
    code, report = desk.sync()
    assert (code, report["errors"]) == (0, []), report
    assert [desk.show(o)["status"] for o in (near, far)] == ["foc_confirmed", "foc_confirmed"]

    code, _, err = desk.run("orders", "cancel", str(near))
    if profile == "kazoo":
        # KAZOO publishes no cut-off, but a customer account may cancel only what it has not submitted:
        # the cancel is asked for, refused in words, and the order keeps the carrier's state.
        assert code == 0, err
        code, report = desk.sync()
        (error,) = report["errors"]
        assert error["order"] == near and "Cannot move to new state" in error["error"]
        assert desk.show(near)["status"] == "foc_confirmed" and desk.port(near).state == "foc_confirmed"
        return
    assert code == 1 and CUT_OFF_WORDS[profile] in err and err.count("\n") == 1, err
    assert desk.show(near)["status"] == "foc_confirmed"
    code, report = desk.sync()
    assert (code, report["sent"]) == (0, 0)  # nothing was queued

    code, _, err = desk.run("orders", "cancel", str(far))
    assert code == 0, err
    assert desk.show(far)["status"] == "cancel_pending"
    code, report = desk.sync()
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    assert desk.show(far)["status"] == "cancel_pending"
    desk.advance(hours=2)
    code, report = desk.sync()
    assert (code, report["errors"]) == (0, []), report
    shown = desk.show(far)
    assert (shown["status"], shown["tab"]) == ("cancelled", "completed")
    assert {n["status"] for n in shown["number_statuses"]} == {"cancelled"}
    assert desk.port(far).state == "cancelled" and desk.port(near).state == "foc_confirmed"


def test_a_telnyx_split_keeps_every_part_under_the_one_order_to_completion(tmp_path, capsys, monkeypatch,
                                                                           file_keyring) -> None:
    desk = open_desk(tmp_path, capsys, monkeypatch, "telnyx")
    try:
        numbers = ["+13035550100", "+13035550101", "+13035550102", AT_T_NUMBER]
        order_id = desk.port_order(numbers=numbers, account={**desk.port_order_account(), "name": NAME_ON_RECORD})
        desk.submit_now(order_id)
        code, report = desk.sync()
        assert (code, report["sent"], report["errors"]) == (0, 1, []), report
        parts = desk.show(order_id)["submission"]["carrier_orders"]
        assert len(parts) == 2 and sorted(n for p in parts for n in p["numbers"]) == sorted(numbers)
        assert desk.ports_made() == 2 and all(desk.box.life.ports[p["id"]].state == "submitted" for p in parts)
        assert any("split" in h["text"] for h in desk.show(order_id)["history"])
        desk.advance(hours=6)
        desk.sync()
        shown = desk.show(order_id)
        assert shown["status"] == "foc_confirmed" and len(shown["number_statuses"]) == 4
        desk.advance(days=30)
        desk.sync()
        shown = desk.show(order_id)
        assert shown["status"] == "completed" and {n["status"] for n in shown["number_statuses"]} == {"ported"}
        assert [p["status"] for p in shown["submission"]["carrier_orders"]] == ["ported", "ported"]
    finally:
        desk.close()


def carrier_comments(desk: SandboxDesk, order_id: int) -> list[str]:
    cid = desk.carrier_ids(order_id)[0]
    telnyx, bandwidth, kazoo = desk.box.dialects
    if desk.provider.profile == "telnyx":
        return [c["body"] for c in telnyx.orders[cid].comments]  # type: ignore[attr-defined]
    if desk.provider.profile == "bandwidth":
        return [n["text"] for n in bandwidth.orders[cid].notes]  # type: ignore[attr-defined]
    return [c["content"] for c in kazoo.requests[cid].comments]  # type: ignore[attr-defined]


def test_comments_go_to_the_carrier_and_the_carriers_come_back_into_the_order(sdesk: SandboxDesk) -> None:
    from portdesk.cli.sync_cmd import open_sync

    desk, profile = sdesk, sdesk.provider.profile
    order_id = desk.port_order()
    desk.submit_now(order_id)
    desk.sync()
    open_sync(desk.db).queue_comment(order_id, "Please port after 6 pm Mountain", "jane")
    code, report = desk.sync()
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    assert carrier_comments(desk, order_id).count("Please port after 6 pm Mountain") == 1
    if profile == "bandwidth":  # Bandwidth's LNP team answers a note with a note
        _telnyx, bandwidth, _kazoo = desk.box.dialects
        bandwidth._note(bandwidth.orders[desk.carrier_ids(order_id)[0]], "lnp-team",  # type: ignore[attr-defined]
                        "Noted: the losing carrier asks for a cut-over before 8 pm")
    desk.advance(hours=6)  # the rejection (Telnyx and KAZOO say it in a comment too)
    desk.sync()
    shown = desk.show(order_id)
    texts = [c["text"] for c in shown["comments"]]
    assert texts.count("Please port after 6 pm Mountain") == 1  # ours, not read back as the carrier's
    theirs = [c for c in shown["comments"] if c["text"] != "Please port after 6 pm Mountain"]
    assert theirs, texts
    assert any("8 pm" in t or "Name" in t or "name" in t for t in texts), texts
    assert any(h["kind"] == "comment" and h.get("source") == desk.provider.connection for h in shown["history"])


def test_kazoo_refusing_a_number_already_on_a_request_is_a_400_shown_on_the_second_order(
        tmp_path, capsys, monkeypatch, file_keyring) -> None:
    desk = open_desk(tmp_path, capsys, monkeypatch, "kazoo")
    try:
        first, second = desk.port_order(), desk.port_order()
        desk.submit_now(first)
        desk.submit_now(second)
        code, report = desk.sync()
        assert code == 0 and report["sent"] == 1, report  # KAZOO answered both; it refused one
        (error,) = report["errors"]
        assert error["order"] == second and "HTTP 400" in error["error"]
        assert "validation error" in error["error"] and "already" in error["error"], error
        shown = desk.show(second)
        assert shown["status"] == "exception" and "already" in shown["rejections"][0]["text"]
        assert desk.show(first)["status"] == "submitted" and desk.ports_made() == 1
    finally:
        desk.close()


def test_a_new_date_after_the_foc_is_a_supplement_where_the_provider_takes_one(sdesk: SandboxDesk) -> None:
    desk, profile = sdesk, sdesk.provider.profile
    order_id = desk.port_order(account={**desk.port_order_account(), "name": NAME_ON_RECORD})
    desk.submit_now(order_id)
    desk.sync()
    desk.advance(hours=6)
    desk.sync()
    shown = desk.show(order_id)
    assert shown["status"] == "foc_confirmed"
    new_date = add_business_days(dt.date.fromisoformat(shown["foc_date"]), 4).isoformat()
    code, _, err = desk.update(order_id, {**shown, "requested_date": new_date})
    if profile == "kazoo":  # KAZOO changes a request only while it is rejected (or not yet submitted)
        assert code == 1 and "rejected" in err and err.count("\n") == 1, err
        assert desk.show(order_id)["requested_date"] == shown["requested_date"]
        return
    assert code == 0, err
    code, report = desk.sync()
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    desk.advance(hours=6)
    code, report = desk.sync()
    assert (code, report["errors"]) == (0, []), report
    shown = desk.show(order_id)
    assert (shown["status"], shown["foc_date"]) == ("foc_confirmed", new_date)
    assert desk.port(order_id).foc.date().isoformat() == new_date
