"""`portdesk lint`: the pre-flight checks of an order file, documents included.

`lint_order` judges an order file with the submission judgement every other door uses
(services.judgement.judge): it opens the documents the order names, runs the bill check when the
bill has a text layer, reads the LOA's text, and applies the rules of the order's profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, emit_json, load_order_file, parse_today
from portdesk.cli.profile_choice import resolve_profile
from portdesk.domain.findings import Finding, count
from portdesk.domain.order import PortOrder
from portdesk.platform.logs import logger, ready
from portdesk.platform.safe_files import (
    MAX_DOCUMENT_BYTES,
    FileRefused,
    MissingFile,
    quote_path,
    read_regular_file,
    resolve_document,
)
from portdesk.services.evidence import Evidence, judge  # judgement's core, without the use case's records

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:  # an order without documents needs neither (their dataclasses are made when documents are)
    from portdesk.domain.documents import BillCheck, DocumentFacts
    from portdesk.domain.loa_contents import LoaText

PDF_MAGIC = b"%PDF-"


def _document_path(base_dir: Path | None, relative: str, kind: str) -> Path | DocumentFacts:
    """The document's file, resolved inside the order file's folder; facts saying why not otherwise
    (a path leading out of the folder, a FIFO, a device: judged unreadable, never read)."""
    from portdesk.domain.documents import DocumentFacts

    try:
        return resolve_document(base_dir or Path.cwd(), relative)
    except FileRefused as exc:
        facts = DocumentFacts(kind=kind, path=quote_path(relative))
        facts.exists = not isinstance(exc, MissingFile)
        facts.problem = exc.reason
        return facts


def _basic_facts(path: Path, kind: str) -> DocumentFacts:
    """What can be told without a PDF library: there, how big, PDF by its first bytes."""
    from portdesk.domain.documents import DocumentFacts

    facts = DocumentFacts(kind=kind, path=str(path))
    try:
        facts.size = path.stat().st_size
        head = read_regular_file(path, MAX_DOCUMENT_BYTES, "a document")[:1024]
    except FileNotFoundError:
        facts.exists = False
        facts.problem = "no such file"
        return facts
    except OSError as exc:
        facts.problem = f"cannot read it ({exc.strerror})"
        return facts
    facts.is_pdf = PDF_MAGIC in head
    facts.readable = facts.is_pdf
    if not facts.is_pdf:
        facts.problem = "it is not a PDF"
    return facts


def inspect(path: Path, kind: str) -> DocumentFacts:
    """The documents room's measurement of a file; a byte-level one if that room is not installed."""
    if not path.exists():
        return _basic_facts(path, kind)
    try:
        from portdesk.documents.facts import inspect_document
    except ImportError:
        logger(__name__).warning("portdesk.documents.facts is missing: documents judged by their bytes only")
        return _basic_facts(path, kind)
    try:
        return inspect_document(path, kind)
    except Exception as exc:  # a file that breaks the reader is "not a readable PDF", not a crash
        logger(__name__).exception("inspecting %s failed", path)
        facts = _basic_facts(path, kind)
        facts.readable = False
        facts.problem = f"it cannot be opened ({exc})"
        return facts


def _bill_check(path: Path, order: PortOrder, today: dt.date, facts: DocumentFacts) -> BillCheck | None:
    """The bill check; a bill it cannot read is marked unreadable in `facts` (BILL_NOT_PDF), as
    check-bill calls it, never passed over in silence."""
    try:
        from portdesk.documents.match import check_bill
    except ImportError:
        logger(__name__).warning("portdesk.documents.match is missing: the bill is not held against the order")
        return None
    try:
        return check_bill(path, order, today)
    except Exception as exc:
        logger(__name__).info("the bill check of %s failed: %s", path, exc)
        facts.readable = False
        facts.problem = str(exc)
        return None


def _loa_text(path: Path) -> LoaText | None:
    try:
        from portdesk.documents.loa_text import read_loa_text
    except ImportError:
        return None
    try:
        return read_loa_text(path.read_bytes())
    except Exception:  # judged by its signing record alone when its text cannot be read
        logger(__name__).exception("reading the text of %s failed", path)
        return None


def lint_order(order: PortOrder, base_dir: Path | None, profile_id: str | None, today: dt.date,
               *, source: str | None = None) -> list[Finding]:
    """Every finding for `order`: documents opened from `base_dir`, the profile chosen as the CLI does
    (`profile_id`, else the order's, else the configured default, else kazoo).

    Raises CliError when the profile is unknown or broken (naming `source`, the order file, if given).
    """
    profile = resolve_profile(profile_id, order.profile, source)
    documents: dict[str, DocumentFacts] = {}
    bill_check: BillCheck | None = None
    loa_text: LoaText | None = None
    for kind in ("bill", "loa"):
        ref = order.documents.get(kind)
        if ref is None or not (ref.path or "").strip():
            continue
        ready()  # the documents room logs through `logging` directly: the log file is set up first
        path = _document_path(base_dir, ref.path or "", kind)
        if not isinstance(path, Path):  # facts saying why the file is not read
            documents[kind] = path
            continue
        facts = inspect(path, kind)
        documents[kind] = facts
        if kind == "bill" and facts.exists and facts.is_pdf and facts.readable and not facts.encrypted:
            bill_check = _bill_check(path, order, today, facts)
        if kind == "loa" and facts.exists and facts.is_pdf and facts.readable and not facts.encrypted:
            loa_text = _loa_text(path)
    return judge(order, Evidence(documents, bill_check, loa_text), profile, today)


_COLOURS = {"error": "\033[31m", "warning": "\033[33m"}


def _print(findings: list[Finding], name: str) -> None:
    out = sys.stdout
    colour = out.isatty()  # colour only on a terminal, never in a pipe or a file
    for f in findings:
        label = f"{f.severity:<7}"
        if colour:
            label = f"{_COLOURS[f.severity]}{label}\033[0m"
        out.write(f"{label} {f.code:<26} {f.field}\n        {f.message}\n")
    errors, warnings = count(findings)
    verdict = "ready to submit" if not errors else "fix the errors before submitting"
    out.write(f"{name}: {errors} error(s), {warnings} warning(s): {verdict}\n")


def run_lint(args: argparse.Namespace) -> int:
    today = parse_today(args.today)
    order = load_order_file(args.order)
    base_dir = Path.cwd() if args.order == "-" else Path(args.order).resolve().parent
    findings = lint_order(order, base_dir, args.profile, today, source=args.order)
    errors, warnings = count(findings)
    if args.json:
        emit_json({"findings": [f.to_json() for f in findings], "errors": errors, "warnings": warnings})
    else:
        _print(findings, args.order)
    return EXIT_FOUND_ERRORS if errors else EXIT_OK
