"""The checks panel, offscreen, on a real SQLite queue: findings, click → field, overrides, debounce."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.services.checks import OVERRIDE_EVENT, ChecksService
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.checks.checks_model import CODE_ROLE, OVERRIDDEN_ROLE
from portdesk.ui.checks.checks_panel import ChecksPanel
from portdesk.ui.jobs import JobRunner, SyncJobRunner
from tests.sqlite_template import migrated_url

LONG_NAME = "Rocky Mountain Dental Partners"  # 30 characters; 2600Hz allows 25


def _order(**over: Any) -> PortOrder:
    data: dict[str, Any] = {
        "format": "portdesk.order/1", "name": "Rocky Mountain Dental", "kind": "local", "profile": "kazoo",
        "losing_carrier": "Lumen",
        "account": {"name": LONG_NAME, "number": "8812-5520-01", "btn": "+13035550100",
                    "service_address": {"line1": "PO Box 1200", "city": "Denver", "state": "CO",
                                        "postal_code": "80202"}},
        "port_type": "full", "numbers": ["+13035550100", "+13035550101"], "requested_date": "2026-12-10",
    }
    data.update(over)
    return PortOrder.from_dict(data)


@pytest.fixture
def queue(tmp_path: Path) -> QueueService:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'queue.sqlite3'}"))
    migrate(engine)
    return QueueService(SqlQueueStore(engine))


@pytest.fixture
def checks(queue: QueueService) -> ChecksService:
    return ChecksService(queue, lambda pid: get_profile(pid or "kazoo"), today=lambda: dt.date(2026, 11, 20))


class DeferredRunner:
    """Holds jobs until the test lets them finish: proves nothing runs on the caller's stack."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def submit(self, job: Callable[[], Any], on_done: Callable[[Any], None], on_error: Any = None) -> None:
        self.jobs.append((job, on_done))

    def finish_next(self) -> None:
        job, on_done = self.jobs.pop(0)
        on_done(job())

    def lane(self, pool: str) -> Any:
        """The PDF work is held; reading the documents from the store answers at once."""
        return self if pool == "pdf" else SyncJobRunner().lane(pool)


def _panel(qtbot, checks: ChecksService, runner: Any = None, debounce_ms: int = 30) -> ChecksPanel:
    panel = ChecksPanel(checks, runner or SyncJobRunner(), "amy", debounce_ms=debounce_ms)
    qtbot.addWidget(panel)
    panel.resize(520, 420)
    panel.show()
    return panel


def _codes(panel: ChecksPanel) -> list[str]:
    m = panel.model
    return [m.data(m.index(r), CODE_ROLE) for r in range(m.rowCount())]


def _row(panel: ChecksPanel, code: str) -> int:
    return _codes(panel).index(code)


