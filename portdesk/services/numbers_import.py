"""Numbers import as a use case: read a list, judge each entry, fix one, and turn the good ones
into an order's numbers or into split drafts.

Qt-free. Spreadsheets come in through an injected reader (bytes → rows), so this module never
imports openpyxl. Nothing is dropped silently: every entry that is not added says why (`left_out`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from portdesk.domain.number_input import RawNumber, judge, read_any_text, read_csv, read_rows
from portdesk.domain.numbers import NumberEntry, classify, mark_duplicates
from portdesk.domain.order import KINDS, PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.split import SplitGroup, SplitResult, draft_names, split_numbers
from portdesk.platform.safe_files import MAX_NUMBER_LIST_BYTES, FileRefused, quote_path, read_regular_file

RowsReader = Callable[[bytes], list[list[str | None]]]
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"  # XLSX is a zip; a renamed workbook is still recognised
MAX_FILE_BYTES = MAX_NUMBER_LIST_BYTES


class NumbersFileError(ValueError):
    """The file cannot be read as a number list; the message names it and says why."""


@dataclass(frozen=True)
class LeftOut:
    """An entry that will not be added, and why, in words."""

    line: int
    input: str
    reason: str


# -- reading ---------------------------------------------------------------------------------------


def read_pasted(text: str) -> list[NumberEntry]:
    """Pasted text or CSV (told apart by a header naming a number column), judged."""
    return judge(read_any_text(text))


def from_order(order: PortOrder) -> list[NumberEntry]:
    """The order's own numbers, judged, with the losing carrier it records per number."""
    recorded = order.extra.get("number_carriers")
    known = {str(k): v for k, v in recorded.items() if isinstance(v, str)} if isinstance(recorded, dict) else {}
    raw = [RawNumber(i, text, known.get(text)) for i, text in enumerate(order.numbers, start=1)]
    return judge(raw)


def read_file(path: Path, read_spreadsheet: RowsReader | None = None) -> list[NumberEntry]:
    """A text, CSV or XLSX file, judged; NumbersFileError when it cannot be read."""
    path = Path(path)
    try:  # a FIFO would hang the window and /dev/zero fill the memory: regular files only, capped
        data = read_regular_file(path, MAX_FILE_BYTES, "a number list")
    except FileRefused as exc:
        raise NumbersFileError(f"{quote_path(path.name)}: {exc.reason}") from None
    if path.suffix.lower() in SPREADSHEET_SUFFIXES or data[:4] == _ZIP_MAGIC:
        if read_spreadsheet is None:
            raise NumbersFileError(f"{path.name}: spreadsheets cannot be read in this window")
        try:
            rows = read_spreadsheet(data)
        except ValueError as exc:
            raise NumbersFileError(f"{path.name}: {exc}") from None
        return judge(read_rows(rows))
    text = _decode(data, path.name)
    if path.suffix.lower() in (".csv", ".tsv"):
        return judge(read_csv(text))
    return judge(read_any_text(text))


def _decode(data: bytes, name: str) -> str:
    if data[:1024].lstrip().startswith(b"%PDF-"):  # a bill picked by mistake: its bytes are no list
        raise NumbersFileError(f"{name}: is a PDF, not a list of numbers. Choose a CSV, XLSX or text file; "
                               "the numbers on the bill are offered in the numbers step once the bill is attached")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NumbersFileError(f"{name}: not a text, CSV or XLSX file")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeError:
            continue
    return data.decode("latin-1")  # never fails: every byte is a character


# -- editing ---------------------------------------------------------------------------------------


def rejudge(entries: Sequence[NumberEntry], index: int, text: str) -> list[NumberEntry]:
    """The list with entry `index` retyped as `text` and judged again (duplicates recomputed)."""
    old = entries[index]
    fixed = classify(text, old.line, losing_carrier=old.losing_carrier)
    items = list(entries)
    items[index] = fixed
    return _reflag(items)


def remove(entries: Sequence[NumberEntry], indexes: Sequence[int]) -> list[NumberEntry]:
    gone = set(indexes)
    return _reflag([e for i, e in enumerate(entries) if i not in gone])


def _reflag(entries: Sequence[NumberEntry]) -> list[NumberEntry]:
    # Removing the first of two copies makes the second the original: flag again from scratch.
    return mark_duplicates(replace(e, duplicate=False) for e in entries)


