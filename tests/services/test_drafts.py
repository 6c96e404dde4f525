"""The wizard's draft use cases against a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portdesk.domain.findings import finding
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.services.drafts import (
    WIZARD_KEY,
    ConcurrentEdit,
    DraftService,
    NotResumable,
    SubmitRefused,
    wizard_state,
)
from portdesk.services.ports import NewDocument
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from tests.sqlite_template import migrated_url

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> SqlQueueStore:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'drafts.sqlite3'}"))
    migrate(engine)
    return SqlQueueStore(engine)


@pytest.fixture
def drafts(store: SqlQueueStore) -> DraftService:
    return DraftService(store, "alice", clock=lambda: NOW)


def test_a_new_draft_is_suspended_and_remembers_its_step(drafts: DraftService) -> None:
    draft = drafts.create(PortOrder(name="ABC - Denver", kind="local"), step=2)
    again = drafts.open(draft.order_id)
    assert again.status is Status.DRAFT
    assert again.step == 2
    assert again.order.name == "ABC - Denver"


def test_save_keeps_typed_values_and_the_step_in_the_order_files_unknown_keys(drafts: DraftService) -> None:
    draft = drafts.create(PortOrder())
    order = draft.order
    order.account.name = "ABC Company, Inc."
    order.account.service_address.extra["street_number"] = "1200"
    version = drafts.save(draft.order_id, order, draft.version, step=3)
    assert version == draft.version + 1
    again = drafts.open(draft.order_id)
    assert again.step == 3
    assert again.order.to_dict()[WIZARD_KEY] == {"step": 3}
    assert again.order.account.name == "ABC Company, Inc."
    assert again.order.account.service_address.extra == {"street_number": "1200"}


def test_a_stale_window_cannot_overwrite_a_newer_save(drafts: DraftService) -> None:
    draft = drafts.create(PortOrder(name="first"))
    drafts.save(draft.order_id, PortOrder(name="window one"), draft.version, step=1)
    with pytest.raises(ConcurrentEdit):
        drafts.save(draft.order_id, PortOrder(name="window two"), draft.version, step=1)
    assert drafts.open(draft.order_id).order.name == "window one"


def test_saving_often_writes_no_history_but_saving_for_later_does(store: SqlQueueStore,
                                                                  drafts: DraftService) -> None:
    draft = drafts.create(PortOrder(name="x"))
    version = draft.version
    for i in range(5):
        version = drafts.save(draft.order_id, PortOrder(name=f"x{i}"), version, step=0)
    drafts.save_for_later(draft.order_id, PortOrder(name="x"), version, step=4)
    history = QueueService(store).detail(draft.order_id).history
    assert [e.kind for e in history] == ["created", "edit"]
    assert "step 5 (loa)" in history[-1].text


def test_attached_documents_are_kept_and_the_newest_of_a_kind_wins(drafts: DraftService) -> None:
    draft = drafts.create(PortOrder())
    drafts.attach(draft.order_id, NewDocument("bill", "old.pdf", b"%PDF-1 old"))
    info = drafts.attach(draft.order_id, NewDocument("bill", "new.pdf", b"%PDF-1 new"),
                         text="LOA signed by Jane Doe", kind="signature", data={"signer": "Jane Doe"})
    again = drafts.open(draft.order_id)
    latest = again.latest("bill")
    assert latest is not None and latest.id == info.id
    assert drafts.document(latest.id).data == b"%PDF-1 new"


def test_submit_is_refused_while_errors_remain_and_queues_the_order_otherwise(drafts: DraftService) -> None:
    draft = drafts.create(PortOrder(name="ABC"))
    error = finding("BILL_MISSING", "documents.bill", "No bill")
    with pytest.raises(SubmitRefused, match="1 error"):
        drafts.submit(draft.order_id, draft.order, draft.version, [error])
    warning = finding("DATE_TOO_SOON", "requested_date", "soon")
    drafts.submit(draft.order_id, draft.order, draft.version, [warning])
    with pytest.raises(NotResumable):
        drafts.open(draft.order_id)


def test_a_comment_is_stored_apart_from_the_order(store: SqlQueueStore, drafts: DraftService) -> None:
    draft = drafts.create(PortOrder(name="ABC"))
    drafts.add_comment(draft.order_id, "Full account name: A Very Long Company Name Incorporated")
    detail = QueueService(store).detail(draft.order_id)
    assert detail.comments[0].text.startswith("Full account name")
    assert wizard_state(detail.order) == {"step": 0}
