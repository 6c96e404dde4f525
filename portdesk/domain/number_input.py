"""Reading number lists as customers send them: pasted text, CSV, spreadsheet rows.

Text may hold one or many numbers per line with any separators. A number may itself contain
spaces (`+1 303 555 0100`), so spaces alone do not end a number: digits are gathered until they
make a whole North American number (10 digits, or 11 starting with 1) and anything else between
numbers (commas, semicolons, words, tabs) ends one. Incomplete fragments are kept as entries so
the classifier can say why they are not numbers — nothing is silently dropped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import phonenumbers

from portdesk.domain.numbers import NumberEntry, classify, digits_only, mark_duplicates
from portdesk.domain.quoting import quoted

_DIGIT = re.compile(r"\d")

# An extension marker only counts when not glued to a word ("fax 303…" is not an extension).
_TOKEN = re.compile(
    r"(?P<ext>(?<![A-Za-z])(?:ext\.?|extension|x|#)\s*(?P<extdigits>\d{1,7}))|(?P<num>\+?[\d().\-]*\d[\d().\-]*)",
    re.IGNORECASE,
)
_NUMBER_HEADERS = {
    "number", "numbers", "phone", "phones", "phonenumber", "phonenumbers", "tn", "tns", "telephone",
    "telephonenumber", "telephonenumbers", "tel", "did", "dids", "e164", "numbertoport", "numberstoport",
    "phoneno", "telephoneno", "telno", "mobile", "line", "lines",
}
_NOT_NUMBER_HEADER_WORDS = ("account", "order", "pin", "ext", "carrier", "count", "btnflag", "fax")
_NOT_LOSING_WORDS = ("gaining", "new", "winning")  # the provider the numbers go to is not the losing one
_CARRIER_HEADERS = {
    "carrier", "losingcarrier", "currentcarrier", "oldcarrier", "provider", "currentprovider",
    "losingprovider", "lsp", "losingserviceprovider", "serviceprovider",
}


@dataclass(frozen=True, init=False)
class RawNumber:
    """A number as found in the input, before it is judged."""

    line: int
    text: str
    losing_carrier: str | None = None
    problem: str | None = None  # already known not to be a number, and why (an empty number cell)

    def __init__(self, line: int, text: str, losing_carrier: str | None = None, problem: str | None = None) -> None:
        # One per number read (10,000 for a long list): the instance dict written at once, not through
        # object.__setattr__ per field as a frozen dataclass's own __init__ does (see NumberEntry).
        d = self.__dict__
        d["line"], d["text"], d["losing_carrier"], d["problem"] = line, text, losing_carrier, problem


def _complete_nanp(digits: str) -> bool:
    return (len(digits) == 10 and digits[0] not in "01") or (len(digits) == 11 and digits[0] == "1")


def _joins(gap: str, digits: str) -> bool:
    """A lone dash, dot or slash inside an unfinished North American number ("(303) 555 - 0100",
    "303/555-0100") joins its parts; after a whole number it separates two."""
    return gap.strip() in ("-", ".", "/", "–") and bool(digits) and _nanp_prefix(digits) and not _complete_nanp(digits)


def _nanp_prefix(digits: str) -> bool:
    """Could these digits still grow into one North American number?"""
    return len(digits) <= 11 if digits[0] == "1" else len(digits) <= 10


def _valid(text: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "US"))
    except phonenumbers.NumberParseException:
        return False


# "1. ", "2) ", "#3: " at the start of a line number a list; they are not part of a phone number.
_LIST_LABEL = re.compile(r"^\s*#?\d{1,3}[.):]\s+(?=\S*\d)")


# The usual one-number line ("(303) 555-0100", "+1 303 555 0100", "303.555.0100"): no scanning needed.
_ONE_NANP_NUMBER = re.compile(r"\s*(\+?1?[\s.\-]?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4})\s*")


# A toll-free vanity number ("1-800-FLOWERS", "(800) GOT-JUNK"): letters stand for keypad digits.
_VANITY = re.compile(
    r"(?<![\w+])(?:\+?1[\s.\-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[\s.\-]?"
    r"(?=[A-Za-z0-9\-]*[A-Za-z])[A-Za-z0-9]{3}[\s.\-]?[A-Za-z0-9]{4}(?!\w)"
)


def split_line(text: str) -> list[str]:
    """The numbers (as typed, with any extension) found on one line of text, in order; a line
    with text but no number is returned whole, so it is judged (and said invalid), never dropped."""
    found = _numbers_in(text)
    return found or ([text.strip()] if text.strip() else [])


def _numbers_in(text: str) -> list[str]:
    simple = _ONE_NANP_NUMBER.fullmatch(text)
    if simple:
        return [simple.group(1)]
    label = _LIST_LABEL.match(text)
    offset = label.end() if label else 0
    vanity = list(_VANITY.finditer(text, offset))
    if vanity:
        found: list[str] = []
        for m in vanity:
            found += _scan(text[offset : m.start()], 0)
            found.append(m.group().strip())
            offset = m.end()
        return found + _scan(text[offset:], 0)
    return _scan(text, offset)


def _scan(text: str, offset: int) -> list[str]:
    """The numbers in `text` from `offset` on, gathering digits across spaces and punctuation."""
    spans: list[tuple[int, int]] = []
    start: int | None = None  # where the number being gathered starts in `text`
    end = offset
    digits = ""
    matches = list(_TOKEN.finditer(text, offset))

    def flush() -> None:
        nonlocal start, digits
        if start is not None and digits:
            spans.append((start, end))
        start, digits = None, ""

    for i, m in enumerate(matches):
        gap = text[end : m.start()]
        joined = (
            start is not None and not m.group("ext") and (text[start] != "+" or digits.startswith("1"))
            and _joins(gap, digits)
        )
        if start is not None and gap.strip() and not joined:
            flush()  # a comma, a word, a semicolon … ends the number being gathered ("303/555-0100" does not)
        if m.group("ext"):
            if start is not None:
                flush()
            if spans and spans[-1][1] == end and not gap.strip():
                spans[-1] = (spans[-1][0], m.end())  # the extension of the number just read
            end = m.end()
            continue
        token_digits = digits_only(m.group("num"))
        if not token_digits:
            end = m.end()
            continue
        international = (start is not None and text[start] == "+" and not digits.startswith("1")) or (
            start is None and m.group("num").startswith("+") and not token_digits.startswith("1")
        )
        grows_past_nanp = not _nanp_prefix(digits + token_digits) and _nanp_prefix(token_digits)
        if start is not None and not international and not digits.startswith("011") and grows_past_nanp:
            flush()  # the new token starts another number
        if start is None:
            start = m.start()
        end = m.end()
        digits += token_digits
        if international or digits.startswith("011"):
            # Outside North America lengths vary: stop once valid unless the next token keeps it valid.
            if _valid(text[start:end]):
                nxt = matches[i + 1] if i + 1 < len(matches) else None
                joined = nxt is not None and bool(nxt.group("num")) and not text[end : nxt.start()].strip()
                if not (joined and nxt is not None and _valid(text[start : nxt.end()])):
                    flush()
            elif len(digits) > 15:
                flush()
        elif _complete_nanp(digits) or len(digits) > 11:
            flush()
    flush()
    return [text[a:b].strip() for a, b in spans]


def _is_heading(line: str) -> bool:
    """A line without digits that names a number column ("Phone numbers"): a list's heading."""
    return not _DIGIT.search(line) and find_columns([line])[0] is not None


