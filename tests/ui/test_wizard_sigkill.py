"""Never lose work: a wizard killed mid-typing (SIGKILL, no chance to save on close) has already saved.

A child process runs the real wizard on a SQLite file, types into the name, account, numbers and date
and contacts steps (the last one open when it dies), lets a
little over a second pass, says READY and keeps running; the test kills it with SIGKILL and reopens
the draft from the file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from portdesk.domain.status import Tab
from portdesk.services.drafts import STEPS
from portdesk.services.queue import QueueService
from tests.ui.wizard_support import open_drafts

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
app = QApplication([])
from tests.ui.wizard_support import make_adapters
from portdesk.ui.wizard.window import new_port

wizard = new_port(make_adapters(sys.argv[1]))
wizard.show()
QTest.keyClicks(wizard.page(0).name_edit, "Killed Co - Denver")
wizard.go_to(2)
page = wizard.page(2)
for widget, text in ((page.carrier, "Lumen"), (page.account_name, "ABC Company, Inc."),
                     (page.account_number, "8812-5520-01"), (page.pin, "4321"),
                     (page.btn, "(303) 555-0100"), (page.authorized, "Jane Doe"),
                     (page.address.number, "1200"), (page.address.street, "Market"),
                     (page.address.unit, "Suite 400"), (page.address.city, "Denver"),
                     (page.address.state, "CO"), (page.address.zip, "80202")):
    QTest.keyClicks(widget, text)
    app.processEvents()
wizard.go_to(3)
numbers = wizard.numbers_page
QTest.keyClicks(numbers.paste_box, "303-555-0100 303-555-0101")
numbers.add_button.click()
numbers.partial_radio.click()
QTest.keyClicks(numbers.new_btn, "(303) 555-0150")
wizard.go_to(5)
schedule = wizard.page(5)
schedule.earliest_button.click()
schedule.contacts.add_button.click()
row = schedule.contacts.rows[0]
for widget, text in ((row.name, "Jane Doe"), (row.email, "jane@abc-company.com"), (row.phone, "303 555 0199")):
    QTest.keyClicks(widget, text)
    app.processEvents()
end = time.monotonic() + 1.3  # more than a second after the last keystroke
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
print("READY", wizard.ctx.draft.order_id if wizard.ctx.draft else -1, flush=True)
while True:  # still "typing" when the kill comes
    app.processEvents()
    time.sleep(0.05)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_wizard_killed_mid_typing_loses_nothing(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, db_url], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.startswith("READY"), (line, child.stderr.read() if child.poll() is not None and child.stderr else "")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    order_id = int(line.split()[1])

    draft = open_drafts(db_url).open(order_id)
    order = draft.order
    assert STEPS[draft.step] == "schedule"
    assert order.name == "Killed Co - Denver"
    assert order.losing_carrier == "Lumen"
    assert order.account.name == "ABC Company, Inc."
    assert order.account.number == "8812-5520-01"
    assert order.account.pin == "4321"
    assert order.account.btn == "+13035550100"
    assert order.account.authorized_user == "Jane Doe"
    address = order.account.service_address
    assert (address.line1, address.line2, address.city, address.state, address.postal_code) == (
        "1200 Market", "Suite 400", "Denver", "CO", "80202")
    assert address.extra["street_number"] == "1200"
    assert order.numbers == ["+13035550100", "+13035550101"]
    assert (order.port_type, order.new_btn) == ("partial", "+13035550150")
    assert order.requested_date == "2026-12-07"
    assert [(c.name, c.email, c.phone) for c in order.contacts] == [
        ("Jane Doe", "jane@abc-company.com", "+13035550199")]


FIRST_KEY_CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
app = QApplication([])
from tests.ui.wizard_support import make_adapters
from portdesk.ui.wizard.window import new_port

wizard = new_port(make_adapters(sys.argv[1]))
wizard.show()
QTest.keyClick(wizard.page(0).name_edit, "Q")  # one keystroke, then the kill: no pause, no timer
print("READY", flush=True)
while True:
    app.processEvents()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_new_port_killed_right_after_its_first_keystroke_is_already_a_draft(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'first-key.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", FIRST_KEY_CHILD, db_url], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        os.kill(child.pid, signal.SIGKILL)  # at once: well inside the autosave's half-second pause
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
    assert line.startswith("READY"), child.stderr.read() if child.stderr else ""
    drafts = open_drafts(db_url)
    rows, _more = QueueService(drafts.store).page(Tab.SUSPENDED)
    assert [row.name for row in rows] == ["Q"]
    draft = drafts.open(rows[0].id)
    assert (draft.order.name, STEPS[draft.step]) == ("Q", "name")
