"""Splitting a number list: fewest compliant orders, deterministic, nothing dropped."""

from __future__ import annotations

import math
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from portdesk.domain.numbers import NumberEntry, classify, mark_duplicates
from portdesk.domain.profiles import get_profile
from portdesk.domain.split import draft_names, split_numbers

PREFIXES = ["303555", "720555", "303556", "800555", "888555"]
CARRIERS = [None, "Lumen", "Comcast"]

entry_specs = st.lists(
    st.tuples(st.sampled_from(PREFIXES), st.integers(0, 60), st.sampled_from(CARRIERS)), min_size=0, max_size=140
)
profile_ids = st.sampled_from(["kazoo", "plivo", "8x8", "bandwidth", "telnyx"])


def entries_from(specs: list[tuple[str, int, str | None]]) -> list[NumberEntry]:
    # A number keeps the carrier of its first listing, as split does.
    carrier_of: dict[str, str | None] = {}
    out = []
    for line, (prefix, last, carrier) in enumerate(specs, start=1):
        text = f"+1{prefix}{last + 100:04d}"
        carrier = carrier_of.setdefault(text, carrier)
        out.append(classify(text, line, losing_carrier=carrier))
    return mark_duplicates(out)


@settings(max_examples=80, deadline=None)
@given(entry_specs, profile_ids)
def test_every_valid_number_lands_in_exactly_one_compliant_group(specs, profile_id) -> None:  # type: ignore[no-untyped-def]
    profile = get_profile(profile_id)
    entries = entries_from(specs)
    result = split_numbers(entries, profile)
    placed = [n for g in result.groups for n in g.numbers]
    assert Counter(placed) == Counter({e.e164 for e in entries if e.valid})
    by_number = {e.e164: e for e in entries if not e.duplicate}
    for group in result.groups:
        members = [by_number[n] for n in group.numbers]
        assert {m.kind for m in members} == {group.kind}
        assert not profile.split_size or len(group.numbers) <= profile.split_size
        if profile.one_npa_nxx:
            assert {m.npa_nxx for m in members} == {group.npa_nxx}
        if profile.one_losing_carrier:
            assert {m.losing_carrier for m in members} == {group.losing_carrier}
        assert list(group.numbers) == sorted(group.numbers)


@settings(max_examples=80, deadline=None)
@given(entry_specs, profile_ids)
def test_the_number_of_groups_is_the_lower_bound(specs, profile_id) -> None:  # type: ignore[no-untyped-def]
    profile = get_profile(profile_id)
    entries = [e for e in entries_from(specs) if not e.duplicate]
    # Numbers that must not share an order: different kind, or NPA-NXX / carrier where demanded.
    classes = Counter(
        (e.kind, e.npa_nxx if profile.one_npa_nxx else None, e.losing_carrier if profile.one_losing_carrier else None)
        for e in entries
    )
    cap = profile.split_size
    bound = sum(math.ceil(n / cap) if cap else 1 for n in classes.values())
    assert len(split_numbers(entries, profile).groups) == bound


@settings(max_examples=60, deadline=None)
@given(entry_specs, profile_ids, st.randoms(use_true_random=False))
def test_split_is_deterministic_whatever_the_input_order(specs, profile_id, rnd: random.Random) -> None:  # type: ignore[no-untyped-def]
    profile = get_profile(profile_id)
    entries = [e for e in entries_from(specs) if not e.duplicate]
    shuffled = entries[:]
    rnd.shuffle(shuffled)
    first, second = split_numbers(entries, profile), split_numbers(shuffled, profile)
    assert first.groups == second.groups
    keys = [(g.kind, g.losing_carrier or "", g.npa_nxx or "", g.numbers) for g in first.groups]
    assert keys == sorted(keys)


def test_8x8_splits_by_npa_nxx_and_carrier_then_sorts() -> None:
    entries = [
        classify("+17205550100", 1, losing_carrier="Lumen"),
        classify("+13035550101", 2, losing_carrier="Lumen"),
        classify("+13035550100", 3, losing_carrier="Comcast"),
        classify("+18005550100", 4, losing_carrier="Lumen"),
    ]
    groups = [g.to_json() for g in split_numbers(entries, get_profile("8x8")).groups]
    assert groups == [
        {"kind": "local", "npa_nxx": "303555", "losing_carrier": "Comcast", "numbers": ["+13035550100"]},
        {"kind": "local", "npa_nxx": "303555", "losing_carrier": "Lumen", "numbers": ["+13035550101"]},
        {"kind": "local", "npa_nxx": "720555", "losing_carrier": "Lumen", "numbers": ["+17205550100"]},
        {"kind": "toll_free", "npa_nxx": "800555", "losing_carrier": "Lumen", "numbers": ["+18005550100"]},
    ]


def test_kazoo_cuts_250_numbers_into_100_100_50() -> None:
    entries = [classify(f"+1303555{i:04d}", i) for i in range(1000, 1250)]
    groups = split_numbers(entries, get_profile("kazoo")).groups
    assert [len(g.numbers) for g in groups] == [100, 100, 50]
    assert groups[0].numbers[0] == "+13035551000" and (groups[0].npa_nxx, groups[0].losing_carrier) == (None, None)


def test_bandwidth_cuts_at_its_automated_limit_so_no_group_becomes_a_project_port() -> None:
    # Bandwidth has no hard maximum, but above 600 an order becomes a slower project port (cli.md).
    entries = [classify(f"+1303555{i:04d}", i) for i in range(1000, 2300)]
    groups = split_numbers(entries, get_profile("bandwidth")).groups
    assert [len(g.numbers) for g in groups] == [600, 600, 100]


def test_invalid_duplicate_and_unserved_numbers_are_listed_apart() -> None:
    entries = mark_duplicates(
        [classify("303-555-0100", 1), classify("555-01", 2), classify("(303) 555-0100", 3),
         classify("+61 2 9374 4000", 4)]
    )
    result = split_numbers(entries, get_profile("8x8"))
    assert [g.numbers for g in result.groups] == [("+13035550100",)]
    data = result.to_json()
    assert data["invalid"] == [{"line": 2, "input": "555-01", "error": entries[1].error}]
    assert [d["line"] for d in data["duplicates"]] == [3]
    assert [(u["line"], u["country"]) for u in data["unsupported"]] == [(4, "AU")]
    assert result.has_errors


def test_draft_names_count_the_parts() -> None:
    assert draft_names("ABC", 3) == ["ABC (1/3)", "ABC (2/3)", "ABC (3/3)"]
