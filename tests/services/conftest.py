"""Queue-service tests run against the real SQLite store in a temporary file."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from portdesk.domain.order import PortOrder
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore


class TickingClock:
    """A clock the test moves: every call returns the current time; tick() moves it on."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, minutes: int = 1) -> None:
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every queue-service test runs on SQLite and on PostgreSQL: nothing may be SQLite-only."""
    return any_db_url


@pytest.fixture
def queue(db_url: str, clock: TickingClock) -> QueueService:
    engine = make_engine(db_url)
    migrate(engine)
    return QueueService(SqlQueueStore(engine), clock=clock)


def order_dict(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "portdesk.order/1",
        "name": "ABC Company - Denver",
        "kind": "local",
        "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {
            "name": "ABC Company, Inc.",
            "number": "8812-5520-01",
            "pin": "4321",
            "btn": "+13035550100",
            "authorized_user": "Jane Doe",
            "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                                "state": "CO", "postal_code": "80202", "country": "US", "x-floor": 4},
            "x-account-note": "kept",
        },
        "port_type": "partial",
        "new_btn": "+13035550117",
        "numbers": ["+13035550100", "(303) 555-0101", "303-555-0102"],
        "requested_date": "2026-12-10",
        "requested_time": "09:00",
        "requested_timezone": "America/Denver",
        "contacts": [{"name": "Jane Doe", "email": "jane@abc.example", "phone": "+13035550199"}],
        "x-future-key": {"nested": [1, 2, 3]},
    }
    data.update(over)
    return data


@pytest.fixture
def make_order() -> Callable[..., PortOrder]:
    def make(**over: Any) -> PortOrder:
        return PortOrder.from_dict(order_dict(**over))

    return make


def pdf_bytes(text: str) -> bytes:
    """A real one-page PDF with `text` on it."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def make_order_data() -> Callable[..., dict[str, Any]]:
    return order_dict


@pytest.fixture
def make_pdf() -> Callable[[str], bytes]:
    return pdf_bytes
