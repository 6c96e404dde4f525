"""Telephone numbers: parse, normalise to E.164, classify.

phonenumbers is allowed in the domain: it is pure data and code, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType, ValidationResult

# The region search already computes the type: reuse it instead of asking twice. These two names
# have been in phonenumbers for a decade; test_classification_agrees_with_phonenumbers guards them.
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, _number_type_helper

DEFAULT_REGION = "US"

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:
    from typing import Any, Literal

    NumberKind = Literal["local", "toll_free", "mobile", "other"]
else:
    NumberKind = str  # at run time only a name in annotations and aliases, which are never introspected
KIND_ORDER: tuple[NumberKind, ...] = ("local", "toll_free", "mobile", "other")

# US numbers are nearly all FIXED_LINE_OR_MOBILE: a geographic number is "local" for porting.
_KIND_OF_TYPE: dict[int, NumberKind] = {
    PhoneNumberType.FIXED_LINE: "local",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "local",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
}


def _valid_number(text: str, region: str = DEFAULT_REGION) -> phonenumbers.PhoneNumber | None:
    """The parsed number when the text is a valid telephone number, None otherwise."""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def to_e164(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164 (`+13035550100`), or None when the text is not a valid number."""
    judged = _judged(text.strip(), region)
    return judged[1] if judged[0] else None


_NON_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")


def digits_only(text: str) -> str:
    return _NON_DIGIT.sub("", text)


@dataclass(frozen=True, init=False)
class NumberEntry:
    """One number as read and judged: what was typed, where, and what it is."""

    line: int
    input: str
    valid: bool
    e164: str | None = None
    kind: NumberKind | None = None
    country: str | None = None
    npa_nxx: str | None = None
    error: str | None = None
    duplicate: bool = False
    losing_carrier: str | None = None
    extension: str | None = None

    def __init__(self, line: int, input: str, valid: bool, e164: str | None = None,
                 kind: NumberKind | None = None, country: str | None = None, npa_nxx: str | None = None,
                 error: str | None = None, duplicate: bool = False, losing_carrier: str | None = None,
                 extension: str | None = None) -> None:
        # The dataclass's own __init__ of a frozen class sets each field through object.__setattr__: 1.8 µs
        # for these eleven, and `split` makes one per number. Writing the instance's dict costs a third.
        # test_each_record_is_built_as_its_dataclass_would keeps the parameters those of the fields.
        d = self.__dict__
        d["line"], d["input"], d["valid"], d["e164"], d["kind"], d["country"] = line, input, valid, e164, kind, country
        d["npa_nxx"], d["error"], d["duplicate"] = npa_nxx, error, duplicate
        d["losing_carrier"], d["extension"] = losing_carrier, extension

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line": self.line,
            "input": self.input,
            "e164": self.e164,
            "kind": self.kind,
            "country": self.country,
            "npa_nxx": self.npa_nxx,
            "valid": self.valid,
            "error": self.error,
            "duplicate": self.duplicate,
            "losing_carrier": self.losing_carrier,
        }
        if self.extension:
            out["extension"] = self.extension
            out["note"] = f"extension {self.extension} is not ported; only the main number moves"
        return out


def _parse_error(exc: phonenumbers.NumberParseException, text: str) -> str:
    kind = exc.error_type
    if kind == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return "unknown country code (a number outside North America must start with + and its country code)"
    if kind == phonenumbers.NumberParseException.NOT_A_NUMBER:
        return "not a phone number"
    if kind in (phonenumbers.NumberParseException.TOO_SHORT_NSN, phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD):
        return f"too short ({len(digits_only(text))} digits; a US number has 10)"
    return f"too long ({len(digits_only(text))} digits)"


