"""The bill check: each entered account field held against the bill, as exact, near or missing.

Rules (spec cli.md, check-bill):
- exact: the value appears character for character as whole words; white space inside a block counts
  as one space; case and punctuation count. An abbreviation's dot belongs to its word: 'St' is not an
  exact match of the bill's 'St.' (a comma after a word is punctuation between words).
- near (text): only case, punctuation, spacing, postal abbreviations / state names, or one or two
  mistyped letters in words of text (never digits).
- near (account number): only separators (or letter case) differ; any other difference is missing.
- BTN: compared by value with every telephone number printed; any formatting is exact.
- ZIP: the digits must match. A typed 5-digit ZIP printed as ZIP+4 on the bill is exact (the ZIP is the
  same; the +4 only refines delivery). A typed ZIP+4 the bill prints as 5 digits is near. Separators
  between ZIP and +4 may differ (near).
- When several places match: exact before near; among near, fewest differences, then reading order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from pathlib import Path

from portdesk.documents.bill import BillReading, PrintedNumber, open_bill, read_bill
from portdesk.documents.match_diff import identifier_differences, text_differences
from portdesk.documents.match_index import BillIndex, Hit
from portdesk.documents.match_text import (
    STATES,
    Token,
    alnum_runs,
    collapse_spaces,
    edit_distance,
    tokens,
    typo_allowance,
)
from portdesk.domain.bill_labels import SERVICE_ADDRESS_LABELS
from portdesk.domain.documents import BILL_FIELDS, BillCheck, FieldCheck
from portdesk.domain.numbers import digits_only, is_toll_free_number, to_e164
from portdesk.domain.order import PortOrder
from portdesk.platform.gc_pauses import collection_paused

IDENTIFIER_FIELDS = {"account.number"}

# An order's numbers are judged on every check of it (the viewer re-checks as fields are edited), and
# each judgement is a full phonenumbers parse: remember them, as the bill's printed numbers are.
_e164 = lru_cache(maxsize=4096)(to_e164)


def _field_value(order: PortOrder, field: str) -> str | None:
    obj: object = order
    for part in field.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj if isinstance(obj, str) and obj.strip() else None


def _exact(field: str, value: str, hit: Hit) -> FieldCheck:
    return FieldCheck(field, value, "exact", hit.text, hit.page, hit.rects(), ())


def _near(field: str, value: str, hit: Hit, differences: list[str]) -> FieldCheck:
    return FieldCheck(field, value, "near", hit.text, hit.page, hit.rects(), tuple(differences))


def _missing(field: str, value: str, differences: tuple[str, ...] = ()) -> FieldCheck:
    return FieldCheck(field, value, "missing", differences=differences)


def _closest(field: str, value: str, hits: Iterable[Hit],
             describe: Callable[[str, str], list[str]], *, least: int = 1) -> FieldCheck | None:
    """The hit with the fewest differences (and typos), the first in reading order among equals.

    `least` is the lowest score any of the hits can have: the first hit scoring it ends the search.
    """
    best: tuple[int, Hit, list[str]] | None = None
    for hit in hits:
        differences = describe(value, hit.text)
        score = len(differences) + hit.typos
        if best is None or score < best[0]:
            best = (score, hit, differences)
            if score <= least:
                break  # nothing can be nearer
    return _near(field, value, best[1], best[2]) if best else None


Prefer = Callable[[Hit], bool] | None  # which of several exact places to take first (the service block)


def _find_exact(index: BillIndex, value: str, prefer: Prefer, accept: Prefer = None) -> Hit | None:
    """The first exact place `prefer` likes (and `accept` allows), else the first `accept` allows."""
    if prefer is not None:
        hit = index.find_exact(value, prefer if accept is None else (lambda h: accept(h) and prefer(h)))
        if hit is not None:
            return hit
    return index.find_exact(value, accept)


def check_text(index: BillIndex, field: str, typed: str, prefer: Prefer = None) -> FieldCheck:
    value = collapse_spaces(typed)
    hit = _find_exact(index, value, prefer)
    if hit:
        return _exact(field, typed, hit)
    value_toks = tokens(value)
    near = _closest(field, typed, index.find_canonical(value_toks, "text"), text_differences)
    if near is None:
        # A mistyped place scores at least two: its typo, and the difference that describes it.
        near = _closest(field, typed, index.find_typos(value_toks, value), text_differences, least=2)
    if near is None:  # spacing only: "Suite400" typed where the bill prints "Suite 400"
        near = _closest(field, typed, index.find_glued(value), text_differences)
    return near or _missing(field, typed)


def check_identifier(index: BillIndex, field: str, typed: str) -> FieldCheck:
    value = collapse_spaces(typed)

    def whole(h: Hit) -> bool:
        return not index.continues_identifier(h)

    hit = index.find_exact(value, whole)
    if hit:
        return _exact(field, typed, hit)
    value_toks = [Token(r.upper(), s, e) for r, s, e in alnum_runs(value)]
    hits = (h for h in index.find_canonical(value_toks, "identifier") if whole(h))
    near = _closest(field, typed, hits, identifier_differences)
    if near is not None:
        return near
    for swapped, first in _transpositions(typed):
        toks = [Token(r.upper(), s, e) for r, s, e in alnum_runs(swapped)]
        hit = next((h for h in index.find_canonical(toks, "identifier") if whole(h)), None)
        if hit is not None:  # still missing (a different character is not near), but said in words
            return _missing(field, typed, (swap_message(typed, first, hit.text),))
    return _missing(field, typed)


def _transpositions(typed: str) -> Iterator[tuple[str, int]]:
    """`typed` with two neighbouring letters or digits swapped (separators stay), and the index (0-based,
    among the letters and digits) of the first of the two; pairs of equal characters are skipped."""
    places = [i for i, ch in enumerate(typed) if ch.isalnum()]
    for n in range(len(places) - 1):
        a, b = places[n], places[n + 1]
        if typed[a] != typed[b]:
            chars = list(typed)
            chars[a], chars[b] = chars[b], chars[a]
            yield "".join(chars), n


def swap_message(typed: str, first: int, found: str) -> str:
    swapped = [ch for ch in typed if ch.isalnum()][first: first + 2]
    kind = "digits" if all(ch.isdigit() for ch in swapped) else "characters"
    return f"{kind} {first + 1} and {first + 2} are swapped: the bill has '{found}', you typed '{typed}'"


# A title printed before a person's name: the name typed without it is not the name as the bill has it.
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rev", "hon"})


def check_person(index: BillIndex, field: str, typed: str) -> FieldCheck:
    """A person's name: as text, except that a title the bill prints right before it makes it near."""
    result = check_text(index, field, typed)
    if result.status != "exact":
        return result
    hit = index.find_exact(collapse_spaces(typed))
    if hit is None:
        return result
    before = hit.block.text[: hit.start]
    words = before.split()
    if not words or words[-1].lower().rstrip(".") not in _TITLES or before[-1:] != " ":
        return result
    start = len(before.rstrip()) - len(words[-1])
    titled = Hit(hit.page, hit.block, start, hit.end)
    return _near(field, typed, titled, [f"the bill writes '{titled.text}': the title '{words[-1]}' comes before "
                                       "the name; type it as the bill does"])