def read_text(text: str) -> list[RawNumber]:
    """Pasted text: every number on every line, with its 1-based line number. Every other
    non-blank line is an entry too (judged invalid), except headings above the first entry."""
    out: list[RawNumber] = []
    add = out.append
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not out and _is_heading(line):
            continue
        for piece in split_line(line):  # a loop, not extend(generator): no generator made per line
            add(RawNumber(line_no, piece))
    return out


def _norm(cell: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (cell or "").lower())


def find_columns(header: Sequence[str | None]) -> tuple[int | None, int | None]:
    """(number column, losing carrier column) of a header row, by name; None when absent."""
    names = [_norm(c) for c in header]
    number_col = next((i for i, n in enumerate(names) if n in _NUMBER_HEADERS), None)
    if number_col is None:
        number_col = next(
            (
                i
                for i, n in enumerate(names)
                if ("phone" in n or "telephone" in n or "number" in n)
                and not any(w in n for w in _NOT_NUMBER_HEADER_WORDS)
            ),
            None,
        )
    carrier_col = next((i for i, n in enumerate(names) if n in _CARRIER_HEADERS), None)
    if carrier_col is None:
        carrier_col = next(
            (
                i
                for i, n in enumerate(names)
                if ("carrier" in n or "provider" in n) and not any(w in n for w in _NOT_LOSING_WORDS)
            ),
            None,
        )
    return number_col, carrier_col


