"""The KAZOO dialect over real HTTP, as the crossbar port_requests documentation describes it."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import httpx
import pytest

from portdesk.sandbox.server import Sandbox
from tests.sandbox.conftest import ACME, ACME_NUMBERS, wait_for

ACCOUNT = "5a3b9c1d2e4f60718293a4b5c6d7e8f9"
GREGORIAN = 62167219200


def login(base: str) -> str:
    r = httpx.put(f"{base}/kazoo/v2/api_auth", json={"data": {"api_key": "sandbox"}})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "success" and r.json()["request_id"]
    return r.json()["auth_token"]  # type: ignore[no-any-return]


def api(base: str) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/kazoo/v2/accounts/{ACCOUNT}", headers={"X-Auth-Token": login(base)},
                        timeout=10)


def request_doc(numbers: list[str] = ACME_NUMBERS, when: dt.datetime | None = None, **bill: Any) -> dict[str, Any]:
    addr = ACME["service_address"]
    doc = {"name": "ABC Company - Denver", "numbers": {n: {} for n in numbers}, "signee_name": ACME["authorized_user"],
           "bill": {"name": ACME["name"], "carrier": "Lumen", "account_number": ACME["number"], "pin": ACME["pin"],
                    "btn": ACME["btn"], "street_number": "1200", "street_address": "Market", "street_type": "Street",
                    "extended_address": addr["line2"], "locality": addr["city"], "region": addr["state"],
                    "postal_code": addr["postal_code"], "country": "US", **bill}}
    if when:
        doc["transfer_date"] = int(when.timestamp()) + GREGORIAN
    return doc


def create(client: httpx.Client, doc: dict[str, Any]) -> str:
    r = client.put("/port_requests", json={"data": doc})
    assert r.status_code == 201, r.text
    assert r.json()["data"]["port_state"] == "unconfirmed" and r.json()["revision"]
    return r.json()["data"]["id"]  # type: ignore[no-any-return]


def get(client: httpx.Client, rid: str) -> dict[str, Any]:
    r = client.get(f"/port_requests/{rid}")
    assert r.status_code == 200, r.text
    return r.json()["data"]  # type: ignore[no-any-return]


def state(client: httpx.Client, rid: str) -> str:
    return get(client, rid)["port_state"]  # type: ignore[no-any-return]


def test_md5_login_also_gives_a_token_and_wrong_credentials_are_401(base: str) -> None:
    md5 = hashlib.md5(b"sandbox:sandbox").hexdigest()
    ok = httpx.put(f"{base}/kazoo/v2/user_auth",
                   json={"data": {"credentials": md5, "account_name": "sandbox", "method": "md5"}})
    bad = httpx.put(f"{base}/kazoo/v2/user_auth",
                    json={"data": {"credentials": hashlib.md5(b"sandbox:x").hexdigest(), "account_name": "sandbox",
                                   "method": "md5"}})
    bad_key = httpx.put(f"{base}/kazoo/v2/api_auth", json={"data": {"api_key": "nope"}})
    no_token = httpx.get(f"{base}/kazoo/v2/accounts/{ACCOUNT}/port_requests")
    assert ok.status_code == 201 and ok.json()["auth_token"]
    assert bad.status_code == bad_key.status_code == no_token.status_code == 401
    assert no_token.json()["status"] == "error"


def test_a_clean_port_moves_submitted_pending_scheduled_completed(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        rid = create(client, request_doc(when=sandbox.clock.now() + dt.timedelta(days=9)))
        assert client.put(f"/port_requests/{rid}/attachments", params={"filename": "bill.pdf"}, content=b"%PDF-1.4",
                          headers={"Content-Type": "application/pdf"}).status_code == 200
        r = client.patch(f"/port_requests/{rid}/submitted", json={"data": {}})
        assert r.status_code == 200 and r.json()["data"]["port_state"] == "submitted"
        scheduled = wait_for(lambda: get(client, rid), lambda d: d["port_state"] == "scheduled")
        assert scheduled["scheduled_date"] > GREGORIAN
        wait_for(lambda: state(client, rid), lambda s: s == "completed")
        timeline = client.get(f"/port_requests/{rid}/timeline").json()["data"]
    moves = [(t["transition"]["previous"], t["transition"]["new"]) for t in timeline if t["type"] == "transition"]
    assert moves == [("unconfirmed", "submitted"), ("submitted", "pending"), ("pending", "scheduled"),
                     ("scheduled", "completed")]


@pytest.mark.parametrize(("bill", "label"), [
    ({"name": "ABC Company Inc"}, "Name Mismatch:"),
    ({"street_number": "1210"}, "Address Mismatch:"),
    ({"account_number": "1"}, "Account Number Invalid:"),
    ({"pin": "9"}, "Passcode/PIN Required or Invalid:"),
    ({"btn": "+13035550101"}, "BTN/ATN Mismatch:"),
])
def test_a_rejection_carries_its_reason_in_words(base: str, bill: dict[str, str], label: str) -> None:
    with api(base) as client:
        rid = create(client, request_doc(**bill))
        client.patch(f"/port_requests/{rid}/submitted", json={"data": {}})
        doc = wait_for(lambda: get(client, rid), lambda d: d["port_state"] == "rejected")
        timeline = client.get(f"/port_requests/{rid}/timeline").json()["data"]
    rejected = [t for t in timeline if t["type"] == "transition" and t["transition"]["new"] == "rejected"]
    assert rejected[0]["reason"].startswith(label) and doc["reason"].startswith(label)


@pytest.mark.parametrize(("numbers", "label"), [
    (["+13035550100", "+13035550101"], "Porting Main BTN Follow:"),
    (["+13125550200"], "Carrier Freeze:"),
    (["+13125550300"], "Pending Order:"),
    ([*ACME_NUMBERS, "+13035550199"], "Number Not On Account:"),
    (["+19705550100"], "TN Not Portable:"),
])
def test_the_worlds_other_refusals_are_worded_rejections(base: str, numbers: list[str], label: str) -> None:
    with api(base) as client:
        rid = create(client, request_doc(numbers))
        client.patch(f"/port_requests/{rid}/submitted", json={"data": {}})
        doc = wait_for(lambda: get(client, rid), lambda d: d["port_state"] == "rejected")
    assert label in doc["reason"]


def test_a_fix_after_a_rejection_is_resubmitted_and_scheduled(base: str) -> None:
    with api(base) as client:
        rid = create(client, request_doc(name="ABC Co"))
        client.patch(f"/port_requests/{rid}/submitted", json={"data": {}})
        wait_for(lambda: state(client, rid), lambda s: s == "rejected")
        fixed = client.patch(f"/port_requests/{rid}", json={"data": {"bill": {"name": ACME["name"]}}})
        assert fixed.status_code == 200 and fixed.json()["data"]["bill"]["pin"] == ACME["pin"]
        assert client.patch(f"/port_requests/{rid}/submitted", json={"data": {}}).status_code == 200
        assert wait_for(lambda: state(client, rid), lambda s: s == "scheduled") == "scheduled"


def test_illegal_moves_and_late_cancels_are_400_validation_errors(base: str) -> None:
    with api(base) as client:
        early = create(client, request_doc(["+13125550100", "+13125550101"], name="Other Co"))
        assert client.patch(f"/port_requests/{early}/canceled", json={"data": {}}).json()["data"]["port_state"] == \
            "canceled"
        rid = create(client, request_doc())
        jump = client.patch(f"/port_requests/{rid}/completed", json={"data": {}})
        client.patch(f"/port_requests/{rid}/submitted", json={"data": {}})
        late = client.patch(f"/port_requests/{rid}/canceled", json={"data": {}})
    assert jump.status_code == late.status_code == 400
    assert jump.json()["message"] == "validation error"
    assert jump.json()["data"]["port_state"]["enum"]["message"] == "Cannot move to new state from current state"


def test_a_number_already_on_a_request_is_refused(base: str) -> None:
    with api(base) as client:
        first = create(client, request_doc())
        r = client.put("/port_requests", json={"data": request_doc(["+13035550101"])})
    assert r.status_code == 400
    assert r.json()["data"]["+13035550101"]["type"]["message"] == f"Number is on a port request already: {first}"


def test_a_fee_answers_402_until_charges_are_accepted(base: str) -> None:
    with api(base) as client:
        rid = create(client, request_doc(["+12035550100"], name="Fee Co"))
        asked = client.patch(f"/port_requests/{rid}/submitted", json={"data": {}})
        accepted = client.patch(f"/port_requests/{rid}/submitted", json={"data": {}, "accept_charges": True})
    assert asked.status_code == 402 and asked.json()["message"] == "accept charges"
    assert accepted.status_code == 200 and accepted.json()["data"]["port_state"] == "submitted"


def test_listing_by_types_and_by_number_and_comments(base: str) -> None:
    with api(base) as client:
        rid = create(client, request_doc())
        create(client, request_doc(["+13125550100"], name="Other Co"))
        client.put(f"/port_requests/{rid}/comments",
                   json={"data": {"comments": [{"author": "Maria", "content": "Bill attached", "timestamp": 63900000000}]}})
        suspended = client.get("/port_requests", params={"by_types": "suspended"}).json()["data"]
        by_number = client.get("/port_requests", params={"by_number": "+13035550102"}).json()["data"]
        completed = client.get("/port_requests", params={"by_types": "completed"}).json()["data"]
        comments = client.get(f"/port_requests/{rid}/comments").json()["data"]
    assert len(suspended) == 2 and [d["id"] for d in by_number] == [rid] and completed == []
    assert [c["content"] for c in comments] == ["Bill attached"]


def test_malformed_bodies_are_400(base: str) -> None:
    with api(base) as client:
        broken = client.put("/port_requests", content=b"{nope", headers={"Content-Type": "application/json"})
        nameless = client.put("/port_requests", json={"data": {"numbers": {"+13035550100": {}}}})
    assert broken.status_code == nameless.status_code == 400
    assert nameless.json()["message"] == "validation error" and "name" in nameless.json()["data"]
