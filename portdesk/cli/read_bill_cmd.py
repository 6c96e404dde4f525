"""`portdesk read-bill BILL.pdf [--ocr] [-o ORDER.json] [--json]`: the losing carrier's account off a bill.

Exit 0 when the bill was read (even with fields missing: they are left out, never guessed), 2 when it
cannot be: not a PDF, damaged, or a scan while OCR is neither enabled in settings nor asked for.
With `-o`, a draft order file with the proposed values and the numbers, the bill copied beside it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from portdesk.cli.common import EXIT_OK, CliError, emit_json
from portdesk.documents.bill import BillError, cut_short, looks_like_pdf, ocr_available
from portdesk.documents.bill_intake import intake_bill
from portdesk.domain.bill_intake import BillIntake, Proposal
from portdesk.platform.settings import SETTINGS_FILE, Settings

_HOW_TO_OCR = (f"run again with --ocr, or set \"ocr_enabled\": true in {SETTINGS_FILE} "
               "(Settings in the app); OCR needs Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr)")


def _read_bytes(name: str) -> bytes:
    path = Path(name)
    if not path.exists():
        raise CliError(f"{name}: no such file")
    if path.is_dir():
        raise CliError(f"{name}: is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{name}: cannot read ({exc.strerror})") from None
    if data and looks_like_pdf(data) and cut_short(data):
        raise CliError(f"{name}: the PDF is cut short (truncated: it stops before its end); ask for the complete file")
    return data


def read(name: str, *, ocr_asked: bool) -> BillIntake:
    """The bill read, or CliError saying why it cannot be (a scan without OCR among the reasons)."""
    data = _read_bytes(name)
    if ocr_asked and not ocr_available():
        raise CliError(f"{name}: --ocr needs Tesseract, which is not installed "
                       "(Debian/Ubuntu: apt-get install tesseract-ocr; macOS: brew install tesseract)")
    ocr = ocr_asked or (Settings.load().ocr_enabled and ocr_available())
    try:
        intake = intake_bill(data, ocr=ocr)
    except BillError as exc:
        raise CliError(f"{name}: {exc}") from None
    if not intake.readable:
        if ocr:
            raise CliError(f"{name}: no text found on the bill, even with OCR (a blank or unreadable scan)")
        raise CliError(f"{name}: a scan without a text layer; OCR is needed to read it: {_HOW_TO_OCR}")
    return intake


def write_draft(intake: BillIntake, bill: Path, target: Path) -> Path:
    """The draft order file at `target`, the bill copied beside it as `<stem>-bill.pdf` and named in it."""
    copy = target.with_name(f"{target.stem}-bill.pdf")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if copy.resolve() != bill.resolve():
            shutil.copyfile(bill, copy)
        target.write_text(intake.draft_order(bill_path=copy.name).to_json(), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{target}: cannot write ({exc.strerror})") from None
    return target


def _line(label: str, proposal: Proposal | None) -> str:
    if proposal is None:
        return f"  {label:<18} (not on the bill)"
    low = "   [check: low confidence]" if proposal.confidence == "low" else ""
    return f"  {label:<18} {proposal.value}   (page {proposal.page}){low}"


def render(intake: BillIntake, name: str) -> str:
    date = intake.date.isoformat() if intake.date else "not found"
    how = "read with OCR" if intake.ocr else "text layer"
    out = [f"{name}: {intake.pages} page(s), {how}, statement date {date}",
           _line("Losing carrier", intake.losing_carrier),
           _line("Account name", intake.name),
           _line("Account number", intake.number),
           _line("BTN", intake.btn),
           _line("Authorized user", intake.authorized_user)]
    address = intake.service_address
    if address is None:
        out.append(_line("Service address", None))
    else:
        for label, key in (("Address line 1", "line1"), ("Address line 2", "line2"), ("City", "city"),
                           ("State", "state"), ("ZIP", "postal_code")):
            out.append(_line(label, getattr(address, key)))
        if address.parts is not None:
            parts = ", ".join(f"{k}={v}" for k, v in address.parts.to_dict().items() if v)
            out.append(f"  {'Street parts':<18} {parts}")
    out.append(f"Numbers ({len(intake.numbers)}): " + (", ".join(intake.numbers) or "none found"))
    return "\n".join(out)


def run_read_bill(args: argparse.Namespace) -> int:
    intake = read(args.bill, ocr_asked=args.ocr)
    written = write_draft(intake, Path(args.bill), Path(args.output)) if args.output else None
    if args.json:
        emit_json(intake.to_json())
    else:
        sys.stdout.write(render(intake, args.bill) + "\n")
        if written is not None:
            sys.stdout.write(f"Draft order written to {written} (the bill beside it); check it before use.\n")
    return EXIT_OK
