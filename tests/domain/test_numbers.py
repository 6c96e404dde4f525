"""Classifying typed numbers with phonenumbers: validity, reasons, kinds, NPA-NXX, repeats."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portdesk.domain.numbers import classify, digits_only, mark_duplicates, to_e164


@pytest.mark.parametrize(
    "typed",
    ["(303) 555-0100", "303.555.0100", "1-303-555-0100", "+1 303 555 0100", "3035550100", "+13035550100"],
)
def test_common_us_shapes_normalise_to_the_same_e164(typed: str) -> None:
    entry = classify(typed, 4)
    assert entry.valid and entry.error is None
    assert entry.e164 == "+13035550100"
    assert (entry.kind, entry.country, entry.npa_nxx, entry.line, entry.input) == ("local", "US", "303555", 4, typed)


def test_fictional_555_01xx_numbers_are_valid_as_phonenumbers_says() -> None:
    assert to_e164("303-555-0199") == "+13035550199"


def test_toll_free_number_is_toll_free_with_its_npa_nxx() -> None:
    entry = classify("(800) 555-0100")
    assert (entry.kind, entry.npa_nxx) == ("toll_free", "800555")


def test_canadian_number_reports_canada() -> None:
    assert classify("416-555-0100").country == "CA"


def test_non_nanp_number_has_no_npa_nxx_and_its_own_country() -> None:
    entry = classify("+61 2 9374 4000")
    assert entry.valid and entry.country == "AU" and entry.npa_nxx is None


def test_uk_mobile_is_mobile() -> None:
    assert classify("+44 7400 123456").kind == "mobile"


def test_extension_keeps_the_number_valid_and_is_flagged() -> None:
    entry = classify("3035550100 x12")
    assert entry.valid and entry.e164 == "+13035550100" and entry.extension == "12"
    assert "extension 12" in entry.to_json()["note"]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("555-01", "too short"),
        ("303555010099999", "too long"),
        ("123-456-7890", "area code 123"),
        ("303-155-0100", "exchange 155"),
        ("call me", "no digits"),
        ("+999 1234 5678", "country code"),
    ],
)
def test_invalid_entries_say_why_in_words(typed: str, words: str) -> None:
    entry = classify(typed)
    assert not entry.valid and entry.e164 is None and entry.kind is None
    assert entry.error and words in entry.error


def test_json_shape_matches_the_cli_contract() -> None:
    assert set(classify("3035550100").to_json()) == {
        "line", "input", "e164", "kind", "country", "npa_nxx", "valid", "error", "duplicate", "losing_carrier",
    }


def test_only_repeats_are_flagged_as_duplicates() -> None:
    entries = mark_duplicates([classify("303-555-0100"), classify("+13035550101"), classify("3035550100")])
    assert [e.duplicate for e in entries] == [False, False, True]


def test_invalid_entries_are_never_duplicates_of_each_other() -> None:
    entries = mark_duplicates([classify("555-01"), classify("555-01")])
    assert [e.duplicate for e in entries] == [False, False]


def test_digits_only_keeps_digits() -> None:
    assert digits_only("+1 (303) 555-0100") == "13035550100"


_KINDS = {0: "local", 2: "local", 1: "mobile", 3: "toll_free"}


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["", "+1", "+44", "+61", "+31", "+7", "+39", "+262", "+599", "+1 684", "+1 787"]),
    st.text(alphabet="0123456789", min_size=4, max_size=12),
)
def test_classification_agrees_with_phonenumbers(prefix: str, digits: str) -> None:
    text = f"{prefix}{digits}"
    entry = classify(text)
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        assert not entry.valid
        return
    assert entry.valid == phonenumbers.is_valid_number(parsed)
    if entry.valid:
        assert entry.e164 == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        assert entry.country == phonenumbers.region_code_for_number(parsed)
        assert entry.kind == _KINDS.get(phonenumbers.number_type(parsed), "other")


def test_nanp_regions_sharing_country_code_one_are_told_apart() -> None:
    assert [classify(n).country for n in ("+1 787 555 0100", "+1 684 633 1234", "+1 876 555 0100")] == [
        "PR", "AS", "JM",
    ]


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"\A\+1[0-9]{10}\Z"))
def test_canonical_numbers_are_parsed_as_phonenumbers_does(text: str) -> None:
    """The stored E.164 form skips phonenumbers' general parser; what it builds must be what parse gives."""
    from portdesk.domain.numbers import _parse

    assert _parse(text, "US") == phonenumbers.parse(text, "US")
    assert classify(text).e164 == (text if phonenumbers.is_valid_number(phonenumbers.parse(text, "US")) else None)


