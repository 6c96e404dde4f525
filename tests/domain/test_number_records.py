"""The hand-written __init__ of the records made per number (NumberEntry, RawNumber, SplitGroup: the hot
path of `split`) builds exactly the frozen record their dataclass fields describe."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from portdesk.domain.number_input import RawNumber
from portdesk.domain.numbers import NumberEntry, classify, mark_duplicates
from portdesk.domain.split import SplitGroup


@pytest.mark.parametrize("record", [NumberEntry, RawNumber, SplitGroup])
def test_each_record_is_built_as_its_dataclass_would(record: type) -> None:
    fields = dataclasses.fields(record)
    params = list(inspect.signature(record.__init__).parameters.values())[1:]
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


@pytest.mark.parametrize(("record", "values"), [
    (RawNumber, {"line": 2, "text": "303-555-0100", "losing_carrier": "Lumen", "problem": None}),
    (SplitGroup, {"kind": "local", "npa_nxx": "303555", "losing_carrier": None, "numbers": ("+13035550100",)}),
])
def test_the_other_records_keep_every_value_and_stay_frozen(record: type, values: dict[str, object]) -> None:
    made = record(*values.values())
    assert dataclasses.asdict(made) == values and made == record(**values) and hash(made) == hash(record(**values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 3