def _invalid_reason(parsed: phonenumbers.PhoneNumber) -> str:
    national = str(parsed.national_number)
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    nanp = parsed.country_code == 1
    if reason == ValidationResult.TOO_SHORT:
        return f"too short ({len(national)} digits" + ("; a US number has 10)" if nanp else ")")
    if reason == ValidationResult.TOO_LONG:
        return f"too long ({len(national)} digits" + ("; a US number has 10)" if nanp else ")")
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return f"unknown country code +{parsed.country_code}"
    if reason == ValidationResult.INVALID_LENGTH:
        return f"wrong length ({len(national)} digits) for country code +{parsed.country_code}"
    if nanp and len(national) == 10:
        if national[0] in "01":
            return f"area code {national[:3]} cannot start with {national[0]}"
        if national[3] in "01":
            return f"exchange {national[3:6]} cannot start with {national[3]}"
        return f"area code {national[:3]} is not in service in North America"
    return f"not a number in use for country code +{parsed.country_code}"


def classify(text: str, line: int = 1, *, losing_carrier: str | None = None, region: str = DEFAULT_REGION) -> NumberEntry:
    """Judge one typed number: valid or not (with the reason in words), E.164, kind, country."""
    valid, e164, kind, country, npa_nxx, error, extension = _judged(text.strip(), region)
    return NumberEntry(line, text, valid, e164, kind, country, npa_nxx, error,
                       losing_carrier=losing_carrier, extension=extension)


# (valid, e164, kind, country, npa_nxx, error, extension): what a number's text says, wherever it is typed
_Judgement = tuple[bool, str | None, NumberKind | None, str | None, str | None, str | None, str | None]

# One process judges the same number several times: reading an order file normalises each number to
# E.164, then the checks classify that E.164. Each judgement is kept (under the text and under its
# E.164), so a number is parsed once per process. Bounded: emptied when full.
_JUDGED: dict[tuple[str, str], _Judgement] = {}
_JUDGED_MAX = 8192


def forget_judgements() -> None:
    """Empty the kept judgements (a benchmark measuring one judgement's whole work calls it)."""
    _JUDGED.clear()


def _judged(cleaned: str, region: str) -> _Judgement:
    key = (cleaned, region)
    judged = _JUDGED.get(key)
    if judged is None:
        judged = _judge(cleaned, region)
        if len(_JUDGED) >= _JUDGED_MAX:
            _JUDGED.clear()
        _JUDGED[key] = judged
        e164 = judged[1]
        if e164 is not None and e164 != cleaned:
            _JUDGED.setdefault((e164, region), (*judged[:6], None) if judged[6] else judged)
    return judged


# The form PortDesk stores every North American number in. phonenumbers.parse of such a text comes to
# exactly PhoneNumber(country_code=1, national_number=int(rest)): no extension, no national prefix to strip
# (the area code cannot start with 1), no leading zero. Building it directly skips the general parser (2/3
# of a judgement); test_canonical_numbers_are_parsed_as_phonenumbers_does guards the equivalence.
_CANONICAL_NANP = re.compile(r"\+1[2-9][0-9]{9}")


def _parse(cleaned: str, region: str) -> phonenumbers.PhoneNumber:
    if _CANONICAL_NANP.fullmatch(cleaned):
        return phonenumbers.PhoneNumber(country_code=1, national_number=int(cleaned[2:]))
    return phonenumbers.parse(cleaned, region)


def _judge(cleaned: str, region: str) -> _Judgement:
    if _CANONICAL_NANP.fullmatch(cleaned):  # the stored form: its national number is the text after +1
        number_type, country = _type_in_regions(1, cleaned[2:])
        if number_type != PhoneNumberType.UNKNOWN:
            return (True, cleaned, _KIND_OF_TYPE.get(number_type, "other"), country, cleaned[2:8], None, None)
    if not _DIGIT.search(cleaned):
        return (False, None, None, None, None, "not a phone number (no digits)", None)
    try:
        parsed = _parse(cleaned, region)
    except phonenumbers.NumberParseException as exc:
        return (False, None, None, None, None, _parse_error(exc, cleaned), None)
    extension = parsed.extension or None
    number_type, country, national = _type_and_region(parsed)
    if number_type == PhoneNumberType.UNKNOWN:
        return (False, None, None, None, None, _invalid_reason(parsed), None)
    npa_nxx = national[:6] if parsed.country_code == 1 else None
    return (True, f"+{parsed.country_code}{national}", _KIND_OF_TYPE.get(number_type, "other"), country, npa_nxx,
            None, extension)