# A title row or two ("Numbers to port - ACME") may sit above the header row.
_HEADER_SEARCH_ROWS = 5


def find_header(rows: Sequence[Sequence[str | None]]) -> int | None:
    """Index of the header row (a row naming a number column), looking past a few leading title
    rows without digits; None when the table has no header (a row with digits comes first).

    A row of several cells, or one whose cell is exactly a number header ("Phone"), wins over a
    lone cell that merely mentions numbers ("ACME numbers to port"), which is likely a title."""
    weak: int | None = None
    seen = 0
    for i, row in enumerate(rows):
        cells = [c or "" for c in row]
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        number_col = find_columns(cells)[0]
        if number_col is not None:
            if len(filled) > 1 or _norm(cells[number_col]) in _NUMBER_HEADERS:
                return i
            weak = i if weak is None else weak
        seen += 1
        if any(_DIGIT.search(c) for c in cells) or seen >= _HEADER_SEARCH_ROWS:
            break
    return weak


def read_rows(rows: Iterable[Sequence[str | None]], first_line: int = 1) -> list[RawNumber]:
    """Table rows (CSV or spreadsheet): numbers from the named column when a header names one,
    otherwise every cell read as text. A row with text but nothing in the number column is an
    entry that says so; only wholly empty rows are skipped."""
    materialised = [list(r) for r in rows]
    header_at = find_header(materialised)
    number_col, carrier_col = find_columns(materialised[header_at]) if header_at is not None else (None, None)
    out: list[RawNumber] = []
    if header_at is None or number_col is None:
        for i, row in enumerate(materialised):
            filled = [c.strip() for c in row if c and c.strip()]
            pieces = _numbers_in(" , ".join(filled)) or ([", ".join(filled)] if filled else [])
            out.extend(RawNumber(first_line + i, piece) for piece in pieces)
        return out
    column = materialised[header_at][number_col] or ""
    for i, row in enumerate(materialised[header_at + 1 :], start=header_at + 1):
        cell = row[number_col] if number_col < len(row) else None
        carrier = row[carrier_col] if carrier_col is not None and carrier_col < len(row) else None
        carrier = carrier.strip() if carrier and carrier.strip() else None
        if not cell or not cell.strip():
            if any(c and c.strip() for c in row):
                problem = f"no number: the {quoted(column.strip())} column is empty on this row"
                out.append(RawNumber(first_line + i, "", carrier, problem))
            continue
        out.extend(RawNumber(first_line + i, piece, carrier) for piece in split_line(cell))
    return out


def _looks_like_csv_header(first_line: str) -> bool:
    for delimiter in (",", ";", "\t", "|"):
        if delimiter in first_line:
            cells = next(csv.reader([first_line], delimiter=delimiter))
            number_col, _ = find_columns(cells)
            if number_col is not None:
                return True
    return False


def _csv_header_line(text: str) -> str | None:
    """The header line of a CSV (a delimited line naming a number column), past a few title lines
    without digits; None when the text is not a CSV with a header."""
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        if _looks_like_csv_header(line):
            return line
        seen += 1
        if _DIGIT.search(line) or seen >= _HEADER_SEARCH_ROWS:
            return None
    return None


def read_csv(text: str) -> list[RawNumber]:
    first = _csv_header_line(text) or next((ln for ln in text.splitlines() if ln.strip()), "")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return read_rows(csv.reader(io.StringIO(text), dialect))


def read_any_text(text: str) -> list[RawNumber]:
    """Text or CSV, told apart by a header row that names a number column."""
    if _csv_header_line(text) is not None:
        return read_csv(text)
    return read_text(text)


def _judge_one(raw: RawNumber) -> NumberEntry:
    if raw.problem:
        return NumberEntry(raw.line, raw.text, False, error=raw.problem, losing_carrier=raw.losing_carrier)
    return classify(raw.text, raw.line, losing_carrier=raw.losing_carrier)


def judge(raw: Iterable[RawNumber]) -> list[NumberEntry]:
    """Classify every number found and flag repeats."""
    return mark_duplicates(_judge_one(r) for r in raw)
