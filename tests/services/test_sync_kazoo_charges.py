"""KAZOO's 402 "accept charges": the coordinator is told in words, and only their agreement repeats the
submit with accept_charges (the sandbox's world charges a port fee on this account)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from portdesk.sandbox.server import Sandbox
from portdesk.sandbox.world import World, parse_world
from tests.carriers.conftest import file_keyring  # noqa: F401 - fixture
from tests.sandbox.conftest import base, sandbox, world_data  # noqa: F401 - fixtures
from tests.services.sandbox_sync import SandboxDesk


@pytest.fixture
def world() -> World:
    data = copy.deepcopy(world_data())
    data["accounts"][0]["port_fee"] = 25.0  # the ACME account of the bundled case costs a fee to port
    return parse_world(data)


@pytest.fixture
def desk(tmp_path, capsys, monkeypatch, base, file_keyring) -> SandboxDesk:  # noqa: F811
    return SandboxDesk((tmp_path, capsys, monkeypatch), base, "kazoo")


def _requests(sandbox: Sandbox) -> list[Any]:  # noqa: F811
    """The port requests the sandbox's KAZOO holds."""
    kazoo = next(d for d in sandbox.dialects if d.prefix.startswith("/kazoo"))
    return list(kazoo.requests.values())  # type: ignore[attr-defined]


def test_charges_are_shown_in_words_and_nothing_is_submitted_until_the_coordinator_agrees(
        desk: SandboxDesk, sandbox: Sandbox) -> None:  # noqa: F811
    order_id = desk.submitted_order()
    code, report = desk.sync()
    assert code == 0, report  # KAZOO answered: the order waits for the coordinator, not for the carrier
    (error,) = report["errors"]
    assert error["order"] == order_id and error["connection"] == "kz"
    assert "charges" in error["error"] and f"portdesk orders submit {order_id} --accept-charges" in error["error"]
    shown = desk.show(order_id)
    assert shown["status"] == "queued" and shown["rejections"] == []
    assert "charges" in shown["submission"]["charges"]["text"]
    assert any(h.get("source") == "kz" and "charges" in h["text"] for h in shown["history"])
    # Later cycles still say so, and do not ask the carrier again on their own.
    asked = [h for h in shown["history"] if h.get("kind") == "charges"]
    code, report = desk.sync()
    assert code == 0 and "--accept-charges" in report["errors"][0]["error"]
    assert [h for h in desk.show(order_id)["history"] if h.get("kind") == "charges"] == asked
    assert desk.show(order_id)["submission"]["carrier_orders"]
    assert [r.doc.get("sent") for r in _requests(sandbox)] == [None]


def test_after_the_coordinator_accepts_the_submit_is_repeated_with_accept_charges(
        desk: SandboxDesk, sandbox: Sandbox) -> None:  # noqa: F811
    order_id = desk.submitted_order()
    desk.sync()
    code, data = desk.json("orders", "submit", str(order_id), "--accept-charges")
    assert code == 0 and data["accepted_charges"] is True and data["status"] == "queued", data
    shown = desk.show(order_id)
    assert "charges" not in shown["submission"]
    assert any(h.get("kind") == "charges" and "accepted" in h["text"] for h in shown["history"])
    code, report = desk.sync()
    assert code == 0 and report["errors"] == [] and report["sent"] == 1, report
    assert desk.show(order_id)["status"] in ("submitted", "pending", "foc_confirmed")
    (request,) = _requests(sandbox)
    assert request.doc.get("sent") is True  # one port request, submitted once


def test_accepting_charges_where_none_are_asked_is_one_line_and_exit_2(desk: SandboxDesk) -> None:
    order_id = desk.submitted_order()
    code, out, err = desk.run("orders", "submit", str(order_id), "--accept-charges")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "no charges" in err


def test_cancelling_an_order_that_waits_for_agreement_withdraws_the_held_submit(
        desk: SandboxDesk, sandbox: Sandbox) -> None:  # noqa: F811
    order_id = desk.submitted_order()
    desk.sync()
    code, data = desk.json("orders", "cancel", str(order_id))
    assert code == 0, data
    code, report = desk.sync()
    assert code == 0 and not any("--accept-charges" in e["error"] for e in report["errors"]), report
    code, _, err = desk.run("orders", "submit", str(order_id), "--accept-charges")
    assert code == 2 and "no charges" in err
    assert [r.doc.get("sent") for r in _requests(sandbox)] == [None]  # never submitted


def test_a_supplement_answered_402_is_held_and_after_agreement_resubmitted_with_accept_charges(
        desk: SandboxDesk, sandbox: Sandbox) -> None:  # noqa: F811
    """A rejected request fixed by `orders update`: KAZOO charges the resubmit too, and the agreement
    must reach the supplement's resubmit (not only a create's submit)."""
    order_id = desk.order("kazoo", port_type="full", new_btn=None)
    shown = desk.show(order_id)
    wrong = {**shown["account"], "pin": "9999"}  # the losing carrier refuses the PIN
    assert desk.update(order_id, {**shown, "account": wrong})[0] == 0
    assert desk.submit(order_id)[0] == 0
    desk.sync()
    assert desk.json("orders", "submit", str(order_id), "--accept-charges")[0] == 0
    shown = desk.cycle_until(order_id, lambda s: s["status"] == "exception")
    assert shown["status"] == "exception" and shown["rejections"][0]["reason"] == "pin_invalid", shown["status"]
    code, _, err = desk.update(order_id, {**shown, "account": {**shown["account"], "pin": "4321"}})
    assert code == 0, err
    code, report = desk.sync()
    assert code == 0 and report["sent"] == 0, report
    assert any(f"portdesk orders submit {order_id} --accept-charges" in e["error"] for e in report["errors"]), report
    code, data = desk.json("orders", "submit", str(order_id), "--accept-charges")
    assert code == 0 and data["accepted_charges"] is True, data
    code, report = desk.sync()
    assert code == 0 and report["errors"] == [] and report["sent"] == 1, report
    (request,) = _requests(sandbox)
    assert request.doc["bill"]["pin"] == "4321"
    shown = desk.cycle_until(order_id, lambda s: s["status"] in ("pending", "foc_confirmed", "completed"))
    assert shown["status"] in ("pending", "foc_confirmed", "completed") and shown["rejections"] == []
