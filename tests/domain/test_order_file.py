import json

import pytest

from portdesk.domain.order import FORMAT, OrderFileError, PortOrder

SAMPLE = {
    "format": FORMAT,
    "name": "ABC Company - Denver",
    "kind": "local",
    "profile": "kazoo",
    "losing_carrier": "Lumen",
    "account": {
        "name": "ABC Company, Inc.",
        "number": "8812-5520-01",
        "pin": "4321",
        "btn": "(303) 555-0100",
        "authorized_user": "Jane Doe",
        "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                            "state": "CO", "postal_code": "80202", "country": "US", "x_geo": [1, 2]},
        "x_account_flag": True,
    },
    "port_type": "partial",
    "new_btn": "+13035550117",
    "numbers": ["+13035550100", "(303) 555-0101", "303-555-0102", "555-01"],
    "requested_date": "2026-12-10",
    "requested_time": "09:00",
    "requested_timezone": "America/Denver",
    "contacts": [{"name": "Jane Doe", "email": "jane@abc.example", "phone": "+13035550199"}],
    "documents": {"bill": {"path": "bill.pdf", "date": "2026-11-03", "x_pages": 2}},
    "comments": [{"at": "2026-11-16T10:04:00Z", "author": "coordinator", "text": "Full legal name"}],
    "x_future_key": {"nested": [1, 2, 3]},
}


def test_numbers_are_normalised_to_e164_and_invalid_ones_kept_as_typed():
    order = PortOrder.from_dict(SAMPLE)
    assert order.numbers == ["+13035550100", "+13035550101", "+13035550102", "555-01"]
    assert order.account.btn == "+13035550100"


def test_unknown_keys_survive_a_round_trip_at_every_level():
    out = json.loads(PortOrder.from_dict(SAMPLE).to_json())
    assert out["x_future_key"] == {"nested": [1, 2, 3]}
    assert out["account"]["x_account_flag"] is True
    assert out["account"]["service_address"]["x_geo"] == [1, 2]
    assert out["documents"]["bill"]["x_pages"] == 2
    assert PortOrder.from_dict(out) == PortOrder.from_dict(SAMPLE)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"format": "portdesk.order/2"}, "this PortDesk reads"),
        ({"format": None}, "'format' is missing"),
        ({"kind": "mobile"}, "'kind'"),
        ({"numbers": "3035550100"}, "'numbers' must be a list"),
        ({"account": ["x"]}, "'account' must be an object"),
        ({"port_type": "half"}, "'port_type'"),
    ],
)
def test_malformed_order_files_are_refused_with_a_reason(change, message):
    data = {**SAMPLE, **change}
    if change.get("format", "") is None:
        del data["format"]
    with pytest.raises(OrderFileError, match=message):
        PortOrder.from_dict(data)


def test_bad_json_names_line_and_column():
    with pytest.raises(OrderFileError, match="line 1, column"):
        PortOrder.from_json("{not json")
