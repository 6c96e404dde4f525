"""Desktop notifications come from the order events and the orders' state: FOC, rejection, completion and a
cut-off approaching, each said once; off in settings; a desktop without a tray shows nothing and breaks nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.events import OrderEvents
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.services.queue import QueueService
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import SyncJobRunner
from portdesk.ui.order_signals import OrderSignals
from portdesk.ui.sync.notifications import OPEN_TABS, Known, OrderNotifier, rejection_words
from tests.ui.conftest import order_data

NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)  # a Monday afternoon


class Watch:
    def __init__(self, qtbot: Any, store: SqlQueueStore, runner: SyncJobRunner, **kwargs: Any) -> None:
        self.qtbot = qtbot
        self.hub = OrderEvents()
        self.queue = QueueService(store, events=self.hub)
        self.signals = OrderSignals(self.hub)
        self.catalogue = ProfileCatalogue.build(None)
        self.seen: list[tuple[str, str, int]] = []
        self.kwargs = kwargs
        self.runner = runner
        self.notifier: OrderNotifier | None = None

    def add(self, status: Status, profile: str = "telnyx", name: str = "Denver office") -> int:
        data = order_data(0, profile=profile, name=name)
        (order_id,) = self.queue.create_orders([PortOrder.from_dict(data)], "tester", status=status)
        return order_id

    def start(self, **over: Any) -> OrderNotifier:
        options = {"profile_of": self.catalogue.for_order, "clock": lambda: NOW} | self.kwargs | over
        self.notifier = OrderNotifier(self.queue.rows, lambda: [Known.of(r) for r in self.queue.search_rows(OPEN_TABS)],
                                      self.runner, **options)
        self.notifier.raised.connect(lambda *args: self.seen.append(args))
        self.notifier.start(self.signals)
        return self.notifier

    def settle(self) -> None:
        self.qtbot.wait(450)  # past the notifier's batching of a burst of events


@pytest.fixture
def watch(qtbot, store, runner) -> Iterator[Watch]:
    yield Watch(qtbot, store, runner)


def test_foc_then_completion_are_each_said_once_from_the_orders_state(watch: Watch) -> None:
    order_id = watch.add(Status.PENDING)
    watch.start()
    watch.queue.change_status(order_id, Status.FOC_CONFIRMED, "tx")
    watch.queue.set_foc_date(order_id, dt.date(2026, 12, 16), "tx")
    watch.qtbot.waitUntil(lambda: len(watch.seen) == 1)
    assert watch.seen == [("FOC confirmed", "Denver office: the numbers port on Wed 16 Dec 2026.", order_id)]
    watch.queue.add_comment(order_id, "a note, not news", "tx")  # an event that changes neither
    watch.settle()
    watch.queue.change_status(order_id, Status.COMPLETED, "tx")
    watch.qtbot.waitUntil(lambda: len(watch.seen) == 2)
    assert watch.seen[1] == ("Port completed", "Denver office: 1 number(s) ported.", order_id)
    watch.settle()
    assert len(watch.seen) == 2


def test_a_rejection_names_the_reasons_in_the_catalogues_words_beside_the_providers(watch: Watch) -> None:
    order_id = watch.add(Status.PENDING)
    said = [{"reason": "name_mismatch", "code": "ENTITY_NAME_MISMATCH", "text": "End user name does not match the CSR"}]
    watch.start(reasons=lambda oid: said if oid == order_id else [])
    watch.queue.change_status(order_id, Status.EXCEPTION, "tx")
    watch.qtbot.waitUntil(lambda: len(watch.seen) == 1)
    title, text, oid = watch.seen[0]
    assert (title, oid) == ("Order rejected", order_id)
    assert text == ("Denver office: The account name does not match the losing carrier's records "
                    "(“End user name does not match the CSR”)")


def test_an_unknown_reason_is_other_and_the_providers_words_are_cut_at_80_characters() -> None:
    (words,) = rejection_words([{"reason": "no-such-id", "code": "9", "text": "x" * 200}])
    assert words.endswith("(“" + "x" * 80 + "”)") and len(words) < 200


def test_a_cutoff_starting_within_a_day_is_said_once_and_one_further_away_is_not(watch: Watch) -> None:
    near = watch.add(Status.FOC_CONFIRMED, profile="telnyx", name="Near")  # Telnyx: 48 h before the FOC day
    far = watch.add(Status.FOC_CONFIRMED, profile="telnyx", name="Far")
    watch.queue.set_foc_date(near, dt.date(2026, 12, 10), "tx")  # cut-off Tue 8 Dec 00:00 UTC: in 9 hours
    watch.queue.set_foc_date(far, dt.date(2026, 12, 18), "tx")
    notifier = watch.start()
    watch.qtbot.waitUntil(lambda: len(watch.seen) == 1)
    title, text, oid = watch.seen[0]
    assert (title, oid) == ("Cut-off approaching", near)
    assert text.startswith("Near: the Telnyx porting orders cut-off begins ") and "(FOC 10 Dec)" in text
    notifier.check_cutoffs()
    assert len(watch.seen) == 1  # said once


def test_notifications_off_in_settings_say_nothing(watch: Watch) -> None:
    order_id = watch.add(Status.PENDING)
    notifier = watch.start(enabled=False)
    watch.queue.change_status(order_id, Status.COMPLETED, "tx")
    watch.settle()
    assert watch.seen == []
    notifier.enabled = True  # turned on again in Settings: the next change is said
    other = watch.add(Status.DRAFT)
    watch.settle()
    watch.queue.change_status(other, Status.CANCELLED, "tester")
    watch.settle()
    assert watch.seen == []  # a cancel by hand is not one of the four kinds of news


def test_an_order_first_seen_after_start_is_news_from_its_next_change_on(watch: Watch) -> None:
    watch.start()
    order_id = watch.add(Status.PENDING)  # made while the app runs (the wizard, an import)
    watch.settle()
    assert watch.seen == []
    watch.queue.change_status(order_id, Status.EXCEPTION, "tx")
    watch.qtbot.waitUntil(lambda: len(watch.seen) == 1)
    assert watch.seen[0][0] == "Order rejected" and "see the order for the carrier's words" in watch.seen[0][1]