def check_postal_code(index: BillIndex, field: str, typed: str, prefer: Prefer = None) -> FieldCheck:
    value = collapse_spaces(typed)
    hit = _find_exact(index, value, prefer)  # 80202 inside 80202-1234 is exact: same ZIP
    if hit:
        return _exact(field, typed, hit)
    result = check_identifier(index, field, typed)
    digits = digits_only(value)
    if result.status == "missing" and len(digits) == 9:
        five = index.find_exact(digits[:5], lambda h: not index.continues_identifier(h))
        if five:
            note = f"the bill prints only '{five.text}', without the +4 '{digits[5:]}' you typed"
            return _near(field, typed, five, [note])
    return result


def _state_code(typed: str) -> tuple[str | None, str | None]:
    """(USPS code, the state name it was read as when mistyped) for a typed state."""
    key = collapse_spaces(typed).lower().replace(".", "")
    if key in STATES.values():
        return key, None
    if key in STATES:
        return STATES[key], None
    for name, code in STATES.items():
        if edit_distance(key, name, typo_allowance(key)) <= typo_allowance(key):
            return code, name
    return None, None


def check_state(index: BillIndex, field: str, typed: str, prefer: Prefer = None) -> FieldCheck:
    """State: exact as typed, else the same state as a USPS code or a full name (Colorado vs CO)."""
    hit = _find_exact(index, collapse_spaces(typed), prefer)
    if hit:
        return _exact(field, typed, hit)
    code, misspelt = _state_code(typed)
    if code is None:
        return check_text(index, field, typed)
    if misspelt:
        wrong = edit_distance(collapse_spaces(typed).lower(), misspelt, 2)
        count = "one letter differs" if wrong <= 1 else "two letters differ"
    best: tuple[int, Hit, list[str]] | None = None
    for hit, surface in index.find_state(code):
        if misspelt:
            if surface.lower() == misspelt:
                differences = [f"{count}: you typed '{typed}', the bill writes '{surface}'"]
            else:
                differences = [f"{count}: you typed '{typed}' for '{misspelt.title()}'; the bill writes '{surface}'"]
        else:
            differences = text_differences(typed, surface)
        # "ABC Co" holds the letters of CO too: a printed code in capitals or a full name ranks first.
        score = len(differences) + (0 if surface.isupper() or surface.lower() in STATES else 1)
        if best is None or score < best[0]:
            best = (score, hit, differences)
            if score <= 1:
                break  # nothing nearer than one difference
    return _near(field, typed, best[1], best[2]) if best else _missing(field, typed)