def _type_and_region(parsed: phonenumbers.PhoneNumber) -> tuple[int, str | None, str]:
    """(number type, region, national significant number) in one pass.

    The type is UNKNOWN exactly when phonenumbers calls the number invalid. This follows
    phonenumbers' own region_code_for_number + is_valid_number, which together run the type
    patterns of the matching region twice; once is enough (see the equivalence test).
    """
    nsn = phonenumbers.national_significant_number(parsed)
    return (*_type_in_regions(parsed.country_code or 0, nsn), nsn)


def _type_in_regions(country_code: int, nsn: str) -> tuple[int, str | None]:
    """(number type, region) of the national significant number `nsn` under `country_code`."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(country_code)
    if not regions:
        return PhoneNumberType.UNKNOWN, None
    if len(regions) == 1:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, regions[0])
        kind = _number_type(nsn, metadata) if metadata is not None else PhoneNumberType.UNKNOWN
        return kind, regions[0]
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is None:
            continue
        if metadata.leading_digits is not None:
            if _leading(metadata.leading_digits).match(nsn):
                return _number_type(nsn, metadata), region
        else:
            kind = _number_type(nsn, metadata)
            if kind != PhoneNumberType.UNKNOWN:
                return kind, region
    return PhoneNumberType.UNKNOWN, None


# phonenumbers' _number_type_helper tries a region's type patterns one after the other, each through four
# Python calls (length check, compile-cache lookup, match, fullmatch): ~13 µs a number, more than parsing
# it. The same patterns as one alternation answer in one fullmatch: the regular expression engine takes
# the alternatives in order, so the first type whose pattern matches the whole number is the one found,
# as in the helper. One table per region and number length (a type whose possible lengths exclude it is
# left out, as the helper skips it). The equivalence test compares the two over every region's examples.
_TYPE_ORDER = (PhoneNumberType.PREMIUM_RATE, PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST,
               PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER, PhoneNumberType.UAN,
               PhoneNumberType.VOICEMAIL, PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)
_DESC_OF_TYPE = {PhoneNumberType.PREMIUM_RATE: "premium_rate", PhoneNumberType.TOLL_FREE: "toll_free",
                 PhoneNumberType.SHARED_COST: "shared_cost", PhoneNumberType.VOIP: "voip",
                 PhoneNumberType.PERSONAL_NUMBER: "personal_number", PhoneNumberType.PAGER: "pager",
                 PhoneNumberType.UAN: "uan", PhoneNumberType.VOICEMAIL: "voicemail",
                 PhoneNumberType.FIXED_LINE: "fixed_line", PhoneNumberType.MOBILE: "mobile"}
# A pattern that could change meaning inside a bigger one (its own groups, a back reference, inline flags)
_NOT_COMBINABLE = re.compile(r"\\[0-9]|\((?!\?:)")

_TypeTable = tuple["re.Pattern[str] | None", "re.Pattern[str] | None", tuple[int, ...], "re.Pattern[str] | None"]
_TYPE_TABLES: dict[tuple[int, str | None, int], _TypeTable | None] = {}


def _number_type(nsn: str, metadata: PhoneMetadata) -> int:
    """phonenumbers' _number_type_helper(nsn, metadata), with one fullmatch for the types."""
    key = (metadata.country_code or 0, metadata.id, len(nsn))
    if key not in _TYPE_TABLES:
        _TYPE_TABLES[key] = _type_table(metadata, len(nsn))
    table = _TYPE_TABLES[key]
    if table is None:  # a pattern that cannot be combined: phonenumbers' own way
        return int(_number_type_helper(nsn, metadata))
    general, combined, kinds, mobile = table
    if general is None or not general.fullmatch(nsn):
        return PhoneNumberType.UNKNOWN
    found = combined.fullmatch(nsn) if combined is not None else None
    if found is None:
        return PhoneNumberType.UNKNOWN
    kind = kinds[found.lastindex - 1 if found.lastindex else 0]
    if kind != PhoneNumberType.FIXED_LINE:
        return kind
    also_mobile = metadata.same_mobile_and_fixed_line_pattern or (mobile is not None and mobile.fullmatch(nsn))
    return PhoneNumberType.FIXED_LINE_OR_MOBILE if also_mobile else kind


