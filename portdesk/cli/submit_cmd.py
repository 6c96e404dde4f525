"""`portdesk orders submit ID`: the pre-flight checks on the order as stored, then the outbox.

The order's attachments are judged from the database (not from files on disk), exactly as the
checks panel judges them; errors refuse the submission (exit 1), warnings are reported. A clean
order becomes `queued` (Progressing, "awaiting connection") until carrier sync sends it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, CliError, emit_json, parse_today
from portdesk.cli.wiring import author, open_queue, profile_catalogue
from portdesk.domain.profiles import Profile
from portdesk.domain.status import IllegalTransition, Status
from portdesk.pdf_adapters import check_bill_bytes, inspect_bytes, read_loa_text
from portdesk.services.judgement import CheckedFinding, SubmissionJudge
from portdesk.store.errors import StoreError

SUBMITTABLE = (Status.DRAFT, Status.AWAITING_DOCUMENTS, Status.EXCEPTION)


def _finding_json(item: CheckedFinding) -> dict[str, Any]:
    out: dict[str, Any] = dict(item.finding.to_json())
    if item.override is not None:
        out["overridden"] = {"reason": item.override.reason, "by": item.override.author}
    return out


def run_submit(args: argparse.Namespace) -> int:
    queue = open_queue(args.db)
    today = parse_today(args.today)
    try:
        detail = queue.detail(args.id)
    except KeyError:
        raise CliError(f"order {args.id}: no such order in the queue") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if detail.status not in SUBMITTABLE:
        raise CliError(f"order {args.id}: it is {detail.status.label.lower()}; only drafts and rejected orders are submitted")

    catalogue = profile_catalogue()

    def profile_of(order_profile: str | None) -> Profile:
        return catalogue.for_order(order_profile, args.profile)

    judge = SubmissionJudge(queue, profile_of, inspect_document=inspect_bytes, check_bill=check_bill_bytes,
                            read_loa_text=read_loa_text)
    report = judge.findings(args.id, today)
    if report.problem:
        raise CliError(f"order {args.id}: {report.problem}")
    findings = [_finding_json(f) for f in report.findings]
    warnings = sum(1 for f in report.findings if not f.finding.is_error)
    if report.errors:
        if args.json:
            emit_json({"id": args.id, "submitted": False, "status": detail.status.value,
                       "findings": findings, "errors": report.errors, "warnings": warnings})
        else:
            for f in report.findings:
                sys.stdout.write(f"{f.finding.severity:<7} {f.finding.code:<26} {f.finding.field}\n"
                                 f"        {f.finding.message}\n")
            sys.stdout.write(f"order {args.id}: {report.errors} error(s): not submitted; fix them first\n")
        return EXIT_FOUND_ERRORS
    try:
        queue.change_status(args.id, Status.QUEUED, author(),
                            note=f"submission queued ({warnings} warning(s)); it is sent when the carrier is reachable")
    except IllegalTransition as exc:
        raise CliError(f"order {args.id}: {exc}") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"id": args.id, "submitted": True, "status": Status.QUEUED.value,
                   "tab": Status.QUEUED.tab.value, "findings": findings, "errors": 0, "warnings": warnings})
    else:
        sys.stdout.write(f"order {args.id}: queued for sending ({warnings} warning(s))\n")
    return EXIT_OK
