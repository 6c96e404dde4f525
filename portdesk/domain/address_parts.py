"""A US street line in its parts (house number, directions, street, suffix, unit), as carriers take them.

The parsing is `usaddress`'s (a CRF model trained on US addresses), not a regular expression of ours:
it knows "123 Avenue of the Americas", "4 W 21st St Fl 3" and "500 N. Broadway Ave., #12". Every part
keeps the characters of the text it came from (a bill's "Street" stays "Street"); `usps()` gives the
USPS Publication 28 abbreviations (ST, STE, N) from `usaddress-scourgify`'s tables, for a carrier
that wants the standardised form.

Used by bill intake, by Take-from-bill in the viewer, and by carrier adapters that send the address
in separate fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from types import ModuleType

import usaddress

MAX_LINE = 200  # a street line longer than this is not one: the CRF's time grows with the tokens

# usaddress labels → our part
_PART_OF = {
    "AddressNumberPrefix": "house_number",
    "AddressNumber": "house_number",
    "AddressNumberSuffix": "house_number",
    "StreetNamePreDirectional": "pre_direction",
    "StreetNamePreModifier": "street",
    "StreetNamePreType": "street",
    "StreetName": "street",
    "StreetNamePostModifier": "street",
    "StreetNamePostType": "suffix",
    "StreetNamePostDirectional": "post_direction",
    "OccupancyType": "unit",
    "OccupancyIdentifier": "unit",
    "SubaddressType": "unit",
    "SubaddressIdentifier": "unit",
    "USPSBoxType": "po_box",
    "USPSBoxID": "po_box",
    "USPSBoxGroupType": "po_box",
    "USPSBoxGroupID": "po_box",
}
_TRIM = " ,;:"


@cache
def _usps() -> ModuleType:
    """scourgify's USPS tables, read the first time an abbreviation or a state name is looked up: the
    package pulls in yaml and a config loader (~35 ms), which reading a street line does not need."""
    from scourgify import address_constants

    return address_constants


@cache
def _state_codes() -> frozenset[str]:
    return frozenset(_usps().STATE_ABBREVIATIONS.values())


@dataclass(frozen=True)
class AddressParts:
    """The parts of a street line; None where the line has no such part."""

    house_number: str | None = None
    pre_direction: str | None = None
    street: str | None = None
    suffix: str | None = None
    post_direction: str | None = None
    unit: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def usps(self) -> AddressParts:
        """The same parts with USPS Publication 28 abbreviations, in capitals (STREET → ST, Suite → STE)."""
        def up(text: str | None) -> str | None:
            return " ".join(text.upper().replace(".", "").split()) if text else None

        def table(text: str | None, known: dict[str, str]) -> str | None:
            key = up(text)
            return known.get(key, key) if key else None

        usps = _usps()
        unit = up(self.unit)
        if unit:
            kind, _, rest = unit.partition(" ")
            if kind in usps.OCCUPANCY_TYPE_ABBREVIATIONS:
                unit = f"{usps.OCCUPANCY_TYPE_ABBREVIATIONS[kind]} {rest}".strip()
        return AddressParts(up(self.house_number), table(self.pre_direction, usps.DIRECTIONAL_REPLACEMENTS),
                            up(self.street), table(self.suffix, usps.STREET_TYPE_ABBREVIATIONS),
                            table(self.post_direction, usps.DIRECTIONAL_REPLACEMENTS), unit)

    def usps_line1(self) -> str:
        """'1200 MARKET ST': the street line without its unit, as USPS writes it."""
        p = self.usps()
        return " ".join(x for x in (p.house_number, p.pre_direction, p.street, p.suffix, p.post_direction) if x)


@dataclass(frozen=True)
class StreetLine:
    """A street line read: its parts, and where in the text the street ends and the unit begins."""

    parts: AddressParts
    street: tuple[int, int] | None  # offsets of the street part (house number to post-direction)
    unit: tuple[int, int] | None  # offsets of the unit ("Suite 400"), when the line holds one
    po_box: bool = False

    @property
    def is_street(self) -> bool:
        """A house number and a street name: a place a service can be at."""
        return bool(self.parts.house_number and self.parts.street) and not self.po_box

    @property
    def is_unit_only(self) -> bool:
        """Nothing but a unit ("Suite 400", "Fl 3", "#12"): an address's second line."""
        p = self.parts
        return bool(p.unit) and not (p.house_number or p.street or p.suffix or self.po_box)


