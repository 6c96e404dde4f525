"""The Telnyx dialect over real HTTP, driven the way Telnyx's porting guide describes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from portdesk.sandbox.server import Sandbox
from tests.sandbox.conftest import ACME, ACME_NUMBERS, wait_for

KEY = {"Authorization": "Bearer sandbox"}


def api(base: str) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/telnyx/v2", headers=KEY, timeout=10)


def fill(acme: dict[str, Any] = ACME, **admin: Any) -> dict[str, Any]:
    addr = acme["service_address"]
    body = {
        "end_user": {
            "admin": {"entity_name": acme["name"], "auth_person_name": acme["authorized_user"],
                      "billing_phone_number": acme["btn"], "account_number": acme["number"],
                      "pin_passcode": acme["pin"]},
            "location": {"street_address": addr["line1"], "extended_address": addr["line2"],
                         "locality": addr["city"], "administrative_area": addr["state"],
                         "postal_code": addr["postal_code"], "country_code": "US"}},
        "misc": {"type": "full", "remaining_numbers_action": None, "new_billing_phone_number": None},
    }
    body["end_user"]["admin"].update(admin)
    return body


def create(client: httpx.Client, numbers: list[str], ref: str = "pd-1") -> list[dict[str, Any]]:
    r = client.post("/porting_orders", json={"phone_numbers": numbers, "customer_reference": ref})
    assert r.status_code == 201, r.text
    return r.json()["data"]  # type: ignore[no-any-return]


def get(client: httpx.Client, order_id: str) -> dict[str, Any]:
    r = client.get(f"/porting_orders/{order_id}")
    assert r.status_code == 200, r.text
    return r.json()["data"]  # type: ignore[no-any-return]


def status_of(client: httpx.Client, order_id: str) -> str:
    return get(client, order_id)["status"]["value"]  # type: ignore[no-any-return]


def upload(client: httpx.Client) -> str:
    r = client.post("/documents", files={"file": ("loa.pdf", b"%PDF-1.4 signed loa", "application/pdf")})
    assert r.status_code == 200, r.text
    return r.json()["data"]["id"]  # type: ignore[no-any-return]


def submitted_order(client: httpx.Client, sandbox: Sandbox, days: int = 6, **admin: Any) -> str:
    [order] = create(client, ACME_NUMBERS)
    body = fill(**admin)
    body["documents"] = {"loa": upload(client), "invoice": upload(client)}
    foc = sandbox.clock.now() + dt.timedelta(days=days)
    body["activation_settings"] = {"foc_datetime_requested": foc.strftime("%Y-%m-%dT16:00:00Z")}
    assert client.patch(f"/porting_orders/{order['id']}", json=body).status_code == 200
    r = client.post(f"/porting_orders/{order['id']}/actions/confirm")
    assert r.status_code == 200, r.text
    assert r.json()["data"]["status"]["value"] == "in-process"
    return order["id"]  # type: ignore[no-any-return]


def test_a_clean_port_reaches_foc_then_every_number_is_ported(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        order_id = submitted_order(client, sandbox)
        at_foc = wait_for(lambda: get(client, order_id), lambda o: o["status"]["value"] == "foc-date-confirmed")
        assert at_foc["activation_settings"]["foc_datetime_actual"].endswith("T16:00:00Z")
        done = wait_for(lambda: get(client, order_id), lambda o: o["status"]["value"] == "ported")
        assert {n["porting_order_status"] for n in done["phone_numbers"]} == {"ported"}
        assert [n["phone_number"] for n in done["phone_numbers"]] == ACME_NUMBERS
        events = client.get("/porting/events", params={"filter[porting_order_id]": order_id}).json()["data"]
        seen = [e["payload"]["status"]["value"] for e in events if e["event_type"] == "porting_order.status_changed"]
        assert seen == ["in-process", "submitted", "foc-date-confirmed", "ported"]


def test_create_answers_an_array_split_by_number_type_and_losing_carrier(base: str) -> None:
    with api(base) as client:
        parts = create(client, [*ACME_NUMBERS[:2], "+13125550100", "+18005550100"], ref="split-1")
    kinds = sorted((p["phone_number_type"], p["old_service_provider_ocn"], p["porting_phone_numbers_count"])
                   for p in parts)
    assert kinds == [("local", "AT&T", 1), ("local", "Lumen", 2), ("toll_free", "Verizon", 1)]
    assert all(p["customer_reference"] == "split-1" and p["status"]["value"] == "draft" for p in parts)


@pytest.mark.parametrize(("admin", "code"), [
    ({"entity_name": "ABC Company Inc"}, "ENTITY_NAME_MISMATCH"),
    ({"account_number": "8812-5520-09"}, "ACCOUNT_NUMBER_MISMATCH"),
    ({"pin_passcode": "0000"}, "PASSCODE_PIN_INVALID"),
    ({"billing_phone_number": "+13035550101"}, "BTN_ATN_MISMATCH"),
    ({"auth_person_name": "John Roe"}, "AUTH_PERSON_MISMATCH"),
])
def test_a_mismatch_with_the_account_ends_in_exception_with_its_code(
        base: str, sandbox: Sandbox, admin: dict[str, str], code: str) -> None:
    with api(base) as client:
        order_id = submitted_order(client, sandbox, **admin)
        order = wait_for(lambda: get(client, order_id), lambda o: o["status"]["value"] == "exception")
    assert [d["code"] for d in order["status"]["details"]] == [code]
    assert order["status"]["details"][0]["description"]


@pytest.mark.parametrize(("numbers", "body_change", "code"), [
    (["+13035550101", "+13035550100"], {"misc": {"type": "partial"}}, "MAIN_BTN_PORTING"),
    (["+13125550200"], {}, "PHONE_NUMBER_HAS_SPECIAL_FEATURE"),
    (["+13125550300"], {}, "LSR_PENDING"),
    (["+13035550100", "+13035550199"], {}, "PHONE_NUMBER_MISMATCH"),
    (["+19705550100"], {}, "PHONE_NUMBER_NOT_PORTABLE"),
    ([*ACME_NUMBERS], {"end_user": {"location": {"street_address": "1210 Market Street"}}}, "LOCATION_MISMATCH"),
])
def test_the_worlds_other_refusals_carry_their_telnyx_codes(
        base: str, numbers: list[str], body_change: dict[str, Any], code: str) -> None:
    with api(base) as client:
        [order] = create(client, numbers)
        body = fill()
        body["misc"] = {"type": "partial" if len(numbers) < 3 else "full"}
        if numbers[0].startswith("+1312"):
            body = fill({**ACME, "name": "x"})
        client.patch(f"/porting_orders/{order['id']}", json=body)
        client.patch(f"/porting_orders/{order['id']}", json=body_change)
        assert client.post(f"/porting_orders/{order['id']}/actions/confirm").status_code == 200
        done = wait_for(lambda: get(client, order["id"]), lambda o: o["status"]["value"] == "exception")
    assert code in [d["code"] for d in done["status"]["details"]]


def test_a_fix_by_patch_and_confirm_after_an_exception_reaches_foc(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        order_id = submitted_order(client, sandbox, entity_name="ABC Co")
        wait_for(lambda: status_of(client, order_id), lambda s: s == "exception")
        r = client.patch(f"/porting_orders/{order_id}", json={"end_user": {"admin": {"entity_name": ACME["name"]}}})
        assert r.json()["data"]["end_user"]["admin"]["pin_passcode"] == ACME["pin"]  # omitted keys keep
        assert client.post(f"/porting_orders/{order_id}/actions/confirm").status_code == 200
        order = wait_for(lambda: get(client, order_id), lambda o: o["status"]["value"] == "foc-date-confirmed")
    assert order["status"]["details"] == []


def test_patch_null_clears_and_omitted_keys_keep(base: str) -> None:
    with api(base) as client:
        [order] = create(client, ACME_NUMBERS)
        client.patch(f"/porting_orders/{order['id']}", json=fill())
        r = client.patch(f"/porting_orders/{order['id']}", json={"end_user": {"admin": {"pin_passcode": None}}})
    admin = r.json()["data"]["end_user"]["admin"]
    assert admin["pin_passcode"] is None and admin["entity_name"] == ACME["name"]


def test_cancel_far_from_the_foc_is_accepted_and_inside_48_hours_refused(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        far = submitted_order(client, sandbox, days=40)
        near = submitted_order(client, sandbox, days=40)
        wait_for(lambda: status_of(client, near), lambda s: s == "foc-date-confirmed")
        r = client.post(f"/porting_orders/{far}/actions/cancel")
        assert r.status_code == 200 and r.json()["data"]["status"]["value"] == "cancel-pending"
        sandbox.clock.set_speed(1.0)
        foc = dt.datetime.fromisoformat(get(client, near)["activation_settings"]["foc_datetime_actual"])
        sandbox.clock.advance(foc - dt.timedelta(hours=30) - sandbox.clock.now())
        refused = client.post(f"/porting_orders/{near}/actions/cancel")
        assert refused.status_code == 422 and "48 hours" in refused.json()["errors"][0]["detail"]
        assert status_of(client, near) == "foc-date-confirmed"
        assert status_of(client, far) == "cancelled"


def test_documents_link_by_id_and_an_unknown_document_is_refused(base: str) -> None:
    with api(base) as client:
        [order] = create(client, ACME_NUMBERS)
        doc = upload(client)
        ok = client.patch(f"/porting_orders/{order['id']}", json={"documents": {"loa": doc}})
        bad = client.patch(f"/porting_orders/{order['id']}",
                           json={"documents": {"invoice": "6f1b6c8e-0000-4000-8000-000000000000"}})
    assert ok.json()["data"]["documents"]["loa"] == doc
    assert bad.status_code == 422 and bad.json()["errors"][0]["source"]["pointer"] == "/documents/invoice"


def test_comments_are_kept_and_listed(base: str) -> None:
    with api(base) as client:
        [order] = create(client, ACME_NUMBERS)
        r = client.post(f"/porting_orders/{order['id']}/comments", json={"body": "Customer asked for 9am"})
        assert r.status_code == 201 and r.json()["data"]["user_type"] == "user"
        listed = client.get(f"/porting_orders/{order['id']}/comments").json()
    assert [c["body"] for c in listed["data"]] == ["Customer asked for 9am"]


def test_listing_pages_and_filters_by_reference_and_number(base: str) -> None:
    with api(base) as client:
        for i in range(5):
            create(client, ["+13125550100"], ref=f"ref-{i}")
        create(client, ACME_NUMBERS, ref="acme")
        page = client.get("/porting_orders", params={"page[number]": 2, "page[size]": 4}).json()
        by_ref = client.get("/porting_orders", params={"filter[customer_reference]": "acme"}).json()
        by_tn = client.get("/porting_orders", params={"filter[phone_numbers.phone_number][contains]": "5550101"}).json()
        too_big = client.get("/porting_orders", params={"page[size]": 251})
    assert page["meta"] == {"page_number": 2, "page_size": 4, "total_pages": 2, "total_results": 6}
    assert len(page["data"]) == 2
    assert [o["customer_reference"] for o in by_ref["data"]] == ["acme"]
    assert [o["customer_reference"] for o in by_tn["data"]] == ["acme"]
    assert too_big.status_code == 422


def test_allowed_foc_windows_start_after_the_minimum_interval(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        [order] = create(client, ACME_NUMBERS)
        windows = client.get(f"/porting_orders/{order['id']}/allowed_foc_windows").json()["data"]
    first = dt.datetime.fromisoformat(windows[0]["started_at"])
    assert first.date() > sandbox.clock.now().date() and first.weekday() < 5 and len(windows) == 10


def test_a_wrong_key_is_401_and_malformed_bodies_are_422(base: str) -> None:
    with httpx.Client(base_url=f"{base}/telnyx/v2", timeout=5) as client:
        wrong = client.get("/porting_orders", headers={"Authorization": "Bearer not-the-key"})
        missing = client.get("/porting_orders")
        broken = client.post("/porting_orders", headers=KEY, content=b"{not json",
                             )
        bad_number = client.post("/porting_orders", headers=KEY, json={"phone_numbers": ["303-555-0100"]})
    assert wrong.status_code == missing.status_code == 401
    assert wrong.json()["errors"][0]["code"] == "10009"
    assert broken.status_code == 422 and broken.json()["errors"]
    assert bad_number.status_code == 422
    assert bad_number.json()["errors"][0]["source"]["pointer"] == "/phone_numbers/0"


def test_what_schemathesis_found_stays_fixed(base: str) -> None:
    """An unsupported method is a 405, null clears a whole section, changes to unknown ids are 422."""
    with api(base) as client:
        [order] = create(client, ACME_NUMBERS)
        trace = client.request("TRACE", "/porting_orders")
        query = client.request("QUERY", f"/porting_orders/{order['id']}")
        client.patch(f"/porting_orders/{order['id']}", json={"documents": {"loa": upload(client)}})
        cleared = client.patch(f"/porting_orders/{order['id']}", json={"documents": None, "misc": None})
        unknown = client.post("/porting_orders/6f1b6c8e-0000-4000-8000-000000000000/actions/confirm")
    assert trace.status_code == query.status_code == 405 and "GET" in query.headers["Allow"]
    assert cleared.status_code == 200 and cleared.json()["data"]["documents"] == {"invoice": None, "loa": None}
    assert isinstance(cleared.json()["data"]["description"], str)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["code"] == "10005"


def test_a_patch_with_a_wrongly_typed_setting_is_422_and_the_order_keeps_its_settings(base: str) -> None:
    """Found by schemathesis: a number as billing_group_id was stored and answered, against the schema."""
    wrong = [
        ({"phone_number_configuration": {"billing_group_id": -2.17e16}}, "/phone_number_configuration/billing_group_id"),
        ({"phone_number_configuration": {"tags": "vip"}}, "/phone_number_configuration/tags"),
        ({"phone_number_configuration": {"tags": [1]}}, "/phone_number_configuration/tags"),
        ({"phone_number_configuration": []}, "/phone_number_configuration"),
        ({"user_feedback": {"user_rating": "five"}}, "/user_feedback/user_rating"),
        ({"user_feedback": {"user_comment": 5}}, "/user_feedback/user_comment"),
        ({"messaging": {"enable_messaging": "yes"}}, "/messaging/enable_messaging"),
    ]
    with api(base) as client:
        [order] = create(client, ACME_NUMBERS)
        answers = [client.patch(f"/porting_orders/{order['id']}", json=body) for body, _pointer in wrong]
        fine = client.patch(f"/porting_orders/{order['id']}", json={
            "phone_number_configuration": {"billing_group_id": "f1486bae-f067-460c-ad43-73a92848f902", "tags": ["vip"]},
            "user_feedback": {"user_rating": 5, "user_comment": None}, "messaging": {"enable_messaging": True}})
        after = client.get(f"/porting_orders/{order['id']}").json()["data"]
    for answer, (_body, pointer) in zip(answers, wrong, strict=True):
        assert answer.status_code == 422, pointer
        assert answer.json()["errors"][0]["source"]["pointer"] == pointer
    assert fine.status_code == 200
    assert after["phone_number_configuration"]["billing_group_id"] == "f1486bae-f067-460c-ad43-73a92848f902"
    assert after["phone_number_configuration"]["tags"] == ["vip"] and after["user_feedback"]["user_rating"] == 5


def test_the_date_header_is_the_sandboxs_clock_the_one_its_event_times_are_in(base: str, sandbox: Sandbox) -> None:
    from email.utils import parsedate_to_datetime

    from tests.sandbox.conftest import SPEED

    with api(base) as client:
        (order,) = create(client, ACME_NUMBERS[:1])
        client.post(f"/porting_orders/{order['id']}/comments", json={"body": "hello"})
        answer = client.get("/porting/events")
    said = parsedate_to_datetime(answer.headers["Date"])
    stamps = [dt.datetime.fromisoformat(e["created_at"].replace("Z", "+00:00")) for e in answer.json()["data"]]
    gap = abs((said - sandbox.clock.now()).total_seconds()) / SPEED  # in real seconds
    assert stamps and gap < 1.0  # the simulated clock, not the wall clock
    assert all(s <= said + dt.timedelta(seconds=1) for s in stamps)  # a mark from Date misses no later event
    assert abs((said - dt.datetime.now(dt.UTC)).total_seconds()) > 3600  # START is in December 2026
