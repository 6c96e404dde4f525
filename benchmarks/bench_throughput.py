"""From a 20-number bill dropped on PortDesk to the order submitted: the machine's share of the time.

Each round opens a fresh wizard on the bill (what a drop on the main window does), then sends the same
input events a practised coordinator sends (tests/ui/test_wizard_throughput.py counts them: 17): Space on
"I checked the bill", Enter, Enter, Alt+U (the bill's numbers), Alt+F (full port), Enter, two strokes on
the signature pad, Alt+S (sign), Enter, Enter (the date shown), Alt+1…4, Alt+U (Submit). The real PDF and
database threads do the work, as in the app; the clock runs from the drop to the order queued, waiting on
each step's result, so it is the time a coordinator waits, not the time they spend deciding.
Target: median under 5 s. Run: ``python -m benchmarks.bench_throughput``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from portdesk.app import pdf_adapters
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.domain.profiles import load_profiles
from portdesk.services.drafts import DraftService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import JobRunner
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.window import PortWizard, new_port

TARGET_MS = 5000.0
NUMBERS = [f"(720) 555-01{i:02d}" for i in range(20)]
TODAY = dt.date.today()
BILL = BillContents(carrier="Lumen", account_name="Foothills Family Dental", account_number="4417-2290-08",
                    btn="(720) 555-0100", authorized_user="Anita Shah", line1="8200 W Colfax Ave",
                    line2="Suite 110", city="Lakewood", state="CO", postal_code="80214", numbers=NUMBERS,
                    statement_date=TODAY - dt.timedelta(days=5), due_date=TODAY + dt.timedelta(days=20),
                    service_period=(TODAY - dt.timedelta(days=35), TODAY - dt.timedelta(days=6)),
                    previous_statement_date=None)  # a fresh bill: the real clock judges its age
STROKES = ([(20, 90), (40, 40), (60, 95), (80, 45), (100, 92)], [(130, 80), (170, 50), (210, 85), (250, 55)])
ALT = Qt.KeyboardModifier.AltModifier


def _wait(app: QApplication, done: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.perf_counter() + seconds
    while not done():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.0005)


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    QTest.keyClick(target, key, modifier)


def _stroke(pad: QWidget, points: list[tuple[int, int]]) -> None:
    for i, (x, y) in enumerate(points):
        kind = QEvent.Type.MouseButtonPress if i == 0 else QEvent.Type.MouseMove
        point = QPointF(x, y)
        QApplication.sendEvent(pad, QMouseEvent(kind, point, pad.mapToGlobal(point), Qt.MouseButton.LeftButton,
                                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    point = QPointF(*points[-1])
    QApplication.sendEvent(pad, QMouseEvent(QEvent.Type.MouseButtonRelease, point, pad.mapToGlobal(point),
                                            Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton,
                                            Qt.KeyboardModifier.NoModifier))


def _round(app: QApplication, adapters: WizardAdapters, bill: Path) -> dict[str, float]:
    marks: dict[str, float] = {}
    start = time.perf_counter()
    submitted: list[int] = []
    wizard: PortWizard = new_port(adapters)
    wizard.order_submitted.connect(submitted.append)
    wizard.show()
    wizard.activateWindow()
    QTest.qWaitForWindowActive(wizard, 2000)
    wizard.start_from_bill(bill)
    _wait(app, lambda: wizard.ctx.order.account.number is not None and wizard.bill_page.confirm_box.hasFocus(),
          "the account read off the bill")
    marks["drop → account filled"] = time.perf_counter()
    _key(Qt.Key.Key_Space)
    _key(Qt.Key.Key_Return)
    _wait(app, lambda: wizard.step == 2, "the account step")
    _key(Qt.Key.Key_Return)
    _wait(app, lambda: wizard.step == 3, "the numbers step")
    _key(Qt.Key.Key_U, ALT)
    _wait(app, lambda: len(wizard.ctx.order.numbers) == 20, "the bill's numbers")
    _key(Qt.Key.Key_F, ALT)
    _wait(app, lambda: wizard.ctx.order.port_type == "full", "the full port")
    _key(Qt.Key.Key_Return)
    _wait(app, lambda: wizard.step == 4, "the LOA step")
    marks["→ numbers added"] = time.perf_counter()
    pad = wizard.page(4).pad  # type: ignore[attr-defined]
    for stroke in STROKES:
        _stroke(pad, list(stroke))
    _key(Qt.Key.Key_S, ALT)
    _wait(app, lambda: "loa" in wizard.ctx.order.documents, "the signed LOA")
    marks["→ LOA signed"] = time.perf_counter()
    _key(Qt.Key.Key_Return)
    _wait(app, lambda: wizard.step == 5, "the date step")
    _key(Qt.Key.Key_Return)
    _wait(app, lambda: wizard.step == 6, "the review")
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4):
        _key(key, ALT)
    _wait(app, lambda: wizard.review_page.submit_button.isEnabled(), "Submit enabled")
    _key(Qt.Key.Key_U, ALT)
    _wait(app, lambda: bool(submitted), "the order queued")
    marks["→ submitted"] = time.perf_counter()
    app.processEvents()
    out, before = {}, start
    for name, at in marks.items():
        out[name] = (at - before) * 1000
        before = at
    out["total"] = (before - start) * 1000
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="portdesk-bench-") as tmp:
        folder = Path(tmp)
        bill = folder / "foothills-lumen.pdf"
        bill.write_bytes(build_bill_pdf(BILL, "labels"))
        engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
        migrate(engine)
        jobs = JobRunner()
        adapters = WizardAdapters(
            drafts=DraftService(SqlQueueStore(engine), "bench"), profiles=load_profiles(), jobs=jobs,
            inspect_document=pdf_adapters.inspect_bytes, generate_loa=pdf_adapters.generate_loa,
            sign_loa=pdf_adapters.sign_loa, read_loa_text=pdf_adapters.read_loa_text,
            reader=pdf_adapters.LazyBillReader(), check_bill=pdf_adapters.check_bill_bytes,
            read_intake=pdf_adapters.read_bill_intake, settings_path=folder / "window.ini")
        _round(app, adapters, bill)  # warm-up: imports, fonts, the first wizard
        rounds = [_round(app, adapters, bill) for _ in range(args.rounds)]
        jobs.wait()
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        print(f"{name:<24} median {statistics.median(values):6.0f} ms (min {min(values):.0f}, max {max(values):.0f})")
    median = statistics.median(r["total"] for r in rounds)
    print(f"drop → submitted order, 20 numbers, 17 input events: median {median:.0f} ms over {args.rounds} rounds")
    print(f"target: median under {TARGET_MS:.0f} ms — {'met' if median < TARGET_MS else 'NOT met'}")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
