"""Bill intake: the losing carrier's account read off a bill, each value with its place and a confidence.

Works on the pages as `bill_layout` rebuilds them (lines split into segments at wide gaps), so every
way a bill is drawn reads the same: labelled lines, mailing-window blocks without labels, text drawn
glyph by glyph or in reverse, OCR text.

- The losing carrier is the bill's issuer: a known carrier named at the top of the first page.
- A labelled value is read after its label (same segment after a colon, the next segment on the line)
  or under it (a row of column headings with the values below).
- Addresses are found from their last line (city, state, ZIP), then up their column. A block is a
  service address when a service label heads it, the carrier's own when it names the carrier or sits in
  the header, a remit-to when a payment label heads it; an unlabelled block lower down is the mailing
  window. The service location wins over the mailing block; remit-to and the carrier's are never used.
- A value that cannot be found is absent, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from portdesk.documents.bill import BillReading, open_bill, read_bill
from portdesk.documents.bill_layout import PageText, Segment, TextRun
from portdesk.domain.address_parts import AddressParts, CityLine, read_city_line, read_street_line
from portdesk.domain.bill_intake import AddressProposal, BillIntake, Confidence, Proposal
from portdesk.domain.bill_labels import (
    ATTENTION_WORDS,
    FIELD_LABELS,
    MAILING_LABELS,
    REMIT_LABELS,
    SERVICE_ADDRESS_LABELS,
    Label,
    fold,
    label_at,
)
from portdesk.domain.known_carriers import find_carrier
from portdesk.platform.gc_pauses import collection_paused

INTAKE_PAGES = 3  # the account is printed on the first pages; call detail after them is not read for it
HEADER_BAND = 0.2  # the issuer's name sits in the top fifth of the first page
RETURN_ADDRESS_BAND = 0.11  # an unlabelled address this high is the carrier's return address
MAX_VALUE = 80
_ZIP_AT_END = re.compile(r"\d{5}(?:-\d{4})?\W*$")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# What a line says before a number the carrier prints for help, not one it bills.
_HELP = re.compile(r"\b(call|customer\s+service|questions?|support|repair|help|contact\s+us|visit|tty|fax|"
                   r"toll[- ]free|report|outage|dial)\b", re.IGNORECASE)
_TRIM = " ,;:"


@dataclass(frozen=True)
class _Place:
    page: PageText
    line: int  # index of the line on its page
    seg: Segment


def _segments(page: PageText) -> Iterator[_Place]:
    for index, line in enumerate(page.lines):
        for seg in line.segments:
            yield _Place(page, index, seg)


def _proposal(place: _Place, start: int, end: int, confidence: Confidence, value: str | None = None) -> Proposal:
    text = place.seg.text
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    while start < end and text[start] in _TRIM:
        start += 1
    rects = TextRun(place.seg.words, text).rects(start, end)
    return Proposal(value if value is not None else text[start:end], place.page.number, tuple(rects), confidence)


def _word_starts(seg: Segment) -> list[int]:
    starts, pos = [], 0
    for word in seg.words:
        starts.append(pos)
        pos += len(word.text) + 1
    return starts


# -- the issuer --------------------------------------------------------------------------------

def _losing_carrier(page: PageText, confidence: Confidence) -> Proposal | None:
    """The known carrier named in the biggest type at the top of the first page."""
    top = [p for p in _segments(page) if p.seg.y0 < HEADER_BAND * page.height]
    for place in sorted(top, key=lambda p: -p.seg.height):
        found = find_carrier(place.seg.text)
        if found:
            name, start, end = found
            return _proposal(place, start, end, confidence, value=name)
    return None


# -- labelled values ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Labelled:
    place: _Place  # where the value is
    start: int  # offsets of the value in its segment's text
    end: int


def _find_labels(pages: list[PageText], labels: tuple[Label, ...]) -> Iterator[tuple[_Place, int, int, bool]]:
    """(segment, first word, word after the label, label ends in a colon) for each label printed."""
    for page in pages:
        for place in _segments(page):
            folded = [fold(w.text) for w in place.seg.words]
            for i in range(len(folded)):
                label = label_at(folded, i, labels)
                if label is None:
                    continue
                after = i + len(label)
                words = place.seg.words
                colon = words[after - 1].text.endswith(":")
                # A longer label ("Authorized Contact:" for "authorized"): the value follows its colon.
                if not colon:
                    for k in range(after, min(after + 3, len(words))):
                        if words[k].text.endswith(":"):
                            after, colon = k + 1, True
                            break
                yield place, i, after, colon


def _right_of(place: _Place) -> _Place | None:
    segments = place.page.lines[place.line].segments
    later = [s for s in segments if s.x0 > place.seg.x1]
    return _Place(place.page, place.line, later[0]) if later else None


def _below(place: _Place, x0: float, x1: float) -> _Place | None:
    """The segment just under a heading that spans x0..x1 and starts under it; not another label."""
    h = place.seg.height
    lines = place.page.lines
    for index in range(place.line + 1, min(place.line + 3, len(lines))):
        for seg in lines[index].segments:
            if seg.y0 - place.seg.y1 > 1.6 * h:
                return None
            if x0 - 0.6 * h <= seg.x0 <= x1 and not _is_label(seg.text):
                return _Place(place.page, index, seg)
    return None


def _labelled(pages: list[PageText], labels: tuple[Label, ...]) -> Iterator[_Labelled]:
    """The place of the value of each of `labels` printed.

    "Label: value" (after the colon, or the next piece of the line); a heading without a colon
    over its value ("Account Number" above "8812-5520-01"); "Label value" at the start of a piece.
    """
    for place, first, after, colon in _find_labels(pages, labels):
        words = place.seg.words
        if colon:
            if after < len(words):
                yield _Labelled(place, _word_starts(place.seg)[after], len(place.seg.text))
                continue
            value = _right_of(place) or _below(place, words[first].x0, words[after - 1].x1)
        else:
            value = _below(place, words[first].x0, words[after - 1].x1)
            if value is None and first == 0:
                if after < len(words):
                    yield _Labelled(place, _word_starts(place.seg)[after], len(place.seg.text))
                    continue
                value = _right_of(place)
        if value is not None:
            yield _Labelled(value, 0, len(value.seg.text))


def _text_value(found: _Labelled, confidence: Confidence, *, digits: bool | None) -> Proposal | None:
    text = found.place.seg.text[found.start:found.end].strip(_TRIM)
    if not text or len(text) > MAX_VALUE or not any(c.isalnum() for c in text):
        return None
    has_digit = any(c.isdigit() for c in text)
    if digits is True and not has_digit:
        return None
    if digits is False and (has_digit or not any(c.isalpha() for c in text)):
        return None
    if _is_label(text):
        return None
    return _proposal(found.place, found.start, found.end, confidence)


def _is_label(text: str) -> bool:
    words = [fold(w) for w in text.split()]
    return any(label_at(words, 0, labels) for labels in FIELD_LABELS.values()) or text.endswith(":")


def _first(proposals: Iterator[Proposal | None]) -> Proposal | None:
    return next((p for p in proposals if p is not None), None)


def _btn(pages: list[PageText], reading: BillReading, confidence: Confidence) -> Proposal | None:
    for found in _labelled(pages, FIELD_LABELS["account.btn"]):
        seg, page = found.place.seg, found.place.page.number
        for printed in reading.numbers:
            if printed.page != page or not printed.rects:
                continue
            x0, y0, x1, y1 = printed.rects[0]
            if x0 >= seg.x0 - 1 and x1 <= seg.x1 + 1 and y0 >= seg.y0 - 1 and y1 <= seg.y1 + 1:
                return Proposal(printed.e164, page, tuple(printed.rects), confidence)
    return None


# -- addresses ---------------------------------------------------------------------------------

@dataclass
class _Block:
    kind: str  # service | mailing | remit | carrier
    city_place: _Place
    city: CityLine
    street_place: _Place
    street_span: tuple[int, int]
    unit_place: _Place | None
    unit_span: tuple[int, int] | None
    parts: AddressParts
    above: list[_Place]  # the lines over the street line in its column, nearest first


def _column_above(place: _Place, limit: int) -> list[_Place]:
    """Segments stacked closely over `place`, left-aligned with it: the block's earlier lines."""
    out: list[_Place] = []
    current = place
    while len(out) < limit and current.line > 0:
        h = current.seg.height
        line_index = current.line - 1
        match = None
        for seg in current.page.lines[line_index].segments:
            if abs(seg.x0 - current.seg.x0) <= 0.6 * h and current.seg.y0 - seg.y1 <= 1.2 * h:
                match = seg
                break
        if match is None:
            return out
        current = _Place(current.page, line_index, match)
        out.append(current)
    return out