@dataclass(frozen=True)
class CityLine:
    """A bill's city line: city, state and ZIP code."""

    city: str
    state: str
    postal_code: str
    spans: dict[str, tuple[int, int]]  # city, state, postal_code → offsets in the line
    start: int = 0  # where the city begins: a one-line address has its street before it


def _tagged(text: str) -> list[tuple[str, str, int, int]]:
    """usaddress's tokens with their labels and their offsets in `text`."""
    if not text.strip() or len(text) > MAX_LINE:
        return []
    try:
        pairs = usaddress.parse(text)
    except Exception:  # the CRF refuses odd input (control characters): not an address
        return []
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    for token, label in pairs:
        start = text.find(token, pos)  # tokens come in order; "#12" comes as '#' and '12'
        if start < 0:
            return []
        end = start + len(token)
        out.append((token, label, start, end))
        pos = end
    return out


def _span(text: str, spans: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    spans = list(spans)
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    while start < end and text[start] in _TRIM:
        start += 1
    return (start, end) if end > start else None


def read_street_line(line: str) -> StreetLine:
    """The parts of one street line, with the bill's own characters in each part."""
    tagged = _tagged(line)
    found: dict[str, list[tuple[int, int]]] = {}
    for _token, label, start, end in tagged:
        part = _PART_OF.get(label)
        if part:
            found.setdefault(part, []).append((start, end))
    values: dict[str, str | None] = {}
    for part in ("house_number", "pre_direction", "street", "suffix", "post_direction", "unit"):
        span = _span(line, found.get(part, ()))
        values[part] = line[span[0]:span[1]] if span else None
    street_parts = [s for p in ("house_number", "pre_direction", "street", "suffix", "post_direction")
                    for s in found.get(p, ())]
    return StreetLine(AddressParts(**values), _span(line, street_parts), _span(line, found.get("unit", ())),
                      po_box="po_box" in found)


def parse_us_street(line1: str, line2: str | None = None) -> AddressParts:
    """The parts of a street address: `line1` (which may hold the unit too), `line2` the unit line.

    >>> parse_us_street("1200 Market Street", "Suite 400").suffix
    'Street'
    """
    street = read_street_line(line1).parts
    if street.unit or not line2:
        return street
    unit = read_street_line(line2)
    unit_text = unit.parts.unit if unit.is_unit_only else line2.strip(_TRIM) or None
    return AddressParts(street.house_number, street.pre_direction, street.street, street.suffix,
                        street.post_direction, unit_text)


def state_code(text: str) -> str | None:
    """The USPS code of a state written as a code or a full name ('Colorado', 'CO'), else None."""
    key = " ".join(text.upper().replace(".", "").split())
    if key in _state_codes():
        return key
    return _usps().STATE_ABBREVIATIONS.get(key) if len(key) > 2 else None


def read_city_line(line: str) -> CityLine | None:
    """'Denver, CO 80202' → city, state and ZIP (as printed, with their offsets); None for anything else.

    The line must end in a city, a known state and a ZIP (or ZIP+4): a city line is told apart from
    other text by that. A one-line address ("PO Box 9, Seattle, WA 98111") gives its last part, and
    `start` says where it begins (what comes before is the street).
    """
    tagged = _tagged(line)
    place = next((i for i, t in enumerate(tagged) if t[1] == "PlaceName"), None)
    if place is None:
        return None
    found: dict[str, list[tuple[int, int]]] = {}
    for _token, label, start, end in tagged[place:]:
        found.setdefault(label, []).append((start, end))
    if set(found) != {"PlaceName", "StateName", "ZipCode"}:
        return None
    spans = {key: _span(line, found[label]) for key, label in
             (("city", "PlaceName"), ("state", "StateName"), ("postal_code", "ZipCode"))}
    clean: dict[str, tuple[int, int]] = {k: s for k, s in spans.items() if s is not None}
    if len(clean) != 3:
        return None
    city, state, zip_code = (line[clean[k][0]:clean[k][1]] for k in ("city", "state", "postal_code"))
    digits = zip_code.replace("-", "").replace(" ", "")
    if not digits.isdigit() or len(digits) not in (5, 9) or state_code(state) is None:
        return None
    if not clean["city"][1] <= clean["state"][0] <= clean["postal_code"][0]:
        return None  # the order of a city line: city, state, ZIP
    return CityLine(city, state, zip_code, clean, clean["city"][0])
