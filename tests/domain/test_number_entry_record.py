"""NumberEntry's hand-written __init__ (one per judged number, the hot path of `split`) builds exactly the
frozen record its dataclass fields describe."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from portdesk.domain.numbers import NumberEntry, classify, mark_duplicates


def test_number_entry_is_built_as_its_dataclass_would() -> None:
    fields = dataclasses.fields(NumberEntry)
    params = list(inspect.signature(NumberEntry.__init__).parameters.values())[1:]
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert all(f.default_factory is dataclasses.MISSING and f.init for f in fields)


def test_a_number_entry_keeps_every_value_given_by_position_or_name() -> None:
    values = dict(line=3, input="303-555-0100", valid=True, e164="+13035550100", kind="local", country="US",
                  npa_nxx="303555", error=None, duplicate=True, losing_carrier="Lumen", extension="12")
    by_position = NumberEntry(*values.values())
    by_name = NumberEntry(**values)
    assert dataclasses.asdict(by_position) == values == dataclasses.asdict(by_name)
    assert by_position == by_name and hash(by_position) == hash(by_name)


def test_a_number_entry_stays_frozen_and_replace_still_works() -> None:
    entry = classify("(303) 555-0100")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.e164 = "+13035550101"  # type: ignore[misc]
    again = mark_duplicates([entry, classify("303.555.0100")])[1]
    assert again.duplicate and again.e164 == entry.e164 and dataclasses.replace(again, duplicate=False) == classify(
        "303.555.0100")
    assert NumberEntry(1, "x", False) == NumberEntry(1, "x", False, None, None, None, None, None, False, None, None)
