"""`portdesk sync`, `orders update`, `orders record`, and the sending side of `orders show` (cli.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
from typing import Any

from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, CliError, emit_json, load_order_file
from portdesk.cli.wiring import author, open_engine, profile_catalogue
from portdesk.domain.numbers import to_e164
from portdesk.domain.status import IllegalTransition, Status
from portdesk.services.carrier_rules import change_refusal
from portdesk.services.connections import ConnectionProblem, SecretStoreUnavailable
from portdesk.services.gateway import NUMBER_STATUSES
from portdesk.services.outbox import MANUAL, Submission
from portdesk.services.ports import ConcurrentEdit, StoreError
from portdesk.services.sync import AT_CARRIER, SyncService

DEFAULT_INTERVAL = 300.0


def open_sync(db_url: str | None, *, secrets: bool = False) -> SyncService:
    """The sync service on the queue's database; the keyring only when it will call a carrier."""
    from portdesk.app.pdf_adapters import inspect_bytes
    from portdesk.cli.carriers_cmd import open_connections
    from portdesk.store.outbox import SqlSyncStore

    engine = open_engine(db_url)
    return SyncService(SqlSyncStore(engine), open_connections(db_url, secrets=secrets), inspect_document=inspect_bytes)


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value is not None else None


def submission_json(sub: Submission | None, status: Status) -> dict[str, Any]:
    """`submission` and `rejections` of `orders show --json`."""
    out: dict[str, Any] = {"rejections": list(sub.rejections) if sub and status is Status.EXCEPTION else []}
    if sub is None:
        return out
    out["submission"] = {
        "connection": sub.connection, "type": sub.seen.get("profile", MANUAL) if sub.type == MANUAL else sub.type,
        "sent_at": _iso(sub.sent_at), "carrier_orders": [p.to_json() for p in sub.carrier_orders],
        "last_synced_at": _iso(sub.last_synced_at), "key": sub.key,
    }
    charges = sub.seen.get("charges")
    if isinstance(charges, dict):  # the carrier asked for the coordinator's agreement to a charge
        out["submission"]["charges"] = {"text": charges.get("text"), "at": charges.get("at"),
                                        "accept_with": f"portdesk orders submit {sub.order_id} --accept-charges"}
    if sub.type == MANUAL:
        out["submission"]["manual"] = True
    elif sub.connection is None and status is Status.QUEUED:
        out["submission"]["waiting"] = (f"no connection serves the {sub.type} profile; add one with "
                                        f"portdesk carriers add NAME --type {sub.type} …")
    return out


def show_extras(db_url: str | None, order_id: int, status: Status) -> dict[str, Any]:
    return submission_json(open_sync(db_url).submission(order_id), status)


# -- orders update --------------------------------------------------------------------------------
def run_update(args: argparse.Namespace) -> int:
    from portdesk.cli.wiring import open_queue

    new = load_order_file(args.order)
    queue = open_queue(args.db)
    try:
        detail = queue.detail(args.id)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    sync = open_sync(args.db)
    if detail.status in AT_CARRIER or detail.status.is_final:
        profile = profile_catalogue().for_order(detail.order.profile or new.profile)
        refusal = change_refusal(profile, detail.status, detail.order, new, detail.foc_date, dt.datetime.now(dt.UTC))
        if refusal:
            return _refuse(args, f"order {args.id}: {refusal}; nothing changed")
    try:
        version = sync.queue_supplement(args.id, new, detail.version, author())
    except (ConcurrentEdit, StoreError) as exc:
        raise CliError(str(exc)) from None
    pending = any(i.action == "supplement" for i in sync.pending(args.id))
    if args.json:
        emit_json({"id": args.id, "version": version, "status": detail.status.value, "supplement_queued": pending})
    else:
        print(f"order {args.id}: updated (version {version})" + ("; supplement queued for the carrier" if pending else ""))
    return EXIT_OK


def _refuse(args: argparse.Namespace, message: str) -> int:
    if getattr(args, "json", False):
        emit_json({"id": args.id, "error": message})
    print(f"portdesk: {message}", file=sys.stderr)
    return EXIT_FOUND_ERRORS


