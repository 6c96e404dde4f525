"""services/order_actions.py on a real SQLite queue and outbox: each move judged by the status and the
provider's rules before anything is written, queued for the next sync, and told to the events hub."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from portdesk.carriers import open_gateway
from portdesk.cli.carriers_cmd import _NoSecrets
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.status import Status
from portdesk.services.connections import ConnectionsService
from portdesk.services.events import Change, OrderEvent, OrderEvents
from portdesk.services.order_actions import ActionRefused, OrderActions
from portdesk.services.outbox import MANUAL, CarrierPart, Submission
from portdesk.services.queue import QueueService
from portdesk.services.sync import SyncService
from portdesk.store.connections import SqlConnectionStore
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore
from portdesk.store.repos import SqlQueueStore
from tests.sqlite_template import migrated_url

NOW = dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC)  # a Wednesday


@pytest.fixture
def desk(tmp_path: Path) -> dict[str, Any]:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'q.sqlite3'}"))
    migrate(engine)
    hub = OrderEvents()
    heard: list[OrderEvent] = []
    hub.subscribe(heard.append)
    queue = QueueService(SqlQueueStore(engine))
    sync = SyncService(SqlSyncStore(engine),
                       ConnectionsService(SqlConnectionStore(engine), _NoSecrets(), open_gateway), clock=lambda: NOW)
    actions = OrderActions(sync, queue, lambda pid: get_profile(pid or "kazoo"), events=hub, clock=lambda: NOW)
    return {"engine": engine, "queue": queue, "sync": sync, "actions": actions, "heard": heard}


def _order(desk: dict[str, Any], profile: str, status: Status, *, foc: dt.date | None = None,
           connection: str | None = "main", type_: str | None = None) -> int:
    data = {"format": "portdesk.order/1", "name": "Acme", "profile": profile, "numbers": ["+13035550100"],
            "account": {"name": "Acme Inc"}, "requested_date": "2026-12-21"}
    [order_id] = desk["queue"].create_orders([PortOrder.from_dict(data)], "amy", status=status)
    if foc is not None:
        desk["queue"].set_foc_date(order_id, foc, "sync")
    if connection is not None:
        with SqlSyncStore(desk["engine"]).unit_of_work() as repo:
            repo.save_submission(Submission(order_id, connection, type_ or profile, f"k-{order_id}", NOW,
                                            carrier_orders=[CarrierPart("C-1", "x")]))
    return order_id


def test_bandwidth_refuses_a_cancel_within_one_business_day_of_the_foc(desk) -> None:
    # FOC Friday: Bandwidth's one business day before it began on Thursday; on Wednesday it is still open
    order_id = _order(desk, "bandwidth", Status.FOC_CONFIRMED, foc=dt.date(2026, 12, 4))
    info = desk["actions"].carrier_info(desk["queue"].detail(order_id))
    assert info.cancel_refusal is None
    late = _order(desk, "bandwidth", Status.FOC_CONFIRMED, foc=dt.date(2026, 12, 3))
    detail = desk["queue"].detail(late)
    info = desk["actions"].carrier_info(detail)
    assert info.cancel_refusal is not None and "1 business day before the FOC" in info.cancel_refusal
    with pytest.raises(ActionRefused, match="1 business day"):
        desk["actions"].cancel(detail, "amy")
    assert desk["queue"].detail(late).status is Status.FOC_CONFIRMED and desk["sync"].pending(late) == []


def test_a_cancel_is_queued_and_told_to_the_hub(desk) -> None:
    order_id = _order(desk, "telnyx", Status.PENDING)
    assert desk["actions"].cancel(desk["queue"].detail(order_id), "amy") is Status.CANCEL_PENDING
    assert [i.action for i in desk["sync"].pending(order_id)] == ["cancel"]
    assert OrderEvent(order_id, Change.STATUS) in desk["heard"]


def test_a_comment_goes_to_the_carrier_only_through_an_api_connection(desk) -> None:
    api = _order(desk, "telnyx", Status.PENDING)
    console = _order(desk, "plivo", Status.SUBMITTED, connection=None, type_=MANUAL)
    draft = _order(desk, "telnyx", Status.DRAFT, connection=None)
    assert desk["actions"].send_comment(api, "please confirm the FOC", "amy") is True
    assert desk["actions"].send_comment(console, "called Plivo", "amy") is False
    assert desk["actions"].send_comment(draft, "waiting for the bill", "amy") is False
    assert [i.payload["text"] for i in desk["sync"].pending(api)] == ["please confirm the FOC"]
    assert desk["sync"].pending(draft) == []
    assert [c.text for c in desk["queue"].detail(draft).comments] == ["waiting for the bill"]
    assert OrderEvent(api, Change.COMMENT) in desk["heard"]


def test_changing_the_date_of_a_draft_changes_the_order_without_a_supplement(desk) -> None:
    order_id = _order(desk, "telnyx", Status.DRAFT, connection=None)
    version = desk["actions"].change_date(desk["queue"].detail(order_id), dt.date(2026, 12, 22), "amy")
    assert desk["queue"].detail(order_id).order.requested_date == "2026-12-22"
    assert desk["sync"].pending(order_id) == []
    assert OrderEvent(order_id, Change.ORDER, version) in desk["heard"]


def test_a_date_inside_the_lead_time_is_refused_and_nothing_changes(desk) -> None:
    order_id = _order(desk, "bandwidth", Status.PENDING)  # Bandwidth: five business days
    detail = desk["queue"].detail(order_id)
    before = detail.order.requested_date
    with pytest.raises(ActionRefused, match="5 business days"):
        desk["actions"].change_date(detail, dt.date(2026, 12, 8), "amy")
    assert desk["queue"].detail(order_id).order.requested_date == before
    assert desk["sync"].pending(order_id) == []


def test_a_kazoo_request_under_review_is_not_changed_from_the_desk(desk) -> None:
    order_id = _order(desk, "kazoo", Status.PENDING)  # 2600Hz changes a request only while it is rejected
    detail = desk["queue"].detail(order_id)
    with pytest.raises(ActionRefused, match="only while it is rejected"):
        desk["actions"].change_date(detail, dt.date(2026, 12, 22), "amy")
    assert desk["sync"].pending(order_id) == []