def test_a_number_typed_two_ways_is_judged_the_same_and_keeps_its_own_line_and_text() -> None:
    first, again = classify("(303) 555-0142", 3, losing_carrier="Lumen"), classify("+13035550142", 9)
    assert (first.e164, again.e164, first.kind, again.kind) == ("+13035550142", "+13035550142", "local", "local")
    assert (first.line, first.input, first.losing_carrier) == (3, "(303) 555-0142", "Lumen")
    assert (again.line, again.input, again.losing_carrier) == (9, "+13035550142", None)
    assert classify("303-555-0142 x12").extension == "12" and classify("+13035550142").extension is None


def _nsn_variants(nsn: str, rnd: random.Random) -> list[str]:
    out = [nsn, nsn[:-1], nsn + "5", nsn[:-2] + "00"]
    for _ in range(6):
        keep = rnd.randint(1, len(nsn))
        out.append(nsn[:keep] + "".join(rnd.choice("0123456789") for _ in range(len(nsn) - keep)))
    return out


def test_the_type_of_every_regions_numbers_is_phonenumbers_own() -> None:
    """numbers._number_type answers with one fullmatch what phonenumbers' helper answers pattern by pattern:
    every region's example of every type, and numbers near them (other digits, one shorter, one longer)."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import _number_type_helper

    from portdesk.domain.numbers import _number_type

    rnd = random.Random(11)
    compared = 0
    metadatas = [PhoneMetadata.metadata_for_region(r) for r in sorted(phonenumbers.SUPPORTED_REGIONS)]
    metadatas += [PhoneMetadata.metadata_for_nongeo_region(c) for c in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)]
    for metadata in metadatas:
        assert metadata is not None
        for kind in phonenumbers.PhoneNumberType.values():
            example = (phonenumbers.example_number_for_type(metadata.id, kind) if metadata.id != "001"
                       else phonenumbers.example_number_for_non_geo_entity(metadata.country_code))
            if example is None:
                continue
            for nsn in _nsn_variants(phonenumbers.national_significant_number(example), rnd):
                assert _number_type(nsn, metadata) == _number_type_helper(nsn, metadata), (metadata.id, nsn)
                compared += 1
    assert compared > 5000


def test_north_american_numbers_get_phonenumbers_region_and_type() -> None:
    """Every area code (US, Canada, the Caribbean, toll-free, unassigned) with random exchanges and lines."""
    from portdesk.domain.numbers import _type_and_region

    rnd = random.Random(5)
    for area in range(200, 1000):
        for _ in range(4):
            text = f"+1{area}{rnd.randint(0, 9999999):07d}"
            parsed = phonenumbers.parse(text, "US")
            kind, region, nsn = _type_and_region(parsed)
            assert nsn == phonenumbers.national_significant_number(parsed)
            assert (kind != phonenumbers.PhoneNumberType.UNKNOWN) == phonenumbers.is_valid_number(parsed), text
            if kind != phonenumbers.PhoneNumberType.UNKNOWN:
                assert (kind, region) == (phonenumbers.number_type(parsed), phonenumbers.region_code_for_number(parsed))


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"\A[2-9][0-9]{9}\Z"))
def test_the_stored_form_is_judged_as_the_same_number_typed_another_way(digits: str) -> None:
    """+1XXXXXXXXXX skips phonenumbers' parser; "(XXX) XXX-XXXX" goes through it: the same verdict either way."""
    from portdesk.domain.numbers import forget_judgements

    forget_judgements()
    stored, typed = classify(f"+1{digits}"), classify(f"({digits[:3]}) {digits[3:6]}-{digits[6:]}")
    assert (stored.valid, stored.e164, stored.kind, stored.country, stored.npa_nxx, stored.extension) == (
        typed.valid, typed.e164, typed.kind, typed.country, typed.npa_nxx, typed.extension)
    if not stored.valid:
        assert stored.error == typed.error
