"""Every dialect reads percent-encoded path segments as the characters they stand for, as a real server does:
a document name with a space reaches its attachment, an id sent with escapes reaches its order."""

from __future__ import annotations

from tests.sandbox import test_bandwidth as bw
from tests.sandbox import test_kazoo as kz
from tests.sandbox import test_telnyx as tx
from tests.sandbox.conftest import ACME_NUMBERS


def _escaped(text: str) -> str:
    return "".join(f"%{ord(c):02X}" if c == "-" else c for c in text)


def test_kazoo_an_attachment_named_with_a_space_is_found_by_its_encoded_name(base: str) -> None:
    with kz.api(base) as client:
        rid = kz.create(client, kz.request_doc())
        put = client.put(f"/port_requests/{rid}/attachments", params={"filename": "my bill.pdf"}, content=b"%PDF-1.4 x",
                         headers={"Content-Type": "application/pdf"})
        assert put.status_code == 200, put.text
        got = client.get(f"/port_requests/{rid}/attachments/my%20bill.pdf")
        assert got.status_code == 200 and got.content == b"%PDF-1.4 x"


def test_telnyx_an_order_id_sent_with_escapes_is_the_order(base: str) -> None:
    with tx.api(base) as client:
        (order,) = tx.create(client, ACME_NUMBERS[:1])
        got = client.get(f"/porting_orders/{_escaped(order['id'])}")
        assert got.status_code == 200 and got.json()["data"]["id"] == order["id"]


def test_bandwidth_a_port_in_id_sent_with_escapes_is_the_order(base: str) -> None:
    with bw.api(base) as client:
        order_id = bw.create(client, bw.lnp_order())
        got = client.get(f"/portins/{_escaped(order_id)}")
        assert got.status_code == 200, got.text
        assert order_id in got.text
