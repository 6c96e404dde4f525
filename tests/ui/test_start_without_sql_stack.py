"""The desk opens without the SQL stack (app/later.py, store/first_page.py): the window paints its first
rows, installs every per-order tool and shows the first order with SQLAlchemy, SQLModel and pydantic
not imported; the first action that needs them (a search) brings them in on the db worker, and orders
open correctly after that. In a subprocess: the test process itself has the SQL stack loaded."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from benchmarks.seed_orders import seed
from portdesk.store.db import make_engine
from portdesk.store.repos import SUBMISSIONS

SQL_STACK = ("sqlalchemy", "sqlmodel", "pydantic")

SCRIPT = r"""
import json, sys, threading, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from portdesk.app.gui import build_window
from portdesk.ui.jobs import pools_idle

STACK = ("sqlalchemy", "sqlmodel", "pydantic")
loaded_on = {}
import importlib.abc
class Watch(importlib.abc.MetaPathFinder):  # which thread brings the SQL stack in
    def find_spec(self, name, path=None, target=None):
        if name in STACK and name not in loaded_on:
            loaded_on[name] = threading.current_thread() is threading.main_thread()
        return None
sys.meta_path.insert(0, Watch())

def wait(done, what, seconds=30):
    end = time.monotonic() + seconds
    idle = 0
    while time.monotonic() < end:
        app.processEvents()
        idle = idle + 1 if pools_idle() else 0
        if done() and idle >= 2:
            return
        time.sleep(0.01)
    sys.exit(f"timed out waiting for {what}")

window, runner = build_window(db_url=sys.argv[1], tools_after_first_paint=True)
window.show()
window.start()
wait(lambda: window.wizard_command is not None and window.detail.detail is not None, "the tools and the first order")
out = {"first": window.detail.order_id, "first_title": window.detail.title_text(),
       "rows": window.tabs.view(window.tabs.current_tab()).model().rowCount(),
       "stack_at_start": sorted(m for m in STACK if m in sys.modules)}
window.apply_search("dental")
wait(lambda: "sqlalchemy" in sys.modules and window.tabs.counts() and sum(window.tabs.counts().values()) > 0,
     "the search")
out["found"] = sum(window.tabs.counts().values())
out["stack_after_search"] = sorted(m for m in STACK if m in sys.modules)
out["loaded_on_main_thread"] = any(loaded_on.values())
window.apply_search("")
wait(lambda: window.tabs.counts() and sum(window.tabs.counts().values()) == int(sys.argv[3]), "the search cleared")
window.detail.show_order(int(sys.argv[2]))  # an order with a submission: the carrier side via the SQL store
wait(lambda: window.detail.detail is not None and window.detail.detail.id == int(sys.argv[2]), "the second order")
info = window.detail.carrier_info
out["second_title"] = window.detail.title_text()
out["second_connection"] = info.submission.connection if info is not None and info.submission else None
print(json.dumps(out), flush=True)
window.close()
runner.wait()
"""


def test_the_desk_opens_and_shows_an_order_without_the_sql_stack_then_loads_it_on_a_worker(tmp_path: Path) -> None:
    db = tmp_path / "queue.sqlite3"
    seed(f"sqlite:///{db}", 300)
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        submitted = conn.execute(sa.text("SELECT id FROM orders WHERE tab = 'progressing' LIMIT 1")).scalar_one()
        conn.execute(sa.insert(SUBMISSIONS).values(
            order_id=submitted, connection="bandwidth-prod", type="port", key=f"k{submitted}",
            queued_at=dt.datetime(2026, 11, 20, 9, 0), carrier_orders=json.dumps([{"id": "BW-1"}])))
        names = dict(conn.execute(sa.text("SELECT id, name FROM orders")).all())
    engine.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTDESK_HOME=str(tmp_path / "home"))
    env.pop("PORTDESK_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT, f"sqlite:///{db}", str(submitted), "300"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["rows"] > 0 and out["first"] in names
    assert out["first_title"] and out["first_title"] in names[out["first"]]  # the first order is on show
    assert out["stack_at_start"] == []  # …and every tool installed, with none of the SQL stack
    assert out["found"] > 0 and out["stack_after_search"] == sorted(SQL_STACK)
    assert out["loaded_on_main_thread"] is False  # brought in by the db worker: the GUI thread never waited
    assert out["second_title"] and out["second_title"] in names[submitted]
    assert out["second_connection"] == "bandwidth-prod"


BEFORE_PAINT = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from portdesk.app.gui import build_window
window, runner = build_window(db_url=sys.argv[1], tools_after_first_paint=True)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_window_is_built_before_the_order_tools_phone_numbers_and_outbox_are_imported(tmp_path: Path) -> None:
    """What the first rows wait for: PySide6, the window and the stdlib first page. Phone-number parsing
    (a search imports it), the order actions with the outbox and profiles (installed after the first
    paint) and the SQL stack are not imported until the window is up."""
    db = tmp_path / "queue.sqlite3"
    seed(f"sqlite:///{db}", 20)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTDESK_HOME=str(tmp_path / "home"))
    env.pop("PORTDESK_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", BEFORE_PAINT, f"sqlite:///{db}"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "portdesk.ui.main_window" in modules  # the window is built
    late = {"phonenumbers", "portdesk.domain.numbers", "portdesk.services.order_actions", "portdesk.services.outbox",
            "portdesk.domain.profiles", "fitz", "pymupdf", "reportlab", *SQL_STACK}
    assert sorted(late & modules) == []
