"""The Bandwidth dialect over real HTTP: OAuth2 or Basic, XML documents as Bandwidth's examples show them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import httpx
import pytest

from portdesk.sandbox.server import Sandbox
from tests.sandbox.conftest import wait_for

ACCOUNT = "9900012"


def token(base: str) -> str:
    r = httpx.post(f"{base}/bandwidth/api/v1/oauth2/token", auth=("sandbox", "sandbox"),
                   data={"grant_type": "client_credentials"})
    assert r.status_code == 200, r.text
    assert r.json()["token_type"] == "Bearer" and r.json()["expires_in"] > 0
    return r.json()["access_token"]  # type: ignore[no-any-return]


def api(base: str) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/bandwidth/api/accounts/{ACCOUNT}",
                        headers={"Authorization": f"Bearer {token(base)}", "Content-Type": "application/xml"},
                        timeout=10)


def lnp_order(*, tns: tuple[str, ...] = ("3035550100", "3035550101", "3035550102"), name: str = "ABC Company, Inc.",
              account: str = "8812-5520-01", pin: str = "4321", btn: str = "3035550100", house: str = "1200",
              street: str = "Market", suffix: str = "Street", partial: str = "false", person: str = "Jane Doe",
              new_btn: str | None = None, foc: str = "", root: str = "LnpOrder", ref: str = "pd-7") -> bytes:
    numbers = "".join(f"<PhoneNumber>{tn}</PhoneNumber>" for tn in tns)
    new = f"<NewBillingTelephoneNumber>{new_btn}</NewBillingTelephoneNumber>" if new_btn else ""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<{root}>
  <CustomerOrderId>{ref}</CustomerOrderId>
  {f"<RequestedFocDate>{foc}</RequestedFocDate>" if foc else ""}
  <BillingTelephoneNumber>{btn}</BillingTelephoneNumber>{new}
  <Subscriber>
    <SubscriberType>BUSINESS</SubscriberType>
    <BusinessName>{name}</BusinessName>
    <ServiceAddress>
      <HouseNumber>{house}</HouseNumber><StreetName>{street}</StreetName><StreetSuffix>{suffix}</StreetSuffix>
      <AddressLine2>Suite 400</AddressLine2><City>Denver</City><StateCode>CO</StateCode><Zip>80202</Zip>
    </ServiceAddress>
  </Subscriber>
  <LoaAuthorizingPerson>{person}</LoaAuthorizingPerson>
  <WirelessInfo><AccountNumber>{account}</AccountNumber><PinNumber>{pin}</PinNumber></WirelessInfo>
  <ListOfPhoneNumbers>{numbers}</ListOfPhoneNumbers>
  <SiteId>2857</SiteId><PeerId>317771</PeerId>
  <PartialPort>{partial}</PartialPort>
</{root}>""".encode()


def create(client: httpx.Client, body: bytes) -> str:
    r = client.post("/portins", content=body)
    assert r.status_code == 201, r.text
    doc = ET.fromstring(r.content)
    assert doc.tag == "LnpOrderResponse" and doc.findtext("Status/Code") == "201"
    assert doc.findtext("ProcessingStatus") == "SUBMITTED"
    assert r.headers["Location"].endswith(f"/portins/{doc.findtext('OrderId')}")
    return doc.findtext("OrderId") or ""


def order(client: httpx.Client, order_id: str) -> ET.Element:
    r = client.get(f"/portins/{order_id}")
    assert r.status_code == 200, r.text
    return ET.fromstring(r.content)


def status(client: httpx.Client, order_id: str) -> str:
    return order(client, order_id).findtext("ProcessingStatus") or ""


def in_days(sandbox: Sandbox, days: int) -> str:
    return (sandbox.clock.now() + dt.timedelta(days=days)).strftime("%Y-%m-%dT16:00:00.000Z")


def test_a_clean_port_goes_submitted_foc_complete(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order(foc=in_days(sandbox, 12)))
        at_foc = wait_for(lambda: order(client, order_id), lambda o: o.findtext("ProcessingStatus") == "FOC")
        assert at_foc.findtext("ActualFocDate", "").endswith("T16:00:00.000Z")
        assert at_foc.findtext("CustomerOrderId") == "pd-7" and at_foc.findtext("LosingCarrierName") == "Lumen"
        wait_for(lambda: status(client, order_id), lambda s: s == "COMPLETE")
        history = ET.fromstring(client.get(f"/portins/{order_id}/history").content)
    assert [h.findtext("Status") for h in history.iterfind("OrderHistory")] == ["SUBMITTED", "SUBMITTED", "FOC",
                                                                                "COMPLETE"]


