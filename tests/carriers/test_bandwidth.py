"""The Bandwidth adapter over real HTTP: OAuth2 and Basic, XML out with etree, in with defusedxml."""

from __future__ import annotations

import xml.etree.ElementTree as ET

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
from tests.carriers.mock_carriers import BW_CLIENT, BW_PASSWORD, BW_SECRET, BW_USER
from tests.carriers.orders import PIN, sample_order


def gateway(base: str, *, basic: bool = False, secret: str | None = None):  # type: ignore[no-untyped-def]
    conn = new_connection("bw", "bandwidth", f"{base}/bandwidth/api", account="9900012",
                          user=BW_USER if basic else BW_CLIENT, auth="basic" if basic else None)
    return open_gateway(conn, secret or (BW_PASSWORD if basic else BW_SECRET))


def test_create_sends_an_lnp_order_with_ten_digit_numbers_and_the_idempotency_key(mock):
    base, state = mock
    (ref,) = gateway(base).create(sample_order(), "pd-7-k")
    root = ET.fromstring(state.bandwidth[ref.id]["xml"])
    assert root.tag == "LnpOrder"
    assert root.findtext("CustomerOrderId") == "pd-7-k"
    assert [p.text for p in root.iter("PhoneNumber")] == ["3035550100", "3035550101"]
    assert root.findtext("BillingTelephoneNumber") == "3035550100"
    assert root.findtext("Subscriber/ServiceAddress/HouseNumber") == "1200"
    assert root.findtext("Subscriber/ServiceAddress/StreetName") == "Market Street"
    assert root.findtext("WirelessInfo/PinNumber") == PIN
    assert ref.numbers == ("+13035550100", "+13035550101")
    assert root.findtext("SiteId") == "2297"  # required: the account's site, looked up as none was configured


def test_a_configured_site_is_used_and_the_account_is_not_asked_for_its_sites(mock):
    base, state = mock
    conn = new_connection("bw", "bandwidth", f"{base}/bandwidth/api", account="9900012", user=BW_CLIENT)
    conn.options["site_id"] = "4411"
    (ref,) = open_gateway(conn, BW_SECRET).create(sample_order(), "pd-8")
    assert ET.fromstring(state.bandwidth[ref.id]["xml"]).findtext("SiteId") == "4411"
    assert state.requests_to("/sites") == []


def test_the_looked_up_site_is_read_once_per_connection_not_once_per_create_or_cycle(mock):
    base, state = mock
    for key in ("pd-s1", "pd-s2", "pd-s3"):  # a sync cycle opens a new gateway each time
        gw = gateway(base)
        (ref,) = gw.create(sample_order(), key)
        gw.close()
        assert ET.fromstring(state.bandwidth[ref.id]["xml"]).findtext("SiteId") == "2297"
    assert len(state.requests_to("/sites")) == 1
    other = new_connection("bw-other", "bandwidth", f"{base}/bandwidth/api", account="9900013", user=BW_CLIENT)
    open_gateway(other, BW_SECRET).site_id()  # another account has sites of its own
    assert len(state.requests_to("/sites")) == 2


