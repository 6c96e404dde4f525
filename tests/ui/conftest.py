"""UI tests: pytest-qt offscreen, the real queue service over a SQLite file, a synchronous task runner.

A Qt warning fails the test (qutebrowser's habit): the only one ignored is the offscreen platform's
note that it cannot propagate size hints, which says nothing about our code.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import SyncJobRunner
from tests.seeded_demo import copy_seeded, seeded_template
from tests.sqlite_template import migrated_url

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


class TickingClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)  # every write is later than the one before
        return self.now


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the suite: fail the test and say what it showed."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(self: QDialog, *args: Any) -> int:
        text = self.text() if isinstance(self, QMessageBox) else ""
        raise AssertionError(f"unexpected modal dialog {type(self).__name__} {self.windowTitle()!r}: {text}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)

    def refuse_static(kind: str) -> Callable[..., Any]:  # QMessageBox.critical(…) runs its loop in C++
        def refused(_parent: Any, title: str = "", text: str = "", *args: Any, **kwargs: Any) -> Any:
            raise AssertionError(f"unexpected modal QMessageBox.{kind} {title!r}: {text}")
        return refused

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(refuse_static(kind)))


@pytest.fixture(scope="session")
def seeded_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo seeded once for the whole run (tests/seeded_demo.py): pytest-xdist's workers share the
    parent of their temporary folders, a plain run its own."""
    base = tmp_path_factory.getbasetemp()
    return seeded_template(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)


@pytest.fixture
def seeded_demo(seeded_demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder `tmp_path/home` (PORTDESK_HOME) holding a private copy of a seeded demo in its demo/
    folder: build_window(demo=True) opens it as the app opens existing demo data on a restart."""
    home = copy_seeded(seeded_demo_template, tmp_path / "home")
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    return home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> SqlQueueStore:
    engine = make_engine(migrated_url(db_url))  # see tests/sqlite_template.py
    migrate(engine)
    return SqlQueueStore(engine)


@pytest.fixture
def queue(store: SqlQueueStore) -> QueueService:
    return QueueService(store, clock=TickingClock())


@pytest.fixture
def runner() -> SyncJobRunner:
    """The one synchronous runner every UI test uses: each job runs on its pool's thread, the test waits."""
    return SyncJobRunner()


def order_data(i: int = 0, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "portdesk.order/1",
        "name": f"Customer {i:05d} - Denver",
        "kind": "local",
        "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {
            "name": f"Customer {i:05d}, Inc.", "number": f"8812-{i:04d}-01", "pin": "4321",
            "btn": f"+1303555{i % 10000:04d}", "authorized_user": "Jane Doe",
            "service_address": {"line1": "1200 Market Street", "line2": "Suite 400", "city": "Denver",
                                "state": "CO", "postal_code": "80202", "country": "US"},
        },
        "port_type": "full",
        "numbers": [f"+1303555{i % 10000:04d}"],
        "requested_date": "2026-12-10",
    }
    data.update(over)
    return data


@pytest.fixture
def add_orders(queue: QueueService) -> Callable[..., list[int]]:
    """Create `count` orders (in one transaction) in `status`, named Customer 00000 … ."""

    def add(count: int, status: Status = Status.DRAFT, start: int = 0, **over: Any) -> list[int]:
        orders = [PortOrder.from_dict(order_data(start + i, **over)) for i in range(count)]
        return queue.create_orders(orders, "tester", status=status)

    return add