# -- judging against the order ----------------------------------------------------------------------


def problems(entry: NumberEntry, order_kind: str | None = None, profile: Profile | None = None) -> list[str]:
    """What a coordinator should know about one entry before adding it (empty: nothing)."""
    if not entry.valid:
        return [f"invalid: {entry.error}"]
    out: list[str] = []
    if entry.duplicate:
        out.append("duplicate: listed earlier; added once")
    if entry.extension:
        out.append(f"extension {entry.extension} is not ported; only the main number moves")
    if order_kind in KINDS and _order_kind(entry) != order_kind:
        shown = "toll-free" if entry.kind == "toll_free" else (entry.kind or "other")
        wanted = "toll-free" if order_kind == "toll_free" else "local"
        out.append(f"{shown} number in a {wanted} order: one order never mixes them (split it)")
    if profile is not None and not profile.serves(entry.country):
        out.append(f"{entry.country or 'unknown'} number: {profile.name} does not port this country")
    return out


def _order_kind(entry: NumberEntry) -> str:
    # Mobile numbers port as local lines; only toll-free is a separate kind of order.
    return "toll_free" if entry.kind == "toll_free" else "local"


def valid_numbers(entries: Sequence[NumberEntry]) -> list[str]:
    """The E.164 of every valid entry, each once, in the order listed."""
    return list(dict.fromkeys(e.e164 for e in entries if e.valid and e.e164))


def left_out(entries: Sequence[NumberEntry]) -> list[LeftOut]:
    """Every entry that `valid_numbers` does not return, with the reason."""
    first_line: dict[str, int] = {}
    for e in entries:
        if e.valid and e.e164 and not e.duplicate:
            first_line.setdefault(e.e164, e.line)
    out: list[LeftOut] = []
    for e in entries:
        if not e.valid:
            out.append(LeftOut(e.line, e.input, e.error or "not a valid number"))
        elif e.duplicate:
            out.append(LeftOut(e.line, e.input, f"duplicate of line {first_line.get(e.e164 or '', '?')}"))
    return out


def summary(entries: Sequence[NumberEntry]) -> str:
    """One line for the dialog: how many are ready and how many are left out, and why."""
    ready = len(valid_numbers(entries))
    gone = left_out(entries)
    invalid = sum(1 for g in gone if not g.reason.startswith("duplicate"))
    dupes = len(gone) - invalid
    text = f"{ready} number{'s' if ready != 1 else ''} ready"
    if gone:
        parts = [f"{invalid} invalid"] if invalid else []
        parts += [f"{dupes} duplicate{'s' if dupes != 1 else ''}"] if dupes else []
        text += f"; {len(gone)} left out ({', '.join(parts)})"
    return text


# -- drafts from a split --------------------------------------------------------------------------


def plan_split(entries: Sequence[NumberEntry], profile: Profile) -> SplitResult:
    """The fewest orders `profile` accepts for the valid numbers (invalid ones listed apart)."""
    return split_numbers(entries, profile)


def carriers_of(entries: Sequence[NumberEntry]) -> dict[str, str]:
    """Losing carrier per E.164 where the list named one (kept in the order as `number_carriers`)."""
    return {e.e164: e.losing_carrier for e in entries if e.valid and e.e164 and e.losing_carrier}


def draft_orders(base: PortOrder, groups: Sequence[SplitGroup], name: str | None = None,
                 carriers: Mapping[str, str] | None = None) -> list[PortOrder]:
    """One draft per group, copying the base order's other fields, named "<name> (i/N)".

    Comments stay with the base order (they are its history, not the drafts').
    """
    stem = (name or base.display_name()).strip()
    known = dict(carriers or {})
    out: list[PortOrder] = []
    for group, draft_name in zip(groups, draft_names(stem, len(groups)), strict=True):
        data = base.to_dict()
        data.pop("comments", None)
        draft = PortOrder.from_dict(data)  # a deep copy through the file format keeps unknown keys
        draft.name = draft_name
        draft.kind = "toll_free" if group.kind == "toll_free" else "local"  # mobile ports as local
        draft.losing_carrier = group.losing_carrier or base.losing_carrier
        draft.numbers = list(group.numbers)
        mine = {n: known[n] for n in group.numbers if n in known}
        if mine:
            draft.extra["number_carriers"] = mine
        else:
            draft.extra.pop("number_carriers", None)
        out.append(draft)
    return out
