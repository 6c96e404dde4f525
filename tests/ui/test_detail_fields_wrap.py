"""The order's fields keep every line of a wrapped value when the next order moves the column border."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.ports import OrderDetail
from portdesk.ui.detail.fields_view import OrderFieldsView


def _detail(name: str, account_name: str, number: str, profile: str) -> OrderDetail:
    order = PortOrder.from_dict({
        "format": "portdesk.order/1", "name": name, "kind": "local", "profile": profile, "losing_carrier": "Lumen",
        "account": {"name": account_name, "number": number, "btn": "+13035550100", "authorized_user": "Dr. Anita Shah",
                    "service_address": {"line1": "15151 E Alameda Pkwy", "line2": "Suite 120", "city": "Aurora",
                                        "state": "CO", "postal_code": "80012", "country": "US"}},
        "port_type": "full", "numbers": ["+13035550100"],
    })
    now = dt.datetime(2026, 12, 1, 9, 0)
    return OrderDetail(1, order, Status.DRAFT, 1, now, now, None, [], [], [], [])


def test_a_wrapped_value_keeps_all_its_lines_after_the_next_order_narrows_its_column(qtbot):
    view = OrderFieldsView()
    qtbot.addWidget(view)
    view.resize(480, 330)
    view.show()
    view.show_detail(_detail("Mesa Verde Property Management", "Mesa Verde Property Mgmt LLC", "1187-2209-44", "telnyx"))
    qtbot.wait(50)
    # A longer account name and number widen the account column: the port column gets narrower.
    view.show_detail(_detail("Brightline Dental - Aurora", "Brightline Dental Group, P.C.", "303-841-2209-557", "kazoo"))

    qtbot.wait(200)  # every layout pass there is to come
    for key in ("name", "provider", "foc", "account.name"):
        label = view.findChild(QLabel, f"field-{key}")
        assert label.height() >= label.heightForWidth(label.width()), (key, label.text())
    assert view.field_text("name") == "Brightline Dental - Aurora"