def check_btn(numbers: list[PrintedNumber], field: str, typed: str) -> FieldCheck:
    wanted = _e164(typed)
    for printed in numbers:
        same = printed.e164 == wanted if wanted else digits_only(printed.text) == digits_only(typed)
        if same:
            return FieldCheck(field, typed, "exact", printed.text, printed.page, printed.rects, ())
    printed_digits = {digits_only(p.text)[-10:]: p.text for p in numbers}
    for swapped, first in _transpositions(typed):
        found = printed_digits.get(digits_only(swapped)[-10:])
        if found is not None and len(digits_only(swapped)) >= 10:
            return _missing(field, typed, (swap_message(typed, first, found),))
    return _missing(field, typed)


def _order_kind(order: PortOrder) -> str:
    if order.kind:
        return order.kind
    kinds = set()
    for number in order.numbers:
        toll_free = is_toll_free_number(number)
        if toll_free is None:
            continue
        kinds.add("toll_free" if toll_free else "local")
    return "toll_free" if kinds == {"toll_free"} else "local"


def compare_numbers(order: PortOrder, printed: list[PrintedNumber]) -> tuple[list[str], list[str]]:
    """(on the order but not on the bill, on the bill but not on the order), of the order's kind."""
    toll_free = _order_kind(order) == "toll_free"
    on_bill = {p.e164 for p in printed if p.toll_free == toll_free}
    on_order = {_e164(n) or n for n in order.numbers}
    return sorted(on_order - on_bill), sorted(on_bill - on_order)


def _in_service_block(index: BillIndex, hit: Hit) -> bool:
    return index.follows_label(hit, SERVICE_ADDRESS_LABELS)


def check_reading(reading: BillReading, order: PortOrder, today: dt.date) -> BillCheck:
    """The bill check from an already read bill."""
    age = (today - reading.statement_date).days if reading.statement_date else None
    result = BillCheck(reading.page_count, reading.text_layer, reading.statement_date, age, ocr=reading.ocr)
    searchable = reading.text_layer or reading.ocr
    index = BillIndex(reading.pages) if searchable else None
    in_service_block: Prefer = partial(_in_service_block, index) if index is not None else None
    for field in BILL_FIELDS:
        typed = _field_value(order, field)
        if typed is None:
            continue
        if index is None:
            result.fields.append(FieldCheck(field, typed, "unchecked"))
        elif field == "account.btn":
            result.fields.append(check_btn(reading.numbers, field, typed))
        elif field in IDENTIFIER_FIELDS:
            result.fields.append(check_identifier(index, field, typed))
        elif field == "account.service_address.state":
            result.fields.append(check_state(index, field, typed, in_service_block))
        elif field == "account.service_address.postal_code":
            result.fields.append(check_postal_code(index, field, typed, in_service_block))
        elif field == "account.authorized_user":
            result.fields.append(check_person(index, field, typed))
        else:
            # Where the bill prints the address twice (the mailing window, then "Service location"),
            # the service block is the place that proves the service address.
            prefer = in_service_block if field.startswith("account.service_address.") else None
            result.fields.append(check_text(index, field, typed, prefer))
    if searchable:
        result.on_order_not_on_bill, result.on_bill_not_on_order = compare_numbers(order, reading.numbers)
    return result


def check_bill(bill: Path | bytes, order: PortOrder, today: dt.date, *, ocr: bool = False,
               password: str | None = None) -> BillCheck:
    """Open the bill, read every page once, and hold the order's fields and numbers against it.

    Raises `BillError` when the bill cannot be read.
    """
    with collection_paused():
        with open_bill(bill, password=password) as pdf:
            reading = read_bill(pdf, ocr=ocr)
        return check_reading(reading, order, today)
