"""Each adapter through the CLI against the sandbox over real HTTP: a port's whole life, and cancels.

The sandbox's clock stands still unless a test moves it, so every step lands when the test says:
review (1 h), the losing carrier's answer (4 h later), the FOC, then each number a minute apart.
"""

from __future__ import annotations

from tests.carriers.sandbox_desk import NAME_ON_RECORD, SandboxDesk

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
