"""The Telnyx adapter over real HTTP against the local stand-in."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from portdesk.carriers import open_gateway
from portdesk.domain.status import Status
from portdesk.services.connections import new_connection
from portdesk.services.gateway import (
    AuthCarrierError,
    OutgoingDocument,
    PermanentCarrierError,
    TransientCarrierError,
)
from tests.carriers.mock_carriers import TELNYX_KEY
from tests.carriers.orders import sample_order


def gateway(base: str, key: str = TELNYX_KEY):  # type: ignore[no-untyped-def]
    return open_gateway(new_connection("tx", "telnyx", f"{base}/telnyx/v2"), key)


def test_a_split_create_keeps_every_part_and_fills_each_one(mock):
    base, state = mock
    refs = gateway(base).create(sample_order(["+13035550100", "+18005550123"]), "pd-1-abc")
    assert len(refs) == 2
    assert sorted(n for r in refs for n in r.numbers) == ["+13035550100", "+18005550123"]
    for ref in refs:
        order = state.telnyx[ref.id]
        assert order["customer_reference"] == "pd-1-abc"
        assert order["end_user"]["admin"]["entity_name"] == "ABC Company Inc"
        assert order["end_user"]["location"]["postal_code"] == "80202"
        assert order["misc"] == {"type": "full"}
        assert order["activation_settings"]["foc_datetime_requested"] == "2026-12-10T16:00:00Z"


def test_document_submit_and_fetch_follow_the_neutral_table(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-2")
    assert gw.fetch(ref.id).status is Status.AWAITING_DOCUMENTS  # a draft without its LOA
    gw.upload_document(ref.id, OutgoingDocument("loa", "loa.pdf", b"%PDF-1.4 loa"))
    assert state.telnyx[ref.id]["documents"]["loa"]
    assert gw.fetch(ref.id).status is Status.DRAFT
    gw.submit(ref.id)
    assert gw.fetch(ref.id).status is Status.SUBMITTED
    state.telnyx[ref.id]["status"] = {"value": "foc-date-confirmed", "details": []}
    state.telnyx[ref.id]["activation_settings"]["foc_datetime_actual"] = "2026-12-10T16:00:00Z"
    for n in state.telnyx[ref.id]["phone_numbers"]:
        n["porting_order_status"] = "foc-date-confirmed"
    got = gw.fetch(ref.id)
    assert (got.status, got.raw_status, got.foc_date) == (Status.FOC_CONFIRMED, "foc-date-confirmed", dt.date(2026, 12, 10))
    assert {n.status for n in got.numbers} == {"foc_confirmed"}


def test_exception_details_map_to_the_catalogue_and_unknown_codes_keep_their_words(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-3")
    state.telnyx[ref.id]["status"] = {"value": "exception", "details": [
        {"code": "ENTITY_NAME_MISMATCH", "description": "Name on account is ABC Company, Incorporated"},
        {"code": "ILLEGIBLE_LOA", "description": "The LOA cannot be read"}]}
    got = gw.fetch(ref.id)
    assert got.status is Status.EXCEPTION
    assert [r.reason for r in got.rejections] == ["name_mismatch", "other"]
    assert got.rejections[1].text == "The LOA cannot be read" and got.rejections[1].code == "ILLEGIBLE_LOA"
    assert "account.name" in got.rejections[0].fix


def test_comments_go_both_ways_and_find_uses_the_reference(mock):
    base, _state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-4")
    gw.add_comment(ref.id, "Please port early morning")
    assert [n.text for n in gw.fetch(ref.id).notes] == ["Please port early morning"]
    assert [r.id for r in gw.find("pd-4")] == [ref.id]
    assert gw.find("pd-unknown") == []


def test_cancel_inside_48_hours_of_the_foc_is_refused_without_a_call(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-5")
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=20)).isoformat()
    state.telnyx[ref.id]["status"] = {"value": "foc-date-confirmed", "details": []}
    state.telnyx[ref.id]["activation_settings"]["foc_datetime_actual"] = soon
    with pytest.raises(PermanentCarrierError, match="48 hours"):
        gw.cancel(ref.id)
    assert not state.requests_to("/actions/cancel")


def test_a_refused_key_and_a_missing_role_are_auth_errors_in_words(mock):
    base, state = mock
    with pytest.raises(AuthCarrierError, match="the key was refused"):
        gateway(base, "wrong-key").test_credentials()
    state.forbidden = True
    with pytest.raises(AuthCarrierError, match="lacks the porting role"):
        gateway(base).test_credentials()


@pytest.mark.parametrize(("status", "headers", "body"), [
    (500, {}, b'{"errors": []}'),
    (429, {"Retry-After": "7"}, b'{"errors": [{"code": "10011", "title": "Too many requests"}]}'),
    (200, {"Content-Type": "text/html"}, b"<html><body>Gateway</body></html>"),
    (200, {"Content-Length": "500", "Connection": "close"}, b'{"data": {"id": "cut'),
])
def test_faults_are_transient_errors_never_httpx_ones(mock, status, headers, body):
    base, state = mock
    state.faults["/porting_orders"] = (status, headers, body)
    with pytest.raises(TransientCarrierError) as caught:
        gateway(base).test_credentials()
    if status == 429:
        assert caught.value.retry_after == 7.0


def test_an_answer_over_the_size_cap_is_not_read(mock):
    base, state = mock
    state.faults["/porting_orders"] = (200, {"Content-Type": "application/json"}, b" " * 10_000_000)
    with pytest.raises(TransientCarrierError, match=r"larger than|bytes"):
        gateway(base).test_credentials()


def test_changed_since_reads_porting_events(mock):
    base, state = mock
    state.telnyx_events.extend([{"porting_order_id": "a"}, {"payload": {"id": "b"}}, {"porting_order_id": "a"}])
    assert gateway(base).changed_since(dt.datetime(2026, 12, 1, tzinfo=dt.UTC)) == ["a", "b"]
    assert state.requests_to("/porting/events")[0].query["filter[created_at][gte]"] == ["2026-12-01T00:00:00Z"]


def test_the_key_is_sent_as_a_bearer_and_never_in_the_body(mock):
    base, state = mock
    gateway(base).create(sample_order(), "pd-6")
    assert all(TELNYX_KEY.encode() not in c.body for c in state.calls)
    assert json.loads(state.requests_to("/porting_orders", "POST")[0].body)["customer_reference"] == "pd-6"