def _left_label(place: _Place) -> str:
    """The text left of a segment on its line (a 'Service Address:' label before the address)."""
    return " ".join(s.text for s in place.page.lines[place.line].segments if s.x1 < place.seg.x0)


def _has(pieces: list[str], labels: tuple[Label, ...], *, anywhere: bool = True) -> bool:
    """One of `labels` is printed in one of `pieces` (at its start only, unless `anywhere`)."""
    for piece in pieces:
        words = [fold(w) for w in piece.split()]
        if any(label_at(words, i, labels) for i in (range(len(words)) if anywhere else (0,))):
            return True
    return False


def _address_blocks(page: PageText, issuer: str | None) -> Iterator[_Block]:
    for place in _segments(page):
        text = place.seg.text
        if not _ZIP_AT_END.search(text):
            continue
        city = read_city_line(text)
        if city is None:
            continue
        unit_place = unit_span = None
        if city.start > 0:  # one line: "1200 Market Street, Suite 400, Denver, CO 80202"
            street_place = place
            street = read_street_line(text[:city.start])
            if street.unit:
                unit_place, unit_span = place, street.unit
            above = _column_above(place, 4)
        else:
            column = _column_above(place, 6)
            if not column:
                continue
            first = read_street_line(column[0].seg.text)
            if first.is_unit_only and len(column) > 1:
                unit_place, unit_span = column[0], (0, len(column[0].seg.text))
                street_place = column[1]
                above = column[2:]
            else:
                street_place = column[0]
                above = column[1:]
            street = read_street_line(street_place.seg.text)
            if street.unit and unit_place is None:
                unit_place, unit_span = street_place, street.unit
        if street.street is None and not street.po_box:
            continue
        parts = street.parts
        if unit_place is not None and unit_span is not None and not parts.unit:
            unit_text = unit_place.seg.text[unit_span[0]:unit_span[1]].strip(_TRIM)
            parts = AddressParts(parts.house_number, parts.pre_direction, parts.street, parts.suffix,
                                 parts.post_direction, unit_text)
        # A label beside the street line ends the block there: the lines above belong to other values.
        beside = _left_label(street_place)
        if beside:
            above = []
        before = street_place.seg.text[:street.street[0]] if street.street and city.start > 0 else ""
        names = [p.seg.text for p in above] + ([before] if before.strip(_TRIM) else [])
        headings = [beside, *(_left_label(p) for p in above), *(n for n in names if len(n.split()) <= 6)]
        kind = _kind_of(headings, names, street_place, street.po_box, issuer)
        yield _Block(kind, place, city, street_place, street.street or (0, 0), unit_place, unit_span,
                     parts, above)


