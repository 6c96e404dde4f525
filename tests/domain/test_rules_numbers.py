"""Number rules: invalid, repeats, countries, kinds, limits, NPA-NXX, losing carriers."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from test_rules import CLEAN, GOOD_DOCS, codes

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import get_profile
from portdesk.domain.rules import check_order

TODAY = dt.date(2026, 11, 22)


def run(profile: str = "kazoo", **changes: Any) -> list:  # type: ignore[type-arg]
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    return check_order(PortOrder.from_dict(data), get_profile(profile), TODAY, documents=GOOD_DOCS)


def block(n: int, start: int = 1000, npa: str = "720555") -> list[str]:
    return [f"+1{npa}{i:04d}" for i in range(start, start + n)]


def test_invalid_number_is_an_error_on_its_index() -> None:
    found = run(numbers=["+13035550101", "555-01"])
    assert [(f.code, f.field) for f in found] == [("NUMBER_INVALID", "numbers[1]")]
    assert "too short" in found[0].message


def test_duplicate_is_a_warning_on_the_repeat() -> None:
    found = run(numbers=["+13035550101", "(303) 555-0101"])
    assert [(f.code, f.severity, f.field) for f in found] == [("NUMBER_DUPLICATE", "warning", "numbers[1]")]


def test_australian_number_on_plivo_is_unsupported_but_fine_on_telnyx() -> None:
    numbers = ["+13035550101", "+61 2 9374 4000"]
    assert ("NUMBER_COUNTRY_UNSUPPORTED", "numbers[1]") in [(f.code, f.field) for f in run("plivo", numbers=numbers)]
    assert "NUMBER_COUNTRY_UNSUPPORTED" not in codes(run("telnyx", numbers=numbers))


def test_canadian_number_is_unsupported_on_8x8_self_service_only() -> None:
    assert "NUMBER_COUNTRY_UNSUPPORTED" in codes(run("8x8", numbers=["+14165550100"]))
    assert "NUMBER_COUNTRY_UNSUPPORTED" not in codes(run("8x8-managed", numbers=["+14165550100"]))


def test_local_and_toll_free_together_are_mixed_kinds_not_a_kind_mismatch() -> None:
    found = codes(run(numbers=["+13035550101", "+18005550100"]))
    assert "MIXED_NUMBER_KINDS" in found and "KIND_MISMATCH" not in found


def test_plivo_allows_mixed_kinds() -> None:
    assert "MIXED_NUMBER_KINDS" not in codes(run("plivo", numbers=["+13035550101", "+18005550100"]))


def test_toll_free_numbers_on_a_local_order_are_a_kind_mismatch() -> None:
    found = run(numbers=["+18005550100", "+18885550100"])
    assert [(f.code, f.field) for f in found] == [("KIND_MISMATCH", "kind")]


def test_toll_free_order_with_toll_free_numbers_passes() -> None:
    assert run(kind="toll_free", numbers=["+18005550100"], account={**CLEAN["account"], "btn": "+18005550100"},
               port_type="full", new_btn=None) == []


def test_too_many_numbers_offers_to_split() -> None:
    found = [f for f in run(numbers=block(101)) if f.code == "TOO_MANY_NUMBERS"]
    assert len(found) == 1 and "2 orders" in found[0].message and "split" in found[0].message.lower()
    assert "TOO_MANY_NUMBERS" not in codes(run(numbers=block(100)))


def test_bandwidth_over_600_is_a_project_port_warning_not_an_error() -> None:
    found = run("bandwidth", numbers=block(601))
    assert [(f.code, f.severity) for f in found] == [("PROJECT_PORT", "warning")]
    assert run("bandwidth", numbers=block(600)) == []


def test_8x8_wants_one_npa_nxx_kazoo_does_not() -> None:
    numbers = ["+13035550101", "+13036660101"]
    assert "MULTIPLE_NPA_NXX" in codes(run("8x8", numbers=numbers))
    assert "MULTIPLE_NPA_NXX" not in codes(run("kazoo", numbers=numbers))


def test_known_different_losing_carriers_are_an_error() -> None:
    data = copy.deepcopy(CLEAN)
    order = PortOrder.from_dict(data)
    carriers = {"+13035550101": "Lumen", "+13035550102": "Comcast"}
    found = check_order(order, get_profile("kazoo"), TODAY, documents=GOOD_DOCS, carriers=carriers)
    assert codes(found) == ["MULTIPLE_LOSING_CARRIERS"]
    same = {"+13035550101": "Lumen", "+13035550102": "Lumen"}
    assert check_order(order, get_profile("kazoo"), TODAY, documents=GOOD_DOCS, carriers=same) == []


def test_order_file_can_record_carriers_per_number() -> None:
    found = run(number_carriers={"303-555-0101": "Lumen", "+13035550102": "Comcast"})
    assert codes(found) == ["MULTIPLE_LOSING_CARRIERS"]
