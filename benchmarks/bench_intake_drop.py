"""From a bill dropped on PortDesk to the account step filled: how long, against the floor of the PDF work
itself. Each round builds a fresh wizard (as a drop does), starts it from a 20-number bill on disk and
waits until the intake has filled the form (the bill measured, stored with the draft, read on the PDF
thread, the form loaded). The floor, run in the same round on the same bytes: measuring the bill and
reading the account off it on the calling thread, nothing else. Paired ratio per round; the target is
the median drop-to-filled under 1 s. Run: ``python -m benchmarks.bench_intake_drop``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from portdesk.app import pdf_adapters
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.render import PdfBillReader
from portdesk.domain.profiles import load_profiles
from portdesk.services.drafts import DraftService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import JobRunner
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.window import new_port

TARGET_MS = 1000.0
NUMBERS = [f"(720) 555-01{i:02d}" for i in range(20)]
BILL = BillContents(account_name="Foothills Family Dentistry", line1="8200 W Colfax Ave", line2="Suite 110",
                    city="Lakewood", postal_code="80214", numbers=NUMBERS)


def _floor(data: bytes) -> float:
    start = time.perf_counter()
    pdf_adapters.inspect_bytes("bill", "bill.pdf", data)
    pdf_adapters.read_bill_intake(data)
    return (time.perf_counter() - start) * 1000


def _drop(app: QApplication, adapters: WizardAdapters, path: Path) -> float:
    start = time.perf_counter()
    wizard = new_port(adapters)
    wizard.show()
    wizard.start_from_bill(path)
    deadline = start + 30
    while wizard.ctx.order.account.number is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    took = (time.perf_counter() - start) * 1000
    assert wizard.ctx.order.account.number == BILL.account_number, "the account was not filled"
    wizard.close()
    app.processEvents()
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="portdesk-bench-") as tmp:
        folder = Path(tmp)
        bill = folder / "foothills-lumen.pdf"
        bill.write_bytes(build_bill_pdf(BILL, "labels"))
        data = bill.read_bytes()
        engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
        migrate(engine)
        adapters = WizardAdapters(
            drafts=DraftService(SqlQueueStore(engine), "bench"), profiles=load_profiles(), jobs=JobRunner(),
            inspect_document=pdf_adapters.inspect_bytes, reader=PdfBillReader(),
            check_bill=pdf_adapters.check_bill_bytes, read_intake=pdf_adapters.read_bill_intake,
            settings_path=folder / "window.ini")
        _drop(app, adapters, bill)  # warm-up: imports, fonts, the first wizard
        _floor(data)
        drops, floors, ratios = [], [], []
        for _ in range(args.rounds):
            floor = _floor(data)
            drop = _drop(app, adapters, bill)
            floors.append(floor)
            drops.append(drop)
            ratios.append(drop / floor)
    median = statistics.median(drops)
    print(f"drop → account filled: median {median:.0f} ms (min {min(drops):.0f}, max {max(drops):.0f}) "
          f"over {args.rounds} rounds")
    print(f"floor (measure + read the bill, calling thread): median {statistics.median(floors):.0f} ms")
    print(f"paired ratio drop / floor: {min(ratios):.2f}–{max(ratios):.2f}× (median {statistics.median(ratios):.2f}×)")
    print(f"target: median under {TARGET_MS:.0f} ms — {'met' if median < TARGET_MS else 'NOT met'}")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