def test_the_oauth2_token_is_cached_and_renewed_after_a_401(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-8")
    gw.fetch(ref.id, notes=False)
    assert len(state.bw_tokens) == 1  # one token for several calls
    state.bw_tokens.append("revoked-elsewhere")  # the server forgets ours: next call answers 401
    assert gw.fetch(ref.id, notes=False).status is Status.PENDING
    assert len(state.bw_tokens) == 3


def test_a_legacy_api_user_works_and_wrong_secrets_are_refused_in_words(mock):
    base, _state = mock
    assert "accepted" in gateway(base, basic=True).test_credentials()
    with pytest.raises(AuthCarrierError, match="the key was refused"):
        gateway(base, secret="wrong").test_credentials()
    with pytest.raises(AuthCarrierError, match="the key was refused"):
        gateway(base, basic=True, secret="wrong").test_credentials()


def test_a_supp_puts_every_value_back_under_lnp_order_supp_then_reads_again(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-9")
    original = ET.fromstring(state.bandwidth[ref.id]["xml"])
    original.find("SiteId").text = "2857"  # type: ignore[union-attr]  # changed at Bandwidth: kept as it is
    state.bandwidth[ref.id]["xml"] = ET.tostring(original)
    changed = sample_order()
    changed.account.name = "ABC Company Incorporated"
    gets_before = len(state.requests_to(f"/portins/{ref.id}", "GET"))
    gw.supplement(ref.id, changed)
    supp = ET.fromstring(state.bandwidth[ref.id]["supps"][-1])
    assert supp.tag == "LnpOrderSupp"
    assert supp.findtext("Subscriber/BusinessName") == "ABC Company Incorporated"
    assert supp.findtext("SiteId") == "2857" and supp.findtext("CustomerOrderId") == "pd-9"
    assert supp.find("OrderId") is None and supp.find("ProcessingStatus") is None
    assert [p.text for p in supp.iter("PhoneNumber")] == ["3035550100", "3035550101"]
    assert len(state.requests_to(f"/portins/{ref.id}", "GET")) == gets_before + 2


def test_errors_map_to_reasons_and_a_cancelled_order_with_errors_is_final(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-10")
    state.bandwidth[ref.id].update(status="EXCEPTION", errors=[
        ("7404", "8G: End user name mismatch", ["3035550101"]), ("7999", "E37 TN not found", [])])
    got = gw.fetch(ref.id)
    assert got.status is Status.EXCEPTION and got.codes == ("7404", "7999")
    assert [r.reason for r in got.rejections] == ["name_mismatch", "other"]
    assert got.rejections[1].text == "E37 TN not found"
    assert {n.number: n.status for n in got.numbers} == {"+13035550100": "pending", "+13035550101": "rejected"}
    state.bandwidth[ref.id]["status"] = "CANCELLED"
    assert gw.fetch(ref.id).status is Status.REJECTED_FINAL


def test_cancelling_a_complete_order_is_refused_with_bandwidths_words(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-11")
    state.bandwidth[ref.id]["status"] = "COMPLETE"
    with pytest.raises(PermanentCarrierError, match="7304"):
        gw.cancel(ref.id)


def test_documents_carry_their_type_and_long_notes_are_split(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-12")
    gw.upload_document(ref.id, OutgoingDocument("bill", "bill.pdf", b"%PDF-1.4 bill"))
    assert state.bandwidth[ref.id]["loas"][0][:2] == ("INVOICE", "application/pdf")
    gw.upload_document(ref.id, OutgoingDocument("bill", "bill.pdf", b"%PDF-1.4 bill"))  # the same, again
    gw.upload_document(ref.id, OutgoingDocument("bill", "bill2.pdf", b"%PDF-1.4 newer bill"))
    assert [body for _, _, body in state.bandwidth[ref.id]["loas"]] == [b"%PDF-1.4 bill", b"%PDF-1.4 newer bill"]
    gw.add_comment(ref.id, "x" * 1200)
    notes = state.bandwidth[ref.id]["notes"]
    assert len(notes) == 3 and all(len(d) <= 500 for _, d in notes) and notes[0][1].startswith("(1/3) ")
    assert [n.text for n in gw.fetch(ref.id).notes] == [d for _, d in notes]


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><LnpOrderResponse>&x;</LnpOrderResponse>',
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>',
    b"<LnpOrderResponse><OrderId>abc</Ord",
])
def test_xxe_entity_bombs_and_truncated_xml_are_refused_as_transient(mock, body):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-13")
    state.faults[f"/portins/{ref.id}"] = (200, {"Content-Type": "application/xml"}, body)
    with pytest.raises(TransientCarrierError):
        gw.fetch(ref.id, notes=False)


def test_find_looks_the_order_up_by_customer_order_id(mock):
    base, _state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-14")
    gw.create(sample_order(["+13035550177"]), "pd-15")
    assert [r.id for r in gw.find("pd-14")] == [ref.id]


def test_a_long_note_is_split_between_words_into_numbered_parts_of_at_most_500(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-words")
    words = [f"word{i:03d}" for i in range(150)]  # 1,199 characters, no word longer than 7
    gw.add_comment(ref.id, " ".join(words))
    notes = [d for _, d in state.bandwidth[ref.id]["notes"]]
    assert len(notes) == 3 and all(len(d) <= 500 for d in notes)
    assert [d.split(" ", 1)[0] for d in notes] == ["(1/3)", "(2/3)", "(3/3)"]
    bodies = [d.split(" ", 1)[1] for d in notes]
    assert " ".join(bodies).split(" ") == words  # every word whole, in order, none cut in two


def test_only_a_word_longer_than_a_note_is_cut(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-long-word")
    gw.add_comment(ref.id, "see " + "x" * 700 + " thanks")
    notes = [d.split(" ", 1)[1] for _, d in state.bandwidth[ref.id]["notes"]]
    assert all(len(d) <= 500 for _, d in state.bandwidth[ref.id]["notes"])
    assert "".join(notes).replace(" ", "") == "see" + "x" * 700 + "thanks"
    assert notes[0] == "see" and notes[-1].endswith(" thanks")  # the short words stay whole


def test_line_breaks_inside_a_note_part_are_kept(mock):
    base, state = mock
    gw = gateway(base)
    (ref,) = gw.create(sample_order(), "pd-lines")
    lines = [f"line {i}: " + " ".join(["detail"] * 8) for i in range(12)]  # 12 lines of 60 characters
    gw.add_comment(ref.id, "\n".join(lines))
    notes = [d.split(" ", 1)[1] for _, d in state.bandwidth[ref.id]["notes"]]
    assert len(notes) == 2 and all(len(d) <= 500 for _, d in state.bandwidth[ref.id]["notes"])
    assert notes[0].startswith("\n".join(lines[:7]) + "\n")  # the lines of a part keep their breaks
    assert " ".join(notes).split() == "\n".join(lines).split()  # every word whole, in order
