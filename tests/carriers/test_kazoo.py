"""The KAZOO adapter over real HTTP: logins, the envelope, 402 accept charges, reasons read from words."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from portdesk.carriers import open_gateway
from portdesk.carriers.kazoo import kazoo_rejection
from portdesk.domain.status import Status
from portdesk.services.connections import new_connection
from portdesk.services.gateway import (
    AuthCarrierError,
    ChargesRequired,
    OutgoingDocument,
    PermanentCarrierError,
)
from tests.carriers.mock_carriers import (
    GREGORIAN,
    KAZOO_ACCOUNT_ID,
    KAZOO_ACCOUNT_NAME,
    KAZOO_KEY,
    KAZOO_PASSWORD,
    KAZOO_USER,
    move,
)
from tests.carriers.orders import sample_order


def gateway(base: str, *, md5: bool = False, secret: str | None = None):  # type: ignore[no-untyped-def]
    conn = new_connection("kz", "kazoo", f"{base}/kazoo/v2", account=KAZOO_ACCOUNT_NAME if md5 else None,
                          user=KAZOO_USER if md5 else None)
    return open_gateway(conn, secret or (KAZOO_PASSWORD if md5 else KAZOO_KEY))


def test_md5_login_sends_the_hash_with_method_inside_data(mock):
    base, state = mock
    assert "accepted" in gateway(base, md5=True).test_credentials()
    sent = json.loads(state.requests_to("/user_auth")[0].body)["data"]
    assert sent == {"credentials": hashlib.md5(f"{KAZOO_USER}:{KAZOO_PASSWORD}".encode()).hexdigest(),
                    "account_name": KAZOO_ACCOUNT_NAME, "method": "md5"}
    with pytest.raises(AuthCarrierError, match="the key was refused"):
        gateway(base, secret="nope").test_credentials()


def test_md5_login_never_sends_the_account_id_as_the_account_name(mock):
    """cli.md: --account is the account id (used in the URLs); KAZOO's user_auth wants the account *name*."""
    base, state = mock
    conn = new_connection("kz", "kazoo", f"{base}/kazoo/v2", account=KAZOO_ACCOUNT_ID, user=KAZOO_USER)
    with pytest.raises(AuthCarrierError, match="account name") as refused:
        open_gateway(conn, KAZOO_PASSWORD).test_credentials()
    assert "--account" in str(refused.value) and KAZOO_PASSWORD not in str(refused.value)
    assert [json.loads(c.body)["data"].get("account_name") for c in state.requests_to("/user_auth")] == []
    unnamed = new_connection("kz2", "kazoo", f"{base}/kazoo/v2", user=KAZOO_USER)
    with pytest.raises(AuthCarrierError, match="account name"):
        open_gateway(unnamed, KAZOO_PASSWORD).test_credentials()


def test_md5_login_with_the_account_id_and_its_name_uses_each_where_kazoo_wants_it(mock):
    base, state = mock
    conn = new_connection("kz", "kazoo", f"{base}/kazoo/v2", account=KAZOO_ACCOUNT_ID, user=KAZOO_USER)
    conn.options["account_name"] = KAZOO_ACCOUNT_NAME
    gw = open_gateway(conn, KAZOO_PASSWORD)
    (ref,) = gw.create(sample_order(), "pd-name")
    assert json.loads(state.requests_to("/user_auth")[0].body)["data"]["account_name"] == KAZOO_ACCOUNT_NAME
    assert ref.id in state.kazoo  # the paths carry the id