@pytest.mark.parametrize(("change", "code"), [
    ({"name": "ABC Company Inc"}, "7404"),
    ({"house": "1210"}, "7402"),
    ({"account": "8812-5520-09"}, "7401"),
    ({"pin": "0000"}, "7435"),
    ({"btn": "3035550101"}, "7445"),
    ({"tns": ("3035550100", "3035550101"), "partial": "true"}, "7434"),
    ({"tns": ("3035550100", "3035550101", "3035550102", "3035550199")}, "7427"),
    ({"tns": ("9705550100",), "btn": "9705550100"}, "7403"),
])
def test_each_refusal_of_the_losing_carrier_is_an_exception_with_bandwidths_code(
        base: str, change: dict[str, object], code: str) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order(**change))  # type: ignore[arg-type]
        doc = wait_for(lambda: order(client, order_id), lambda o: o.findtext("ProcessingStatus") == "EXCEPTION")
    assert code in [e.findtext("Code") for e in doc.iterfind("Errors")]
    assert all(e.findtext("Description") for e in doc.iterfind("Errors"))


@pytest.mark.parametrize(("tns", "code"), [(("3125550200",), "7406"), (("3125550300",), "7407")])
def test_features_and_pending_orders_are_refused(base: str, tns: tuple[str, ...], code: str) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order(tns=tns, btn=tns[0]))
        doc = wait_for(lambda: order(client, order_id), lambda o: o.findtext("ProcessingStatus") == "EXCEPTION")
    assert code in [e.findtext("Code") for e in doc.iterfind("Errors")]


def test_a_supp_after_an_exception_is_judged_again_and_reaches_foc(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order(name="ABC Co", foc=in_days(sandbox, 15)))
        wait_for(lambda: status(client, order_id), lambda s: s == "EXCEPTION")
        wrong_root = client.put(f"/portins/{order_id}", content=lnp_order(foc=in_days(sandbox, 15)))
        assert wrong_root.status_code == 400
        r = client.put(f"/portins/{order_id}", content=lnp_order(root="LnpOrderSupp", foc=in_days(sandbox, 15)))
        assert r.status_code == 200 and ET.fromstring(r.content).findtext("ProcessingStatus") == "REQUESTED_SUPP"
        doc = wait_for(lambda: order(client, order_id), lambda o: o.findtext("ProcessingStatus") == "FOC")
    assert doc.find("Errors") is None


def test_after_foc_only_the_date_may_change(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order(foc=in_days(sandbox, 40)))
        wait_for(lambda: status(client, order_id), lambda s: s == "FOC")
        refused = client.put(f"/portins/{order_id}", content=lnp_order(root="LnpOrderSupp", pin="9999",
                                                                        foc=in_days(sandbox, 40)))
        moved = client.put(f"/portins/{order_id}", content=lnp_order(root="LnpOrderSupp", foc=in_days(sandbox, 50)))
    assert refused.status_code == 400 and "only the FOC date" in refused.text
    assert moved.status_code == 200


def test_cancel_outside_the_cut_off_goes_requested_cancel_then_cancelled_and_inside_is_refused(
        base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        far = create(client, lnp_order(foc=in_days(sandbox, 40), ref="far"))
        near = create(client, lnp_order(foc=in_days(sandbox, 40), ref="near"))
        wait_for(lambda: status(client, near), lambda s: s == "FOC")
        assert client.delete(f"/portins/{far}").status_code == 200
        sandbox.clock.set_speed(1.0)
        foc = dt.datetime.fromisoformat(order(client, near).findtext("ActualFocDate", ""))
        sandbox.clock.advance(foc - dt.timedelta(hours=20) - sandbox.clock.now())
        refused = client.delete(f"/portins/{near}")
        assert refused.status_code == 400 and "1 business day" in refused.text
        assert status(client, near) == "FOC"
        assert status(client, far) in ("REQUESTED_CANCEL", "CANCELLED")


def test_a_complete_order_cannot_be_cancelled_7304(base: str, sandbox: Sandbox) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order(foc=in_days(sandbox, 5)))
        wait_for(lambda: status(client, order_id), lambda s: s == "COMPLETE")
        r = client.delete(f"/portins/{order_id}")
    assert r.status_code == 400 and ET.fromstring(r.content).findtext("Errors/Code") == "7304"


