"""Regenerate docs/screenshots/bill-viewer.png: the bill viewer offscreen, with exact (green), near
(amber) and missing (red outline) fields, number differences, and words picked on the bill.

    .venv/bin/python docs/screenshots/make_viewer_screenshot.py [OUT.png]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from portdesk.app import pdf_adapters
from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.domain.order import PortOrder
from portdesk.services.bills import BillService
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.viewer.window import BillViewerWindow

OUT = Path(__file__).with_name("bill-viewer.png")


def order() -> PortOrder:
    return PortOrder.from_dict({
        "format": "portdesk.order/1", "name": "Rocky Mountain Dental - Denver", "kind": "local",
        "profile": "kazoo", "losing_carrier": "Lumen",
        "account": {
            "name": "Rocky Mountain Dental Partners LLC",  # near: the bill has a comma
            "number": "8812-5520-01", "btn": "+13035550100",
            "authorized_user": "John Smith",  # missing: the bill names Jane Doe
            "service_address": {"line1": "1200 Market St", "line2": "Suite 400", "city": "Denver",
                                "state": "CO", "postal_code": "80202", "country": "US"},
        },
        "port_type": "full", "numbers": ["+13035550100", "+13035550101", "+13035550188"],
        "requested_date": "2026-12-10",
    })


def main(out: Path = OUT) -> Path:
    app = QApplication.instance() or QApplication([])
    bill = build_bill_pdf(BillContents(account_name="Rocky Mountain Dental Partners, LLC"), "labels")
    service = BillService(pdf_adapters.LazyBillReader(), pdf_adapters.check_bill_bytes)
    viewer = BillViewerWindow(service, order(), bill, dt.date(2026, 11, 22), jobs=SyncJobRunner())
    viewer.resize(1440, 900)
    viewer.show()
    for _ in range(5):
        app.processEvents()
    # Words picked on the bill, ready for "Take": the service address as printed.
    words = viewer.view.words_of(0) or []
    run = next(i for i, w in enumerate(words) if w.text == "1200")
    viewer.view.selection.select(0, words, words[run])
    viewer.view.selection.extend_to(0, words[run + 2])
    viewer.view.selection_changed.emit(viewer.view.selection.text)
    viewer.view.viewport().update()
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    viewer.grab().save(str(out))
    viewer.release()
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