def _kind_of(headings: list[str], names: list[str], street: _Place, po_box: bool, issuer: str | None) -> str:
    """service, mailing, remit or carrier: what an address block is, from the words around it.

    `headings` are the short pieces over it and the labels beside it; `names` every line over it.
    """
    if _has(headings, REMIT_LABELS):
        return "remit"
    if any(find_carrier(n) for n in names) or (issuer and any(issuer.casefold() in n.casefold() for n in names)):
        return "carrier"
    if po_box:
        return "remit"  # a service is never at a PO box
    if _has(headings, SERVICE_ADDRESS_LABELS, anywhere=False):
        return "service"
    if street.seg.y0 < RETURN_ADDRESS_BAND * street.page.height and not _has(headings, MAILING_LABELS):
        return "carrier"  # the return address under the logo
    return "mailing"


def _address(block: _Block, confidence: Confidence) -> AddressProposal:
    street_place = block.street_place
    s, e = block.street_span
    line1 = _proposal(street_place, s, e, confidence)
    line2 = None
    if block.unit_place is not None and block.unit_span is not None:
        line2 = _proposal(block.unit_place, block.unit_span[0], block.unit_span[1], confidence)
    spans = block.city.spans
    city = _proposal(block.city_place, *spans["city"], confidence)
    state = _proposal(block.city_place, *spans["state"], confidence)
    postal = _proposal(block.city_place, *spans["postal_code"], confidence)
    return AddressProposal(line1, line2, city, state, postal, block.parts)


