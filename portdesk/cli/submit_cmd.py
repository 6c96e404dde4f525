"""`portdesk orders submit ID`: the pre-flight checks on the order as stored, then the outbox.

The order's attachments are judged from the database (not from files on disk), exactly as the
checks panel judges them; errors refuse the submission (exit 1), warnings are reported. A clean
order goes into the outbox (`queued`) for the connection serving its profile until sync sends it;
a profile without an API is recorded as `submitted` through the provider's console.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from portdesk.app.pdf_adapters import check_bill_bytes, inspect_bytes, read_loa_text
from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, CliError, emit_json, parse_today
from portdesk.cli.wiring import author, open_queue, profile_catalogue
from portdesk.domain.profiles import Profile
from portdesk.domain.status import IllegalTransition, Status
from portdesk.services.connections import Connection, ConnectionProblem
from portdesk.services.gateway import CARRIER_TYPES
from portdesk.services.judgement import CheckedFinding, SubmissionJudge
from portdesk.store.errors import StoreError

SUBMITTABLE = (Status.DRAFT, Status.AWAITING_DOCUMENTS, Status.EXCEPTION)


def _finding_json(item: CheckedFinding) -> dict[str, Any]:
    out: dict[str, Any] = dict(item.finding.to_json())
    if item.override is not None:
        out["overridden"] = {"reason": item.override.reason, "by": item.override.author}
    return out


def run_submit(args: argparse.Namespace) -> int:
    if getattr(args, "accept_charges", False):
        return _accept_charges(args)
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
    status, where = _send(args, profile_of(detail.order.profile).id, warnings)
    if args.json:
        out = {"id": args.id, "submitted": True, "status": status.value, "tab": status.tab.value,
               "findings": findings, "errors": 0, "warnings": warnings}
        emit_json(out | ({"connection": where} if where else {}))
    else:
        sys.stdout.write(_said(args.id, status, where, warnings))
    return EXIT_OK


def _said(order_id: int, status: Status, where: str | None, warnings: int) -> str:
    if status is Status.SUBMITTED:
        return (f"order {order_id}: recorded as submitted through the provider's console ({warnings} warning(s)); "
                "keep it current with portdesk orders record\n")
    if where is None:
        return (f"order {order_id}: queued ({warnings} warning(s)); no connection serves its profile yet: "
                "add one with portdesk carriers add\n")
    return f"order {order_id}: queued for sending through {where} ({warnings} warning(s))\n"


def _send(args: argparse.Namespace, profile_id: str, warnings: int) -> tuple[Status, str | None]:
    """Into the outbox for the connection that serves the profile, or recorded as a console submission."""
    from portdesk.cli.carriers_cmd import open_connections
    from portdesk.cli.sync_cmd import open_sync

    sync = open_sync(args.db)
    try:
        if profile_id not in CARRIER_TYPES:
            sync.record_console_submission(args.id, profile_id, author())
            return Status.SUBMITTED, None
        connections = open_connections(args.db, secrets=False)
        name = getattr(args, "connection", None)
        connection: Connection | None
        if name:
            connection = connections.get(name)
        else:
            serving = connections.serving(profile_id)
            if len(serving) > 1:
                names = ", ".join(c.name for c in serving)
                raise CliError(f"order {args.id}: several connections serve {profile_id} ({names}); "
                               "choose one with --connection NAME")
            connection = serving[0] if serving else None
        sync.queue_submission(args.id, connection.name if connection else None,
                              connection.type if connection else profile_id, author(),
                              note=f"{warnings} warning(s); sent when the carrier is reachable")
    except ConnectionProblem as exc:
        raise CliError(str(exc)) from None
    except IllegalTransition as exc:
        raise CliError(f"order {args.id}: {exc}") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    return Status.QUEUED, connection.name if connection else None


def _accept_charges(args: argparse.Namespace) -> int:
    """`orders submit ID --accept-charges`: the coordinator agrees to the charges the carrier asked for."""
    from portdesk.cli.sync_cmd import open_sync

    try:
        released = open_sync(args.db).accept_charges(args.id, author())
    except KeyError:
        raise CliError(f"order {args.id}: no such order in the queue") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if not released:
        raise CliError(f"order {args.id}: no charges wait for your agreement (only a carrier's request for "
                       "charges, shown by orders show and sync, is accepted this way)")
    if args.json:
        emit_json({"id": args.id, "accepted_charges": True, "status": Status.QUEUED.value})
    else:
        sys.stdout.write(f"order {args.id}: charges accepted; the next sync submits it again with accept_charges\n")
    return EXIT_OK