def _desc_pattern(desc: Any, length: int) -> str | None:
    """The pattern phonenumbers would try for a number of this length (None: it would not match)."""
    if desc is None or not desc.national_number_pattern:
        return None
    if desc.possible_length and length not in desc.possible_length:
        return None
    return str(desc.national_number_pattern)


def _type_table(metadata: PhoneMetadata, length: int) -> _TypeTable | None:
    general = _desc_pattern(metadata.general_desc, length)
    kinds: list[int] = []
    parts: list[str] = []
    for kind in _TYPE_ORDER:
        if kind == PhoneNumberType.MOBILE and metadata.same_mobile_and_fixed_line_pattern:
            continue  # the helper asks for mobile only when its pattern differs from fixed line's
        pattern = _desc_pattern(getattr(metadata, _DESC_OF_TYPE[kind]), length)
        if pattern is not None:
            kinds.append(kind)
            parts.append(pattern)
    if any(_NOT_COMBINABLE.search(p) for p in parts):
        return None
    # asked only when its pattern differs from fixed line's (compiling the same long pattern again: ~0.7 ms)
    mobile = None if metadata.same_mobile_and_fixed_line_pattern else _desc_pattern(metadata.mobile, length)
    return (re.compile(general) if general is not None else None,
            re.compile("|".join(f"({p})" for p in parts)) if parts else None, tuple(kinds),
            re.compile(mobile) if mobile is not None else None)


@lru_cache(maxsize=256)
def _leading(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def mark_duplicates(entries: Iterable[NumberEntry]) -> list[NumberEntry]:
    """Flag each repeat of a number already listed (the first one stays unflagged)."""
    seen: set[str] = set()
    out: list[NumberEntry] = []
    for entry in entries:
        if entry.e164 is not None and entry.e164 in seen:
            out.append(replace(entry, duplicate=True))
        else:
            if entry.e164 is not None:
                seen.add(entry.e164)
            out.append(entry)
    return out


def is_toll_free(kind: str | None) -> bool:
    return kind == "toll_free"


# The documents and the screens read and show numbers through these, so phonenumbers stays in this
# room (an import-linter contract holds the wall).

def judge_nanp(digits: str) -> tuple[str, bool] | None:
    """(E.164, toll-free) of a valid number dialled the North American way, None otherwise."""
    parsed = _valid_number(digits)
    if parsed is None:
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE


def is_toll_free_number(number: str) -> bool | None:
    """Whether a number (any format) is toll-free; None when it cannot be read at all."""
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return bool(phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE)


def international_numbers_in(text: str) -> Iterable[tuple[int, int, str, str]]:
    """(start, end, raw text, E.164) of each non-North-American number written in `text`."""
    for found in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION):
        if found.number.country_code == 1:
            continue
        e164 = phonenumbers.format_number(found.number, phonenumbers.PhoneNumberFormat.E164)
        yield found.start, found.end, found.raw_string, e164


def display_number(number: str) -> str:
    """As people read it: (303) 555-0100 in North America, +44 20 … elsewhere; the text as typed when
    it is not a valid number (a document must still show it; the checks flag it)."""
    parsed = _valid_number(number)
    if parsed is None:
        return number
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 1
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, style)
