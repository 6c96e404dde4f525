"""Split a number list into the fewest orders a provider accepts.

A group holds one kind of number; at most the profile's split size (its maximum, or the
automated limit above which the provider makes a slower project port); one NPA-NXX when the profile
demands it; one losing carrier when the profile demands it and the carrier is known. Grouping
keys are independent, so the fewest orders is one group per key, cut into ceil(n / max) pieces.
The result is deterministic: groups sorted by kind, carrier, NPA-NXX, then by their numbers.
Invalid entries, repeats and numbers of countries the profile does not serve are listed apart,
never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from portdesk.domain.numbers import NumberEntry
from portdesk.domain.profiles import Profile


@dataclass(frozen=True, init=False)
class SplitGroup:
    kind: str
    npa_nxx: str | None
    losing_carrier: str | None
    numbers: tuple[str, ...]

    def __init__(self, kind: str, npa_nxx: str | None, losing_carrier: str | None, numbers: tuple[str, ...]) -> None:
        # One per NPA-NXX for the profiles that split by it (thousands for a long list): the instance dict
        # written at once, not through object.__setattr__ per field (see NumberEntry).
        d = self.__dict__
        d["kind"], d["npa_nxx"], d["losing_carrier"], d["numbers"] = kind, npa_nxx, losing_carrier, numbers

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "npa_nxx": self.npa_nxx,
            "losing_carrier": self.losing_carrier,
            "numbers": list(self.numbers),
        }


@dataclass(frozen=True)
class SplitResult:
    profile: str
    groups: tuple[SplitGroup, ...]
    invalid: tuple[NumberEntry, ...] = ()
    duplicates: tuple[NumberEntry, ...] = field(default=())
    unsupported: tuple[NumberEntry, ...] = field(default=())  # valid, but a country the profile does not serve

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "groups": [g.to_json() for g in self.groups],
            "invalid": [{"line": e.line, "input": e.input, "error": e.error} for e in self.invalid],
            "duplicates": [{"line": e.line, "input": e.input, "e164": e.e164} for e in self.duplicates],
            "unsupported": [
                {"line": e.line, "input": e.input, "e164": e.e164, "country": e.country} for e in self.unsupported
            ],
        }

    @property
    def has_errors(self) -> bool:
        return bool(self.invalid or self.unsupported)


def _sort_key(group: SplitGroup) -> tuple[str, bool, str, bool, str, tuple[str, ...]]:
    return (
        group.kind,
        group.losing_carrier is not None,
        group.losing_carrier or "",
        group.npa_nxx is not None,
        group.npa_nxx or "",
        group.numbers,
    )


def split_numbers(entries: Iterable[NumberEntry], profile: Profile) -> SplitResult:
    """The fewest groups of the valid numbers that each satisfy `profile`."""
    buckets: dict[tuple[str, str | None, str | None], list[str]] = {}
    seen: set[str] = set()
    invalid: list[NumberEntry] = []
    duplicates: list[NumberEntry] = []
    unsupported: list[NumberEntry] = []
    # Looked up once, not per number (a list runs to 10,000): the grouping keys the profile asks for, and
    # whether it serves a country (a list holds a handful of countries).
    by_carrier, by_npa_nxx = profile.one_losing_carrier, profile.one_npa_nxx
    served: dict[str | None, bool] = {}
    for entry in entries:
        e164 = entry.e164
        if not entry.valid or e164 is None:
            invalid.append(entry)
            continue
        if e164 in seen:
            duplicates.append(entry)
            continue
        seen.add(e164)
        country = entry.country
        serves = served.get(country)
        if serves is None:
            serves = served[country] = profile.serves(country)
        if not serves:
            unsupported.append(entry)
            continue
        key = (entry.kind or "other", entry.losing_carrier if by_carrier else None, entry.npa_nxx if by_npa_nxx else None)
        buckets.setdefault(key, []).append(e164)
    size = profile.split_size
    groups: list[SplitGroup] = []
    for (kind, carrier, npa_nxx), numbers in buckets.items():
        numbers.sort()
        step = size or len(numbers)
        for i in range(0, len(numbers), step):
            groups.append(SplitGroup(kind, npa_nxx, carrier, tuple(numbers[i : i + step])))
    groups.sort(key=_sort_key)
    return SplitResult(profile.id, tuple(groups), tuple(invalid), tuple(duplicates), tuple(unsupported))


def draft_names(name: str, count: int) -> list[str]:
    """`<name> (i/n)` for each of `count` drafts."""
    return [f"{name} ({i}/{count})" for i in range(1, count + 1)]
