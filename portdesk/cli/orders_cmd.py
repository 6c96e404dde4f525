"""`portdesk orders …`: import, list, show, export and cancel orders in the queue (cli.md).

The PIN is part of an order file, so `show --json` prints it like the file holds it; the readable
table masks it, and nothing here logs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from portdesk.cli.common import CliError, emit_json
from portdesk.cli.wiring import author, open_import_store, open_queue
from portdesk.domain.status import IllegalTransition, Status, Tab
from portdesk.platform.safe_files import quote_path
from portdesk.services.order_files import OrderFileProblem, comment_entry
from portdesk.services.queue import OrderDetail, QueueRow, QueueService, StoreError, import_files

# Orders the carrier already holds are cancelled by asking it (sync sends the request).
_CANCEL_AT_CARRIER = {Status.SUBMITTED, Status.PENDING, Status.FOC_CONFIRMED, Status.SUPP_PENDING}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _detail(queue: QueueService, order_id: int) -> OrderDetail:
    try:
        return queue.detail(order_id)
    except StoreError as exc:
        raise CliError(str(exc)) from None


# -- import ------------------------------------------------------------------------------------
def run_import(args: argparse.Namespace) -> int:
    store = open_import_store(args.db)
    try:
        ids = import_files(store, [Path(f) for f in args.files], author())
    except (OrderFileProblem, StoreError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"ids": ids})
    else:
        for order_id in ids:
            print(order_id)
    return 0


# -- list --------------------------------------------------------------------------------------
def _all_rows(queue: QueueService, tabs: list[Tab], search: str | None) -> Iterator[QueueRow]:
    yield from queue.search_rows(tabs, search)  # one statement, not one per tab and page


def row_json(row: QueueRow) -> dict[str, Any]:
    return {
        "id": row.id, "name": row.name, "status": row.status.value, "tab": row.tab.value,
        "numbers": row.number_count, "carrier": row.losing_carrier, "foc_date": _iso(row.foc_date),
        "updated_at": _iso(row.updated_at), "account_name": row.account_name,
        "account_number": row.account_number, "profile": row.profile,
        "requested_date": _iso(row.requested_date),
    }


def _table(headers: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    return "\n".join(out)


def run_list(args: argparse.Namespace) -> int:
    queue = open_queue(args.db)
    tabs = [Tab(args.tab)] if args.tab else list(Tab)
    try:
        rows = list(_all_rows(queue, tabs, args.search))
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"orders": [row_json(r) for r in rows]})
        return 0
    if not rows:
        print("no orders")
        return 0
    print(_table(
        ["ID", "NAME", "STATUS", "NUMBERS", "CARRIER", "FOC", "UPDATED"],
        [[str(r.id), r.name, r.status.label, str(r.number_count), r.losing_carrier or "",
          _iso(r.foc_date) or "", r.updated_at.strftime("%Y-%m-%d %H:%M")] for r in rows],
    ))
    return 0


# -- show --------------------------------------------------------------------------------------
def detail_json(detail: OrderDetail) -> dict[str, Any]:
    data = detail.order.to_dict()
    if detail.comments:
        data["comments"] = [comment_entry(c) for c in detail.comments]
    data.update({
        "id": detail.id,
        "status": detail.status.value,
        "tab": detail.status.tab.value,
        "version": detail.version,
        "foc_date": _iso(detail.foc_date),
        "created_at": _iso(detail.created_at),
        "updated_at": _iso(detail.updated_at),
        "number_statuses": [{"number": n.e164, "status": n.status} for n in detail.numbers],
        "attachments": [
            {"id": d.id, "kind": d.kind, "filename": d.filename, "mime": d.mime, "size": d.size,
             "sha256": d.sha256, "added_at": _iso(d.added_at)}
            for d in detail.documents
        ],
        "history": [_history_json(h) for h in detail.history],
    })
    return data


def _history_json(h: Any) -> dict[str, Any]:
    out = {"at": _iso(h.at), "author": h.author, "kind": h.kind, "text": h.text}
    if h.data and "source" in h.data:  # a change that came from a carrier (or was recorded by hand)
        out["source"] = h.data["source"]
        out.update({k: h.data[k] for k in ("raw_status", "codes", "carrier_order") if k in h.data})
    return out


def _mask(pin: str | None) -> str:
    return "•" * len(pin) if pin else ""


def _print_detail(detail: OrderDetail) -> None:
    o, a = detail.order, detail.order.account
    addr = a.service_address
    lines = [
        ("Order", f"{detail.id}  {o.display_name()}"),
        ("Status", f"{detail.status.label} ({detail.status.tab.label})"),
        ("Losing carrier", o.losing_carrier or ""),
        ("Profile", o.profile or ""),
        ("Account name", a.name or ""),
        ("Account number", a.number or ""),
        ("PIN", _mask(a.pin)),
        ("BTN", a.btn or ""),
        ("Service address", ", ".join(p for p in (addr.line1, addr.line2, addr.city, addr.state, addr.postal_code) if p)),
        ("Port type", o.port_type or "undecided"),
        ("Requested", " ".join(p for p in (o.requested_date, o.requested_time, o.requested_timezone) if p)),
        ("FOC date", _iso(detail.foc_date) or ""),
    ]
    width = max(len(k) for k, _ in lines)
    for key, value in lines:
        print(f"{key.ljust(width)}  {value}")
    print(f"\nNumbers ({len(detail.numbers)}):")
    for n in detail.numbers:
        print(f"  {n.e164}  {n.status}")
    if detail.documents:
        print("\nDocuments:")
        for d in detail.documents:
            print(f"  {d.kind:<5} {d.filename}  {d.size} bytes  sha256 {d.sha256[:12]}…")
    if detail.comments:
        print("\nComments:")
        for c in detail.comments:
            print(f"  {c.at:%Y-%m-%d %H:%M}  {c.author}: {c.text}")
    print("\nHistory:")
    for h in detail.history:
        print(f"  {h.at:%Y-%m-%d %H:%M}  {h.author}: {h.text}")


def run_show(args: argparse.Namespace) -> int:
    from portdesk.cli.sync_cmd import print_sending, show_extras

    detail = _detail(open_queue(args.db), args.id)
    extras = show_extras(args.db, args.id, detail.status)
    if args.json:
        emit_json(detail_json(detail) | extras)
    else:
        _print_detail(detail)
        print_sending(extras)
    return 0


# -- export ------------------------------------------------------------------------------------
def run_export(args: argparse.Namespace) -> int:
    queue = open_queue(args.db)
    _detail(queue, args.id)
    target = Path(args.output)
    if args.output.endswith(("/", os.sep)):  # `-o newdir/`: a folder, made if needed, the order file inside
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"{quote_path(args.output)}: cannot make the folder ({exc.strerror})") from None
    try:
        path = queue.export(args.id, target)
    except (OrderFileProblem, StoreError) as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"id": args.id, "path": str(path)})
    else:
        print(path)
    return 0


# -- cancel ---------------------------------------------------------------------------------
def run_cancel(args: argparse.Namespace) -> int:
    """A draft is cancelled at once; an order at a carrier gets its cancel queued, unless the
    provider's cut-off before the FOC has begun (exit 1 naming it, nothing changes)."""
    from portdesk.cli.sync_cmd import open_sync
    from portdesk.cli.wiring import profile_catalogue
    from portdesk.services.carrier_rules import cancel_refusal

    queue = open_queue(args.db)
    detail = _detail(queue, args.id)
    if detail.status in _CANCEL_AT_CARRIER or detail.status is Status.EXCEPTION:
        profile = profile_catalogue().for_order(detail.order.profile)
        refusal = cancel_refusal(profile, detail.foc_date, dt.datetime.now(dt.UTC))
        if refusal:
            message = f"order {args.id}: {refusal}; nothing changed"
            if args.json:
                emit_json({"id": args.id, "status": detail.status.value, "error": message})
            print(f"portdesk: {message}", file=sys.stderr)
            return 1
    try:
        new = open_sync(args.db).queue_cancel(args.id, author())
    except IllegalTransition as exc:
        raise CliError(f"order {args.id}: {exc}") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        emit_json({"id": args.id, "status": new.value, "tab": new.tab.value})
    else:
        print(f"order {args.id}: {new.label.lower()}")
    return 0
