"""The losing carriers' judgement and a port's life on the simulated clock, without HTTP."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from portdesk.demo.orders import ORDERS, build_order
from portdesk.sandbox import judge as J
from portdesk.sandbox.clock import Scheduler, SimClock
from portdesk.sandbox.lifecycle import (
    CANCEL_PENDING,
    CANCELLED,
    COMPLETED,
    EXCEPTION,
    FOC,
    Lifecycle,
    RuleError,
)
from portdesk.sandbox.world import WorldError, bundled_world, load_world, parse_world

MONDAY = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)


def world(strictness: str = "exact", **extra: object) -> object:
    account = {"losing_carrier": "Lumen", "strictness": strictness,
               "account": {"name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": "4321",
                           "btn": "+13035550100", "authorized_user": "Jane Doe",
                           "service_address": {"line1": "1200 Market Street", "line2": "Suite 400",
                                               "city": "Denver", "state": "CO", "postal_code": "80202"}},
               "numbers": ["+13035550100", "+13035550101", "+13035550102"], **extra}
    other = {"losing_carrier": "AT&T", "account": {"name": "Other Co", "btn": "+13125550100",
                                                   "service_address": {"line1": "1 Main St", "city": "Chicago",
                                                                       "state": "IL", "postal_code": "60601"}},
             "numbers": ["+13125550100"]}
    return parse_world({"accounts": [account, other]})


def good_facts(**change: object) -> J.OrderFacts:
    facts = J.OrderFacts(numbers=["+13035550100", "+13035550101", "+13035550102"], name="ABC Company, Inc.",
                         account_number="8812-5520-01", pin="4321", btn="+13035550100", authorized_user="Jane Doe",
                         line1="1200 Market Street", line2="Suite 400", city="Denver", state="CO",
                         postal_code="80202", port_type="full")
    for key, value in change.items():
        setattr(facts, key, value)
    return facts


def reasons(w: object, facts: J.OrderFacts) -> list[str]:
    return [f.reason for f in J.judge(w, facts)[1]]  # type: ignore[arg-type]


def test_an_order_matching_the_account_passes() -> None:
    assert reasons(world(), good_facts()) == []


@pytest.mark.parametrize(("change", "reason"), [
    ({"name": "ABC Company Inc"}, J.NAME),
    ({"authorized_user": "John Doe"}, J.AUTH_PERSON),
    ({"line1": "1201 Market Street"}, J.ADDRESS),
    ({"postal_code": "80203"}, J.ADDRESS),
    ({"account_number": "8812-5520-02"}, J.ACCOUNT_NUMBER),
    ({"pin": "1234"}, J.PIN),
    ({"btn": "+13035550101"}, J.BTN),
    ({"numbers": ["+13035550100", "+13035550101"], "port_type": "partial"}, J.MAIN_BTN),
    ({"numbers": ["+13035550101"], "port_type": "full"}, J.PORT_TYPE),
    ({"numbers": ["+13035550100", "+13035550101", "+13035550102", "+13125550100"]}, J.NOT_ON_ACCOUNT),
    ({"numbers": ["+19705550100"]}, J.NOT_PORTABLE),
])
def test_each_mismatch_is_its_own_reason(change: dict[str, object], reason: str) -> None:
    assert reason in reasons(world(), good_facts(**change))


def test_a_partial_port_naming_a_new_btn_that_stays_passes() -> None:
    facts = good_facts(numbers=["+13035550100", "+13035550101"], port_type="partial", new_btn="+13035550102")
    assert reasons(world(), facts) == []


def test_lenient_carrier_forgives_case_punctuation_and_abbreviations_but_not_other_words() -> None:
    forgiven = good_facts(name="abc company inc", line1="1200 MARKET ST.", line2="Ste 400", account_number="8812552001")
    assert reasons(world("exact"), forgiven) == [J.NAME, J.ADDRESS]
    assert reasons(world("lenient"), forgiven) == []
    assert reasons(world("lenient"), good_facts(name="ABC Corp")) == [J.NAME]


def test_features_and_pending_orders_are_refused() -> None:
    assert J.FEATURE in reasons(world(features=["dsl"]), good_facts())
    assert J.PENDING in reasons(world(pending_order=True), good_facts())
    assert J.NOT_PORTABLE in reasons(world(features=["disconnected"]), good_facts())


def test_a_bad_world_file_is_one_line_naming_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps({"accounts": [{"losing_carrier": "X", "account": {"name": "A"}, "numbers": ["12"]}]}))
    with pytest.raises(WorldError, match=r"numbers\[0\].*not a US/Canada phone number"):
        load_world(bad)
    bad.write_text("{nope")
    with pytest.raises(WorldError, match="not valid JSON"):
        load_world(bad)
    with pytest.raises(WorldError, match="no such file"):
        load_world(tmp_path / "missing.json")


def test_the_bundled_world_holds_every_demo_order_and_judges_the_demo_stories() -> None:
    w = bundled_world()
    verdicts = {}
    for spec in ORDERS:
        order = build_order(spec, MONDAY.date())
        a = order.account
        facts = J.OrderFacts(numbers=list(order.numbers), name=a.name, account_number=a.number, pin=a.pin,
                             btn=a.btn, authorized_user=a.authorized_user, line1=a.service_address.line1,
                             line2=a.service_address.line2, city=a.service_address.city,
                             state=a.service_address.state, postal_code=a.service_address.postal_code,
                             port_type=order.port_type, new_btn=order.new_btn)
        verdicts[spec.name] = [f.reason for f in J.judge(w, facts)[1]]
    assert verdicts["Cedar Ridge Veterinary Clinic"] == [J.NAME]
    assert verdicts["Northgate Auto Body"] == [J.ADDRESS]
    assert verdicts["Evergreen Senior Living - Tacoma"] == [J.FEATURE]
    assert verdicts["Copperleaf Accounting Group"] == []
    assert verdicts["Silver Creek Chiropractic"] == []


def make_lifecycle(w: object = None) -> tuple[SimClock, Lifecycle]:
    clock = SimClock(speed=1.0, start=MONDAY, monotonic=lambda: 0.0)
    return clock, Lifecycle(w or world(), Scheduler(clock))  # type: ignore[arg-type]


def run_until(clock: SimClock, life: Lifecycle, when: dt.datetime) -> None:
    clock.advance(when - clock.now())
    life.scheduler.run_due()


def test_a_clean_port_gets_its_requested_business_day_then_completes_number_by_number() -> None:
    clock, life = make_lifecycle()
    port = life.create("t", good_facts(), requested=dt.datetime(2026, 12, 16, 16, 0, tzinfo=dt.UTC))
    life.submit(port)
    run_until(clock, life, MONDAY + dt.timedelta(hours=6))
    assert port.state == FOC
    assert port.foc == dt.datetime(2026, 12, 16, 16, 0, tzinfo=dt.UTC)
    run_until(clock, life, dt.datetime(2026, 12, 16, 16, 1, tzinfo=dt.UTC))
    assert list(port.number_status.values()) == ["ported", "ported", "foc_confirmed"]
    run_until(clock, life, dt.datetime(2026, 12, 16, 16, 5, tzinfo=dt.UTC))
    assert port.state == COMPLETED


def test_a_date_inside_the_minimum_interval_or_on_a_holiday_moves_to_the_next_business_day() -> None:
    account = bundled_world().accounts[0]
    too_soon = Lifecycle.foc_for(MONDAY + dt.timedelta(days=1), account, MONDAY)
    assert too_soon.date() == dt.date(2026, 12, 10)  # Monday + 3 business days
    christmas = Lifecycle.foc_for(dt.datetime(2026, 12, 25, 15, tzinfo=dt.UTC), account, MONDAY)
    assert christmas.date() == dt.date(2026, 12, 28)  # Friday holiday → Monday


def test_a_supplement_after_an_exception_is_judged_again_and_reaches_foc() -> None:
    clock, life = make_lifecycle()
    port = life.create("t", good_facts(name="ABC Co"))
    life.submit(port)
    run_until(clock, life, MONDAY + dt.timedelta(hours=6))
    assert port.state == EXCEPTION and [f.reason for f in port.failures] == [J.NAME]
    life.supplement(port, good_facts(), None)
    life.submit(port, "Resubmitted")
    run_until(clock, life, MONDAY + dt.timedelta(hours=12))
    assert port.state == FOC and port.failures == []


def test_a_cancel_refused_by_the_cut_off_changes_nothing_and_an_allowed_one_completes_later() -> None:
    clock, life = make_lifecycle()
    port = life.create("t", good_facts())
    life.submit(port)
    with pytest.raises(RuleError, match="too late"):
        life.cancel(port, lambda p, now: "too late")
    assert port.state != CANCEL_PENDING
    assert life.cancel(port, lambda p, now: None) is False
    assert port.state == CANCEL_PENDING
    run_until(clock, life, MONDAY + dt.timedelta(hours=3))
    assert port.state == CANCELLED  # the review step scheduled before the cancel did nothing
