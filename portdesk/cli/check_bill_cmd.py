"""`portdesk check-bill BILL.pdf ORDER.json [--today D] [--ocr] [--json]`: the order's values held against the bill.

`--ocr` reads a scanned bill with OCR for this run only, whatever the settings say.

Exit 0 when nothing judged is missing, 1 when the account name, account number, service address
line 1 or ZIP is missing from the bill (the BILL_FIELD_MISMATCH error), 2 when the bill or the order
file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, CliError, emit_json, load_order_file, parse_today
from portdesk.documents.bill import BillError, cut_short, looks_like_pdf, ocr_available
from portdesk.documents.match import check_bill
from portdesk.domain.documents import BillCheck, FieldCheck
from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, FileRefused, read_regular_file
from portdesk.platform.settings import Settings

# A missing one of these is an error (findings.md, BILL_FIELD_MISMATCH).
BLOCKING_FIELDS = (
    "account.name",
    "account.number",
    "account.service_address.line1",
    "account.service_address.postal_code",
)


def bill_check_to_json(check: BillCheck) -> dict[str, Any]:
    return {
        "bill": {
            "pages": check.pages,
            "text_layer": check.text_layer,
            "date": check.date.isoformat() if check.date else None,
            "age_days": check.age_days,
            "ocr": check.ocr,
        },
        "fields": [
            {
                "field": f.field,
                "value": f.value,
                "status": f.status,
                "found": f.found,
                "page": f.page,
                "rects": [list(r) for r in f.rects],
                "differences": list(f.differences),
            }
            for f in check.fields
        ],
        "numbers": {
            "on_order_not_on_bill": list(check.on_order_not_on_bill),
            "on_bill_not_on_order": list(check.on_bill_not_on_order),
        },
        "ocr": check.ocr,
    }


def blocking_missing(check: BillCheck) -> list[str]:
    return [f.field for f in check.fields if f.field in BLOCKING_FIELDS and f.status == "missing"]


_MARK = {"exact": "ok     ", "near": "near   ", "missing": "MISSING", "unchecked": "-      "}


def _field_lines(f: FieldCheck) -> list[str]:
    where = f" (page {f.page})" if f.page else ""
    lines = [f"  {_MARK[f.status]} {f.field}: {f.value!r}"]
    if f.status == "near":
        lines.append(f"          the bill has {f.found!r}{where}")
    for difference in f.differences:
        lines.append(f"          - {difference}")
    return lines


def render_report(check: BillCheck, bill_name: str) -> str:
    date = check.date.isoformat() if check.date else "not found"
    age = f", {check.age_days} days old" if check.age_days is not None else ""
    out = [f"{bill_name}: {check.pages} page(s), statement date {date}{age}"]
    if not check.text_layer and not check.ocr:
        out.append("  no text layer (a scan): the fields cannot be checked against it; compare them by eye")
    elif check.ocr:
        out.append("  read with OCR: check the highlighted places by eye")
    out.append("Fields:")
    for f in check.fields:
        out.extend(_field_lines(f))
    if check.on_order_not_on_bill:
        out.append("Numbers on the order but not on the bill: " + ", ".join(check.on_order_not_on_bill))
    if check.on_bill_not_on_order:
        out.append("Numbers on the bill but not on the order: " + ", ".join(check.on_bill_not_on_order))
    missing = blocking_missing(check)
    if missing:
        out.append("Error: not on the bill: " + ", ".join(missing) + " (the losing carrier will reject the order)")
    return "\n".join(out)


def run_check_bill(args: argparse.Namespace) -> int:
    today = parse_today(args.today)
    try:  # a FIFO or a device is refused before it is read, a file over the cap before it is loaded
        bill_bytes = read_regular_file(args.bill, MAX_DOCUMENT_BYTES, "a bill")
    except FileRefused as exc:
        raise CliError(str(exc)) from None
    order = load_order_file(args.order)
    ocr = Settings.load().ocr_enabled
    if getattr(args, "ocr", False):
        if not ocr_available():
            raise CliError("--ocr: Tesseract OCR is not installed; install the tesseract-ocr package "
                           "(e.g. apt install tesseract-ocr) and run again")
        ocr = True
    if bill_bytes and looks_like_pdf(bill_bytes) and cut_short(bill_bytes):
        raise CliError(f"{args.bill}: the PDF is cut short (truncated: it stops before its end); "
                       "ask for the complete file")
    try:
        check = check_bill(bill_bytes, order, today, ocr=ocr)
    except BillError as exc:
        raise CliError(f"{args.bill}: {exc}") from None
    if args.json:
        emit_json(bill_check_to_json(check))
    else:
        sys.stdout.write(render_report(check, args.bill) + "\n")
    return EXIT_FOUND_ERRORS if blocking_missing(check) else EXIT_OK
