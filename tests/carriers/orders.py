"""An order to send, shared by the adapter tests."""

from __future__ import annotations

from portdesk.domain.order import PortOrder

PIN = "739184"


def sample_order(numbers: list[str] | None = None) -> PortOrder:
    return PortOrder.from_dict({
        "format": "portdesk.order/1", "name": "ABC Company - Denver", "kind": "local", "losing_carrier": "Lumen",
        "account": {"name": "ABC Company Inc", "number": "8812552001", "pin": PIN, "btn": "+13035550100",
                    "authorized_user": "Jane Doe",
                    "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                                        "state": "CO", "postal_code": "80202", "country": "US"}},
        "port_type": "full", "numbers": numbers or ["+13035550100", "+13035550101"],
        "requested_date": "2026-12-10", "requested_time": "09:00", "requested_timezone": "America/Denver",
    })
