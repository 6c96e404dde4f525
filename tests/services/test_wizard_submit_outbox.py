"""The wizard's Submit puts the order in the outbox (the background sync sends it from there) for the
connection that serves its profile; a provider without an API is only marked queued, as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portdesk.carriers import open_gateway
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.connections import ConnectionsService, new_connection
from portdesk.services.drafts import DraftService
from portdesk.services.queue import QueueService
from portdesk.services.sync import SyncService
from portdesk.store.connections import SqlConnectionStore
from portdesk.store.db import make_engine, migrate
from portdesk.store.outbox import SqlSyncStore
from portdesk.store.repos import SqlQueueStore

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


class NoSecrets:
    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, secret: str) -> None:
        raise AssertionError("no secret is stored by submitting")

    def delete(self, name: str) -> None:
        pass


@pytest.fixture
def store(tmp_path: Path) -> SqlQueueStore:
    engine = make_engine(f"sqlite:///{tmp_path / 'outbox.sqlite3'}")
    migrate(engine)
    return SqlQueueStore(engine)


@pytest.fixture
def connections(store: SqlQueueStore) -> ConnectionsService:
    return ConnectionsService(SqlConnectionStore(store.engine), NoSecrets(), open_gateway)  # type: ignore[arg-type]


def desk(store: SqlQueueStore, connections: ConnectionsService) -> tuple[DraftService, SyncService]:
    sync = SyncService(SqlSyncStore(store.engine), connections, lambda: NOW)

    def outbox(order_id: int, order: PortOrder, note: str) -> bool:
        return sync.queue_for_profile(order_id, order.profile or "kazoo", "alice", note) is not None

    return DraftService(store, "alice", clock=lambda: NOW, outbox=outbox), sync


def submitted(drafts: DraftService, profile: str) -> int:
    draft = drafts.create(PortOrder(name="ABC - Denver", kind="local", profile=profile))
    version = drafts.submit(draft.order_id, draft.order, draft.version, [])
    assert version == QueueService(drafts.store).detail(draft.order_id).version  # the version after the move
    return draft.order_id


def test_submit_queues_the_create_for_the_connection_serving_the_profile(store, connections) -> None:
    connections.add_sandbox(new_connection("kz", "kazoo", "http://127.0.0.1:9/kazoo/v2"))
    drafts, sync = desk(store, connections)
    order_id = submitted(drafts, "kazoo")
    sub = sync.submission(order_id)
    assert sub is not None and (sub.connection, sub.type) == ("kz", "kazoo")
    assert [i.action for i in sync.pending(order_id)] == ["create"]
    detail = QueueService(store).detail(order_id)
    assert detail.status is Status.QUEUED
    assert [e.text for e in detail.history if e.kind == "status"][-1].endswith("(submitted from the wizard)")


def test_with_no_connection_yet_the_order_waits_and_the_first_serving_connection_adopts_it(store, connections) -> None:
    drafts, sync = desk(store, connections)
    order_id = submitted(drafts, "telnyx")
    sub = sync.submission(order_id)
    assert sub is not None and sub.connection is None and [i.action for i in sync.pending(order_id)] == ["create"]
    connections.add_sandbox(new_connection("tx", "telnyx", "http://127.0.0.1:9/telnyx/v2"))
    sync._adopt_waiting(connections.connections())
    adopted = sync.submission(order_id)
    assert adopted is not None and adopted.connection == "tx"


def test_a_provider_without_an_api_is_only_marked_queued(store, connections) -> None:
    drafts, sync = desk(store, connections)
    order_id = submitted(drafts, "plivo")
    assert sync.submission(order_id) is None and sync.pending(order_id) == []
    assert QueueService(store).detail(order_id).status is Status.QUEUED
