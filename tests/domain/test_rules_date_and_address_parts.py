"""Two judgements the wizard let through: an order with no requested date where the provider asks for one,
and a street address whose parts lack the house number where the provider takes the address in parts.
Both come from the one rule book (check_order), so lint, the Checks tab and the wizard all see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order

TODAY = dt.date(2026, 11, 22)


def _order(**over: Any) -> PortOrder:
    data: dict[str, Any] = {
        "format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "losing_carrier": "Lumen",
        "account": {"name": "ABC Company, Inc.", "btn": "+13035550100", "authorized_user": "Jane Doe",
                    "service_address": {"line1": "8200 W Colfax Ave", "city": "Lakewood", "state": "CO",
                                        "postal_code": "80214", "country": "US"}},
        "port_type": "full", "numbers": ["+13035550100"], "requested_date": "2027-01-20",
    }
    data.update(over)
    return PortOrder.from_dict(data)


def _codes(order: PortOrder, profile: str = "kazoo") -> list[tuple[str, str]]:
    return [(f.code, f.field) for f in check_order(order, get_profile(profile), TODAY)]


def test_a_missing_requested_date_is_an_error_where_the_profile_asks_for_one() -> None:
    order = _order(requested_date=None)
    assert ("FIELD_REQUIRED", "requested_date") in _codes(order, "kazoo")
    [found] = [f for f in check_order(order, get_profile("kazoo"), TODAY) if f.field == "requested_date"]
    assert found.is_error and "No requested port date" in found.message
    assert ("FIELD_REQUIRED", "requested_date") not in _codes(order, "8x8")  # 8x8 schedules it itself


def test_the_missing_numbers_are_said_in_words_not_as_the_numbers_to_port_is_empty() -> None:
    [found] = [f for f in check_order(_order(numbers=[]), get_profile("kazoo"), TODAY) if f.field == "numbers"]
    assert "is empty" not in found.message and found.message.startswith("There are no numbers to port")


def test_a_whole_street_line_in_the_street_name_is_flagged_where_the_provider_takes_parts() -> None:
    order = _order()
    order.account.service_address.extra.update({"street_name": "8200 W Colfax Ave"})  # the old Take-from-bill
    assert ("ADDRESS_PARTS_INCOMPLETE", "account.service_address.line1") in _codes(order, "kazoo")
    assert "ADDRESS_PARTS_INCOMPLETE" not in [c for c, _ in _codes(order, "telnyx")]  # one line is enough there


def test_a_complete_structured_address_or_a_parseable_line_passes() -> None:
    parted = _order()
    parted.account.service_address.extra.update(
        {"street_number": "8200", "pre_direction": "W", "street_name": "Colfax", "street_type": "Ave"})
    assert "ADDRESS_PARTS_INCOMPLETE" not in [c for c, _ in _codes(parted)]
    assert "ADDRESS_PARTS_INCOMPLETE" not in [c for c, _ in _codes(_order())]  # the line parses into parts


def test_a_line_without_a_house_number_is_flagged_where_the_provider_takes_parts() -> None:
    order = _order(account={"name": "ABC", "btn": "+13035550100", "service_address": {
        "line1": "Colfax Avenue", "city": "Lakewood", "state": "CO", "postal_code": "80214"}})
    assert ("ADDRESS_PARTS_INCOMPLETE", "account.service_address.line1") in _codes(order, "bandwidth")
