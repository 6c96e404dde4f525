"""The schedule step with a far date: bounded pickers, a finding instead of a freeze or a traceback."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from portdesk.ui.detail.date_dialog import DateDialog
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.port_calendar import qdate
from tests.ui.test_wizard_steps import _order, open_at
from tests.ui.wizard_support import make_adapters

LAST = dt.date(2100, 12, 31)  # the last day PortDesk knows the holidays of


@pytest.fixture
def adapters(tmp_path: Path) -> WizardAdapters:
    return make_adapters(f"sqlite:///{tmp_path / 'far.sqlite3'}")


def test_the_date_pickers_stop_at_the_last_day_with_holiday_data(qtbot: QtBot, adapters: WizardAdapters) -> None:
    page = open_at(qtbot, adapters, _order(), 5).page(5)
    assert page.calendar.maximumDate() == qdate(LAST)  # type: ignore[attr-defined]
    assert page.date_edit.maximumDate() == qdate(LAST)  # type: ignore[attr-defined]
    dialog = DateDialog(None, dt.date(2026, 12, 7), lambda _day: None, "")
    qtbot.addWidget(dialog)
    assert dialog.calendar.maximumDate() == qdate(LAST)


def test_an_order_asking_for_9999_12_31_at_night_shows_the_finding_quickly(qtbot: QtBot,
                                                                          adapters: WizardAdapters) -> None:
    # 23:00 Denver is 01:00 the next day in New York: past year 9999, which once raised in the time note.
    order = _order(profile="bandwidth", requested_date="9999-12-31", requested_time="23:00",
                   requested_timezone="America/Denver")
    wizard = open_at(qtbot, adapters, order, 5)
    page = wizard.page(5)
    begin = time.thread_time()
    page.entered()
    assert time.thread_time() - begin < 0.5  # walking to 9999 cost about 2.4 s per note
    assert "after 2100" in page.date_note.text()  # type: ignore[attr-defined]
    assert wizard.ctx.order.requested_date == "9999-12-31"  # shown as wrong, not silently changed