def _mailing_people(block: _Block, confidence: Confidence) -> tuple[Proposal | None, Proposal | None]:
    """(account name, authorised user) from the lines over a mailing block's street line."""
    name = person = None
    for place in reversed(block.above):  # top line first
        words = place.seg.words
        head = fold(words[0].text) if words else ""
        if head in ATTENTION_WORDS and len(words) > 1:
            start = _word_starts(place.seg)[1]
            if person is None and not any(c.isdigit() for c in place.seg.text[start:]):
                person = _proposal(place, start, len(place.seg.text), confidence)
        elif name is None and any(c.isalpha() for c in place.seg.text) and not _is_label(place.seg.text) \
                and not _has([place.seg.text], MAILING_LABELS):
            name = _proposal(place, 0, len(place.seg.text), confidence)
    return name, person


# -- numbers -----------------------------------------------------------------------------------

def _billed_numbers(reading: BillReading) -> list[str]:
    """Every telephone number the bill charges for, in print order: not help lines, not numbers called.

    A number on a call-detail row (a clock time on its line) counts only when printed elsewhere too:
    the other end of a call is not on the account.
    """
    elsewhere: set[str] = set()
    order: list[str] = []
    for printed in reading.numbers:
        if _HELP.search(printed.text_before):
            continue
        if not _CLOCK.search(printed.line_text):
            elsewhere.add(printed.e164)
        order.append(printed.e164)
    kept = [n for n in order if n in elsewhere]
    return list(dict.fromkeys(kept))


# -- the whole bill ----------------------------------------------------------------------------

def intake_reading(reading: BillReading) -> BillIntake:
    """What the bill says about the account, from an already read bill."""
    result = BillIntake(reading.page_count, reading.text_layer, reading.ocr, reading.statement_date)
    pages = [p for p in reading.pages[:INTAKE_PAGES] if p.has_text]
    if not pages:
        return result
    high: Confidence = "low" if reading.ocr else "high"  # OCR may misread a letter: the coordinator looks
    first = reading.pages[0]
    result.losing_carrier = _losing_carrier(first, high) if first.has_text else None
    issuer = result.losing_carrier.value if result.losing_carrier else None

    result.name = _first(_text_value(f, high, digits=None) for f in _labelled(pages, FIELD_LABELS["account.name"]))
    result.number = _first(_text_value(f, high, digits=True)
                           for f in _labelled(pages, FIELD_LABELS["account.number"]))
    result.btn = _btn(pages, reading, high)
    result.authorized_user = _first(_text_value(f, high, digits=False)
                                    for f in _labelled(pages, FIELD_LABELS["account.authorized_user"]))

    blocks = [b for page in pages for b in _address_blocks(page, issuer)]
    service = next((b for b in blocks if b.kind == "service"), None)
    mailing = next((b for b in blocks if b.kind == "mailing"), None)
    if service is not None:
        result.service_address = _address(service, high)
    elif mailing is not None:
        result.service_address = _address(mailing, "low")  # where the bill is mailed, maybe not the service
    if mailing is not None:
        name, person = _mailing_people(mailing, "low")
        result.name = result.name or name
        result.authorized_user = result.authorized_user or person
    result.numbers = _billed_numbers(reading)
    return result


def intake_bill(source: Path | str | bytes, *, ocr: bool = False, password: str | None = None) -> BillIntake:
    """Open the bill, read it once, and propose the account from it. `BillError` when it cannot be read."""
    with collection_paused(), open_bill(source, password=password) as pdf:
        reading = read_bill(pdf, ocr=ocr)
    return intake_reading(reading)