def test_lists_po_box_error_and_long_name_warning_with_messages(qtbot, checks, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    panel = _panel(qtbot, checks)
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        panel.set_order(order_id, _order())
    codes = _codes(panel)
    assert "PO_BOX_ADDRESS" in codes and "ACCOUNT_NAME_TOO_LONG" in codes
    assert codes.index("PO_BOX_ADDRESS") < codes.index("ACCOUNT_NAME_TOO_LONG")  # errors first
    text = panel.model.data(panel.model.index(_row(panel, "ACCOUNT_NAME_TOO_LONG")))
    assert text.startswith("Warning · Account name") and "25" in text
    assert "error" in panel.summary_label.text() and "block submission" in panel.summary_label.text()


def test_clicking_a_finding_asks_to_focus_its_field(qtbot, checks):
    panel = _panel(qtbot, checks)
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        panel.set_order(None, _order())
    rect = panel.list_view.visualRect(panel.model.index(_row(panel, "PO_BOX_ADDRESS")))
    with qtbot.waitSignal(panel.field_focus_requested) as blocker:
        QTest.mouseClick(panel.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["account.service_address.line1"]


def test_overriding_a_warning_records_the_reason_in_history_and_marks_it(qtbot, checks, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    panel = _panel(qtbot, checks)
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        panel.set_order(order_id, _order())
    panel.list_view.setCurrentIndex(panel.model.index(_row(panel, "PO_BOX_ADDRESS")))
    assert not panel.override_button.isEnabled()  # errors cannot be overridden
    panel.list_view.setCurrentIndex(panel.model.index(_row(panel, "ACCOUNT_NAME_TOO_LONG")))
    assert panel.override_button.isEnabled()
    panel.ask_reason = lambda finding: "Lumen confirmed the first 25 characters by phone"

    with qtbot.waitSignal(panel.override_recorded) as blocker:
        panel.override_button.click()

    assert blocker.args == ["ACCOUNT_NAME_TOO_LONG", "account.name", "Lumen confirmed the first 25 characters by phone"]
    [event] = [e for e in queue.detail(order_id).history if e.kind == OVERRIDE_EVENT]
    assert event.author == "amy" and event.data is not None
    assert event.data["code"] == "ACCOUNT_NAME_TOO_LONG"
    assert event.data["reason"] == "Lumen confirmed the first 25 characters by phone"
    row = _row(panel, "ACCOUNT_NAME_TOO_LONG")
    assert panel.model.data(panel.model.index(row), OVERRIDDEN_ROLE) is True
    assert panel.model.data(panel.model.index(row)).startswith("Overridden warning — amy: “Lumen confirmed")
    assert "1 overridden" in panel.summary_label.text()
    assert not panel.override_button.isEnabled()


def test_a_cancelled_reason_records_nothing(qtbot, checks, queue):
    [order_id] = queue.create_orders([_order()], "amy")
    panel = _panel(qtbot, checks)
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        panel.set_order(order_id, _order())
    panel.list_view.setCurrentIndex(panel.model.index(_row(panel, "ACCOUNT_NAME_TOO_LONG")))
    panel.ask_reason = lambda finding: None
    panel.override_button.click()
    assert not [e for e in queue.detail(order_id).history if e.kind == OVERRIDE_EVENT]


def test_recheck_is_debounced_while_typing(qtbot, checks):
    panel = _panel(qtbot, checks, debounce_ms=300)
    order = _order()
    panel.set_order(None, order)
    for length in range(20, 31):  # typing the account name one key at a time, faster than 300 ms
        order.account.name = LONG_NAME[:length]
        panel.order_changed(order)
        qtbot.wait(20)
    assert panel.runs == 0
    with qtbot.waitSignal(panel.checks_finished, timeout=3000):
        pass
    assert panel.runs == 1
    assert "ACCOUNT_NAME_TOO_LONG" in _codes(panel)


def test_edits_during_a_running_check_coalesce_into_one_more_run_of_the_latest(qtbot, checks):
    runner = DeferredRunner()
    panel = _panel(qtbot, checks, runner, debounce_ms=10)
    order = _order()
    panel.set_order(None, order)
    qtbot.waitUntil(lambda: len(runner.jobs) == 1)
    order.account.name = "Rocky Mountain Dental"  # fixed while the first check is still running
    order.account.service_address.line1 = "1200 Market Street"
    panel.order_changed(order)
    qtbot.wait(50)
    assert len(runner.jobs) == 1  # nothing piles up behind the running check
    runner.finish_next()  # stale: dropped, and the latest order is checked next
    assert panel.model.rowCount() == 0 and len(runner.jobs) == 1
    runner.finish_next()
    assert panel.runs == 2
    assert "ACCOUNT_NAME_TOO_LONG" not in _codes(panel) and "PO_BOX_ADDRESS" not in _codes(panel)


def test_checks_run_off_the_gui_thread(qtbot, queue):
    threads: list[threading.Thread] = []

    def profile(pid: str | None):
        threads.append(threading.current_thread())
        return get_profile(pid or "kazoo")

    panel = _panel(qtbot, ChecksService(queue, profile), JobRunner())
    with qtbot.waitSignal(panel.checks_finished, timeout=5000):
        panel.set_order(None, _order())
    assert threads and threads[0] is not threading.main_thread()
    assert "PO_BOX_ADDRESS" in _codes(panel)


def test_checks_model_passes_qt_model_tester(qtbot, qtmodeltester, checks):
    from portdesk.ui.checks.checks_model import ChecksModel

    model = ChecksModel()
    model.set_findings(checks.run(_order(), []).findings)
    qtmodeltester.check(model, force_py=True)
