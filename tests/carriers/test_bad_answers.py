"""Answers the sandbox cannot give, from a small local stand-in, through `portdesk sync --once --json`:
403, 404, 409, 422, an answer missing its fields, a 10 MB answer, an XXE payload (Bandwidth) and
KAZOO's 400 validation error. No crash, no traceback: the error in words in `errors`, and the order
either waits in the outbox for the next cycle (the carrier's trouble) or shows the refusal (ours)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.carriers.mock_carriers import BW_CLIENT, BW_SECRET, KAZOO_ACCOUNT_ID, KAZOO_KEY, TELNYX_KEY
from tests.services.sync_support import Desk

JSON = {"Content-Type": "application/json"}
XML = {"Content-Type": "application/xml"}
SECRETS = {"telnyx": TELNYX_KEY, "bandwidth": BW_SECRET, "kazoo": KAZOO_KEY}
CREATE_PATH = {"telnyx": "/telnyx/v2/porting_orders", "bandwidth": "/portins", "kazoo": "/port_requests"}


def connect(desk: Desk, base: str, profile: str) -> None:
    extra = {"telnyx": (), "bandwidth": ("--account", "9900012", "--user", BW_CLIENT),
             "kazoo": ("--account", KAZOO_ACCOUNT_ID)}[profile]
    url = {"telnyx": "/telnyx/v2", "bandwidth": "/bandwidth/api", "kazoo": "/kazoo/v2"}[profile]
    desk.connect(profile[:2], profile, base + url, SECRETS[profile], *extra)


def refusal(profile: str, status: int, code: str, words: str) -> tuple[int, dict[str, str], bytes]:
    if profile == "telnyx":
        body = {"errors": [{"code": code, "title": "Refused", "detail": words}]}
        return status, JSON, json.dumps(body).encode()
    if profile == "bandwidth":
        return status, XML, (f"<LnpOrderResponse><Status><Code>{status}</Code><Description>Refused</Description></Status>"
                             f"<Errors><Code>{code}</Code><Description>{words}</Description></Errors>"
                             "</LnpOrderResponse>").encode()
    body = {"data": {"message": words}, "error": str(status), "message": code, "status": "error"}
    return status, JSON, json.dumps(body).encode()


MISSING = {
    "telnyx": (201, JSON, b'{"data": [{"record_type": "porting_order", "status": {"value": "draft"}}]}'),
    "bandwidth": (201, XML, b"<LnpOrderResponse><Status><Code>201</Code></Status></LnpOrderResponse>"),
    "kazoo": (200, JSON, b'{"data": {"port_state": "unconfirmed"}, "status": "success"}'),
}
HUGE = b"x" * 10_000_000


@pytest.fixture
def desk_for(tmp_path, capsys, monkeypatch, mock, file_keyring):  # type: ignore[no-untyped-def]
    base, state = mock

    def make(profile: str) -> tuple[Desk, Any]:
        desk = Desk(tmp_path, capsys, monkeypatch)
        connect(desk, base, profile)
        return desk, state

    return make


def first_cycle(desk: Desk, profile: str) -> tuple[int, int, dict[str, Any]]:
    order_id = desk.order(profile)
    code, data = desk.submit(order_id)
    assert code == 0 and data["status"] == "queued", data
    code, report = desk.sync()
    assert not any("Traceback" in text for text in desk.outputs), [t for t in desk.outputs if "Traceback" in t]
    return order_id, code, report


# The status is judged by the shared HTTP client; each provider's own error body is read by its adapter.
@pytest.mark.parametrize(("profile", "status", "code", "words"), [
    ("telnyx", 422, "10015", "Bad request body"), ("bandwidth", 409, "7410", "Conflicting order"),
    ("kazoo", 404, "bad_identifier", "Resource not found")])
def test_a_refused_create_shows_the_providers_words_and_puts_the_order_in_exception(desk_for, profile, status, code,
                                                                                    words) -> None:
    desk, state = desk_for(profile)
    state.faults[CREATE_PATH[profile]] = refusal(profile, status, code, words)
    order_id, exit_code, report = first_cycle(desk, profile)
    assert (exit_code, report["sent"]) == (0, 0), report  # the carrier answered: it refused
    (error,) = report["errors"]
    assert error["order"] == order_id and f"HTTP {status}" in error["error"] and words in error["error"]
    shown = desk.show(order_id)
    assert shown["status"] == "exception"
    (rejection,) = shown["rejections"]
    assert rejection["reason"] == "other" and words in rejection["text"] and rejection["fix"]


@pytest.mark.parametrize("profile", ["telnyx", "bandwidth", "kazoo"])
def test_403_is_the_porting_role_in_words_and_the_order_waits(desk_for, profile) -> None:
    desk, state = desk_for(profile)
    state.faults[CREATE_PATH[profile]] = refusal(profile, 403, "10010", "Forbidden")
    order_id, exit_code, report = first_cycle(desk, profile)
    assert exit_code == 1 and "lacks the porting role" in report["errors"][0]["error"], report
    assert desk.show(order_id)["status"] == "queued"
    code, report = desk.sync()  # the role was granted: the next cycle sends it
    assert (code, report["sent"]) == (0, 1), report


@pytest.mark.parametrize("profile", ["telnyx", "bandwidth", "kazoo"])
@pytest.mark.parametrize("answer", ["missing fields", "10 MB"])
def test_an_unusable_answer_is_an_error_in_words_and_the_next_cycle_sends_once(desk_for, profile, answer) -> None:
    desk, state = desk_for(profile)
    bad = MISSING[profile] if answer == "missing fields" else (200, JSON if profile != "bandwidth" else XML, HUGE)
    state.faults[CREATE_PATH[profile]] = bad
    order_id, exit_code, report = first_cycle(desk, profile)
    assert exit_code == 1 and report["sent"] == 0, report
    (error,) = report["errors"]
    assert error["order"] == order_id and len(error["error"]) <= 300 and "\n" not in error["error"]
    assert ("10,000,000" in error["error"]) if answer == "10 MB" else ("without" in error["error"] or "no " in error["error"])
    assert desk.show(order_id)["status"] == "queued"
    code, report = desk.sync()
    assert (code, report["sent"], report["errors"]) == (0, 1, []), report
    assert desk.show(order_id)["status"] in ("submitted", "pending")


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<LnpOrderResponse><OrderId>&x;</OrderId></LnpOrderResponse>",
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><LnpOrderResponse><OrderId>&c;</OrderId></LnpOrderResponse>',
])
def test_a_bandwidth_answer_with_entities_is_refused_unread(desk_for, payload) -> None:
    desk, state = desk_for("bandwidth")
    state.faults["/portins"] = (201, XML, payload)
    order_id, exit_code, report = first_cycle(desk, "bandwidth")
    assert exit_code == 1 and "entities or a DTD" in report["errors"][0]["error"], report
    assert not any("root:" in text for text in desk.outputs)
    assert desk.show(order_id)["status"] == "queued"


def test_kazoos_400_validation_error_names_the_number_and_the_order_shows_it(desk_for) -> None:
    desk, state = desk_for("kazoo")
    body = {"data": {"+13035550100": {"type": {"message": "Number is on a port request already: 4f1c"}}},
            "error": "400", "message": "validation error", "status": "error"}
    state.faults["/port_requests"] = (400, JSON, json.dumps(body).encode())
    order_id, exit_code, report = first_cycle(desk, "kazoo")
    assert exit_code == 0, report
    (error,) = report["errors"]
    assert "validation error" in error["error"] and "Number is on a port request already: 4f1c" in error["error"]
    shown = desk.show(order_id)
    assert shown["status"] == "exception" and "already" in shown["rejections"][0]["text"]