def test_create_attach_submit_in_the_envelope_and_the_token_is_renewed_on_401(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-20")
    request = state.kazoo[ref.id]
    assert request["numbers"] == {"+13035550100": {}, "+13035550101": {}}
    assert request["bill"]["street_number"] == "1200" and request["reference_number"] == "pd-20"
    assert request["transfer_date"] == int(dt.datetime(2026, 12, 10, 16, tzinfo=dt.UTC).timestamp()) + GREGORIAN
    state.kazoo_tokens.append("someone-else")  # our token expired
    gw.upload_document(ref.id, OutgoingDocument("bill", "any.pdf", b"%PDF-1.4"))
    gw.upload_document(ref.id, OutgoingDocument("loa", "any.pdf", b"%PDF-1.4"))
    assert set(request["uploads"]) == {"bill.pdf", "form.pdf"}
    gw.submit(ref.id)
    assert gw.fetch(ref.id).status is Status.SUBMITTED


def test_402_is_surfaced_as_charges_and_repeated_only_with_accept_charges(mock):
    base, state = mock
    state.kazoo_fee = True
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-21")
    with pytest.raises(ChargesRequired):
        gw.submit(ref.id)
    assert state.kazoo[ref.id]["port_state"] == "unconfirmed"
    gw.submit(ref.id, accept_charges=True)
    assert json.loads(state.requests_to("/submitted")[-1].body)["accept_charges"] is True
    assert state.kazoo[ref.id]["port_state"] == "submitted"


def test_a_rejection_reason_is_read_from_the_moves_words_and_a_fix_resubmits(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-22")
    gw.submit(ref.id)
    move(state.kazoo[ref.id], "rejected", "Name Mismatch: The business name does not match the CSR")
    got = gw.fetch(ref.id, notes=False)
    assert got.status is Status.EXCEPTION
    assert [(r.reason, r.code) for r in got.rejections] == [("name_mismatch", "Name Mismatch")]
    assert "does not match the CSR" in got.rejections[0].text
    fixed = sample_order()
    fixed.account.name = "ABC Company Incorporated"
    gw.supplement(ref.id, fixed)
    assert state.kazoo[ref.id]["bill"]["name"] == "ABC Company Incorporated"
    assert state.kazoo[ref.id]["port_state"] == "submitted"
    posts = len(state.requests_to(f"/port_requests/{ref.id}", "POST"))
    gw.supplement(ref.id, fixed)  # sent again (its answer was lost): already there, nothing to do
    assert len(state.requests_to(f"/port_requests/{ref.id}", "POST")) == posts
    fixed.account.pin = "1111"
    with pytest.raises(PermanentCarrierError, match="only while it is unconfirmed or rejected"):
        gw.supplement(ref.id, fixed)  # a real change to a submitted request is the port authority's


def test_an_illegal_move_is_a_permanent_error_with_kazoos_words(mock):
    base, _state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-23")
    gw.cancel(ref.id)
    with pytest.raises(PermanentCarrierError, match="Cannot move to new state"):
        gw.submit(ref.id)
    gw.create(sample_order(), "pd-24")  # a cancelled request frees its numbers
    with pytest.raises(PermanentCarrierError, match="Number is on a port request already"):
        gw.create(sample_order(), "pd-24b")


def test_scheduled_gives_the_foc_and_comments_come_back_in_the_timeline(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-25")
    gw.add_comment(ref.id, "Customer asks for a morning cut")
    request = state.kazoo[ref.id]
    move(request, "submitted")
    move(request, "pending")
    move(request, "scheduled")
    request["scheduled_date"] = int(dt.datetime(2026, 12, 11, 15, tzinfo=dt.UTC).timestamp()) + GREGORIAN
    got = gw.fetch(ref.id)
    assert (got.status, got.foc_date) == (Status.FOC_CONFIRMED, dt.date(2026, 12, 11))
    assert [n.text for n in got.notes] == ["Customer asks for a morning cut"]
    assert [e.raw_status for e in got.history] == ["submitted", "pending", "scheduled"]
    assert [r.id for r in gw.find("pd-25", ["+13035550100"])] == [ref.id]


@pytest.mark.parametrize(("text", "reason"), [
    ("Porting Main BTN: the BTN must stay", "main_btn_on_partial"),
    ("Passcode/PIN Required or Invalid: ask for it", "pin_invalid"),
    ("Address Mismatch: 1200 Market St", "address_mismatch"),
    ("Carrier Freeze: remove it", "special_feature"),
    ("Something new happened", "other"),
])
def test_kazoo_reason_words_map_onto_the_catalogue(text, reason):
    assert kazoo_rejection(text).reason == reason