def test_search_pages_by_cursor_and_filters_by_reference_billing_tn_and_order_tn(base: str) -> None:
    with api(base) as client:
        ids = [create(client, lnp_order(ref=f"ref-{i}")) for i in range(3)]
        create(client, lnp_order(tns=("3125550100",), btn="3125550100", ref="other"))
        first = ET.fromstring(client.get("/portins", params={"page": 1, "size": 2}).content)
        cursor = first.findtext("Links/next", "").split("page=")[1].split("&")[0]
        second = ET.fromstring(client.get("/portins", params={"page": cursor, "size": 2}).content)
        by_ref = ET.fromstring(client.get("/portins", params={"page": 1, "size": 10, "customerOrderId": "ref-1"}).content)
        by_tn = ET.fromstring(client.get("/portins", params={"page": 1, "size": 10, "tn": "3125550100"}).content)
        by_order_tn = ET.fromstring(client.get("/portins", params={"page": 1, "size": 10,
                                                                    "orderTn": "3035550101"}).content)
        no_size = client.get("/portins", params={"page": 1})
    def ids_of(doc: ET.Element) -> list[str]:
        return [i.findtext("OrderId") or "" for i in doc.iterfind("lnpPortInfoForGivenStatus")]
    assert first.findtext("TotalCount") == "4" and len(ids_of(first)) == 2 and len(ids_of(second)) == 2
    assert set(ids_of(first)) | set(ids_of(second)) >= set(ids)
    assert ids_of(by_ref) == [ids[1]]
    assert [i.findtext("CustomerOrderId") for i in by_tn.iterfind("lnpPortInfoForGivenStatus")] == ["other"]
    assert set(ids_of(by_order_tn)) == set(ids)
    assert no_size.status_code == 400


def test_documents_upload_with_their_type_and_notes_are_kept(base: str) -> None:
    with api(base) as client:
        order_id = create(client, lnp_order())
        up = client.post(f"/portins/{order_id}/loas", params={"documentType": "INVOICE"}, content=b"%PDF-1.4 bill",
                         headers={"Content-Type": "application/pdf"})
        bad_type = client.post(f"/portins/{order_id}/loas", params={"documentType": "PHOTO"}, content=b"%PDF",
                               headers={"Content-Type": "application/pdf"})
        files = ET.fromstring(client.get(f"/portins/{order_id}/loas").content)
        note = client.post(f"/portins/{order_id}/notes",
                           content=b"<Note><UserId>coordinator</UserId><Description>Please expedite</Description></Note>")
        too_long = client.post(f"/portins/{order_id}/notes",
                               content=f"<Note><UserId>c</UserId><Description>{'x' * 501}</Description></Note>".encode())
        notes = ET.fromstring(client.get(f"/portins/{order_id}/notes").content)
    assert up.status_code == 201 and bad_type.status_code == 400
    assert files.findtext("fileData/FileMetaData/DocumentType") == "INVOICE"
    assert note.status_code == 201 and "/notes/" in note.headers["Location"]
    assert too_long.status_code == 400
    mine = [n.findtext("Description") for n in notes.iterfind("Note") if n.findtext("UserId") == "coordinator"]
    assert mine == ["Please expedite"]


def test_credentials_basic_works_and_wrong_ones_are_401(base: str) -> None:
    url = f"{base}/bandwidth/api/accounts/{ACCOUNT}/portins"
    basic = httpx.get(url, params={"page": 1, "size": 5}, auth=("sandbox", "sandbox"))
    wrong = httpx.get(url, params={"page": 1, "size": 5}, auth=("sandbox", "nope"))
    bad_bearer = httpx.get(url, params={"page": 1, "size": 5}, headers={"Authorization": "Bearer made-up"})
    bad_client = httpx.post(f"{base}/bandwidth/api/v1/oauth2/token", auth=("someone", "x"),
                            data={"grant_type": "client_credentials"})
    assert basic.status_code == 200
    assert wrong.status_code == bad_bearer.status_code == 401
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"


@pytest.mark.parametrize("body", [
    b"<LnpOrder><ListOfPhoneNumbers>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><LnpOrder>&e;</LnpOrder>',
    b"<LnpOrder><ListOfPhoneNumbers><PhoneNumber>+13035550100</PhoneNumber></ListOfPhoneNumbers></LnpOrder>",
])
def test_malformed_hostile_or_invalid_xml_is_a_400_in_bandwidths_shape(base: str, body: bytes) -> None:
    with api(base) as client:
        r = client.post("/portins", content=body)
    assert r.status_code == 400
    assert ET.fromstring(r.content).findtext("Status/Code") == "400"
    assert b"root:" not in r.content