# -- orders record --------------------------------------------------------------------------------
def run_record(args: argparse.Namespace) -> int:
    try:
        status = Status(args.status)
    except ValueError:
        raise CliError(f"--status {args.status[:80]!r}: expected one of {', '.join(s.value for s in Status)}") from None
    foc = None
    if args.foc:
        try:
            foc = dt.date.fromisoformat(args.foc)
        except ValueError:
            raise CliError(f"--foc {args.foc[:80]!r}: expected a date as YYYY-MM-DD") from None
    numbers: dict[str, str] = {}
    for item in args.number or []:
        number, _, value = item.partition("=")
        e164 = to_e164(number.strip())
        if not e164 or value not in NUMBER_STATUSES:
            raise CliError(f"--number {item[:80]!r}: expected +E164=STATUS with STATUS one of {', '.join(NUMBER_STATUSES)}")
        numbers[e164] = value
    sync = open_sync(args.db)
    try:
        sync.record(args.id, author(), status=status, foc=foc, note=args.note, numbers=numbers)
    except IllegalTransition as exc:
        raise CliError(f"order {args.id}: {exc}") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"id": args.id, "status": status.value, "foc_date": foc.isoformat() if foc else None,
                   "numbers": [{"number": n, "status": s} for n, s in numbers.items()]})
    else:
        print(f"order {args.id}: recorded {status.label.lower()}")
    return EXIT_OK


# -- sync -----------------------------------------------------------------------------------------
def _interval(args: argparse.Namespace) -> float:
    if args.interval is not None:
        if args.interval <= 0:
            raise CliError("--interval: expected a number of seconds above 0")
        return float(args.interval)
    from portdesk.platform.settings import Settings

    value = getattr(Settings.load(), "sync_interval_seconds", DEFAULT_INTERVAL)
    return float(value) if isinstance(value, int | float) and value > 0 else DEFAULT_INTERVAL


def run_sync(args: argparse.Namespace) -> int:
    try:
        sync = open_sync(args.db, secrets=True)
    except (SecretStoreUnavailable, ConnectionProblem) as exc:
        raise CliError(str(exc)) from None
    if args.once:
        return _one_cycle(sync, args, respect_backoff=False)
    interval = _interval(args)
    stop = threading.Event()
    previous = _end_on_sigterm()
    try:
        while True:
            _one_cycle(sync, args, respect_backoff=True)
            sys.stdout.flush()
            if stop.wait(interval):
                break
    except KeyboardInterrupt:
        # Interrupting is how the loop ends (cli.md: "until interrupted"): exit 0, as `portdesk sandbox` does.
        # A cycle under way first lets its workers finish (the pool waits for them), so no send is left
        # between its call and its record; one cut harder is still recorded `sending` and looked up next run.
        return EXIT_OK
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


def _end_on_sigterm() -> Any:
    """A service manager's SIGTERM ends the loop as quietly as Ctrl+C (the sandbox's convention)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def _one_cycle(sync: SyncService, args: argparse.Namespace, *, respect_backoff: bool) -> int:
    try:
        report = sync.run_cycle(args.connection, respect_backoff=respect_backoff)
    except ConnectionProblem as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json(report.to_json())
    else:
        for line in report.changes:
            print(line)
        for e in report.errors:
            where = f"order {e.order} at {e.connection}" if e.order is not None else e.connection
            print(f"error: {where}: {e.error}")
        print(f"sync: {report.sent} sent, {report.updated} updated, {len(report.errors)} error(s)")
    return EXIT_OK if report.all_answered else EXIT_FOUND_ERRORS


def print_sending(extras: dict[str, Any]) -> None:
    """The readable `orders show`: where the order went, and why it was rejected."""
    sub = extras.get("submission")
    if sub:
        print("\nSubmission:")
        if sub.get("manual"):
            print(f"  sent through the {sub['type']} console on {sub['sent_at'] or '?'}")
        elif sub.get("waiting"):
            print(f"  {sub['waiting']}")
        else:
            print(f"  {sub['connection']} ({sub['type']}), sent {sub['sent_at'] or 'not yet'}, "
                  f"last synced {sub['last_synced_at'] or 'never'}")
            for part in sub["carrier_orders"]:
                print(f"  {part['id']}  {part['status']}  {len(part['numbers'])} number(s)")
        if sub.get("charges"):
            print(f"  charges to accept: {sub['charges']['text']}\n  agree with: {sub['charges']['accept_with']}")
    for r in extras.get("rejections", []):
        print(f"\nRejected: {r['reason']} ({r['code']}): {r['text']}\n  fix: {r['fix']}")
