"""`portdesk numbers` and `portdesk split`: read a number list, judge it, group it into orders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portdesk.cli.common import EXIT_FOUND_ERRORS, EXIT_OK, CliError, emit_json, read_input_bytes
from portdesk.cli.profile_choice import resolve_profile
from portdesk.domain.number_input import judge, read_any_text, read_rows
from portdesk.domain.numbers import NumberEntry
from portdesk.domain.profiles import Profile
from portdesk.domain.split import SplitResult, draft_names, split_numbers
from portdesk.platform.safe_files import MAX_NUMBER_LIST_BYTES


def _decode(raw: bytes, name: str) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode Text": UTF-16 with a byte-order mark
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CliError(f"{name}: not readable text") from None
    if b"\x00" in raw[:4096] or raw[:5] == b"%PDF-":
        raise CliError(f"{name}: not a text, CSV or XLSX file")
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows still saves CSV as cp1252
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CliError(f"{name}: not readable text")


def read_number_file(name: str) -> list[NumberEntry]:
    """Every entry of a text, CSV or XLSX file (or stdin for '-'), judged; CliError when unreadable."""
    raw = read_input_bytes(name, MAX_NUMBER_LIST_BYTES, "a number list")
    from portdesk.documents.spreadsheet import SpreadsheetError, looks_like_xlsx, read_xlsx_rows

    if looks_like_xlsx(raw):
        try:
            rows = read_xlsx_rows(raw)
        except SpreadsheetError as exc:
            raise CliError(f"{name}: {exc}") from None
        return judge(read_rows(rows))
    return judge(read_any_text(_decode(raw, name)))


def _print_table(entries: list[NumberEntry]) -> None:
    out = sys.stdout
    for e in entries:
        if e.valid:
            flags = " (duplicate)" if e.duplicate else ""
            flags += f" ext {e.extension} not ported" if e.extension else ""
            out.write(f"{e.line:>5}  {e.e164:<16} {e.kind:<9} {e.country or '':<3} {e.input}{flags}\n")
        else:
            out.write(f"{e.line:>5}  {'INVALID':<16} {'':<9} {'':<3} {e.input}: {e.error}\n")
    bad = sum(1 for e in entries if not e.valid)
    dup = sum(1 for e in entries if e.duplicate)
    out.write(f"{len(entries)} entries, {len(entries) - bad} valid, {bad} invalid, {dup} duplicate\n")


def run_numbers(args: argparse.Namespace) -> int:
    entries = read_number_file(args.file)
    if args.json:
        emit_json({"numbers": [e.to_json() for e in entries]})
    else:
        _print_table(entries)
    return EXIT_FOUND_ERRORS if any(not e.valid for e in entries) else EXIT_OK


def _print_split(result: SplitResult, profile: Profile) -> None:
    out = sys.stdout
    n = len(result.groups)
    out.write(f"{n} order{'s' if n != 1 else ''} for {profile.name}\n")
    for i, g in enumerate(result.groups, start=1):
        keys = [g.kind]
        if g.npa_nxx:
            keys.append(f"NPA-NXX {g.npa_nxx}")
        if g.losing_carrier:
            keys.append(g.losing_carrier)
        out.write(f"  ({i}/{n}) {', '.join(keys)}: {len(g.numbers)} numbers\n")
        for number in g.numbers:
            out.write(f"      {number}\n")
    for e in result.invalid:
        out.write(f"  invalid, line {e.line}: {e.input}: {e.error}\n")
    for e in result.unsupported:
        out.write(f"  not served by {profile.name}, line {e.line}: {e.input} ({e.country})\n")
    for e in result.duplicates:
        out.write(f"  duplicate, line {e.line}: {e.input} (listed once)\n")


def _group_carrier(numbers: tuple[str, ...], carriers: dict[str, str]) -> str | None:
    """The losing carrier all of a group's numbers share, when the list said so."""
    known = {carriers.get(n) for n in numbers}
    return known.pop() if len(known) == 1 else None


def _create_drafts(args: argparse.Namespace, result: SplitResult, entries: list[NumberEntry]) -> list[int]:
    from portdesk.cli.wiring import author, open_queue
    from portdesk.domain.order import PortOrder

    base = args.name or (Path(args.file).stem if args.file != "-" else "Split order")
    names = draft_names(base, len(result.groups))
    carriers = {e.e164: e.losing_carrier for e in entries if e.e164 and e.losing_carrier and not e.duplicate}
    orders = [
        PortOrder(
            name=name,
            kind=group.kind if group.kind == "toll_free" else "local",
            profile=result.profile,
            losing_carrier=group.losing_carrier or _group_carrier(group.numbers, carriers),
            numbers=list(group.numbers),
        )
        for name, group in zip(names, result.groups, strict=True)
    ]
    if not orders:
        return []
    return open_queue(args.db).create_orders(orders, author())


def run_split(args: argparse.Namespace) -> int:
    profile = resolve_profile(args.profile, source=args.file)
    entries = read_number_file(args.file)
    result = split_numbers(entries, profile)
    created = _create_drafts(args, result, entries) if args.create else None
    if args.json:
        payload = result.to_json()
        if created is not None:
            payload["created"] = created
        emit_json(payload)
    else:
        _print_split(result, profile)
        if created is not None:
            sys.stdout.write(f"created {len(created)} suspended draft(s): {', '.join(map(str, created))}\n")
    return EXIT_FOUND_ERRORS if result.has_errors else EXIT_OK
