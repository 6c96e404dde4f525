"""The SQL SyncStore (services/outbox.py): submissions, outbox items and per-connection sync state.

A unit of work here shares its session with the queue's repository, so a change pulled from a
carrier lands in the order and in its submission in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portdesk.services.outbox import CarrierPart, OutboxItem, Submission, SyncState
from portdesk.store.repos import SqlOrderRepository, _new_id, from_db_time, to_db_time
from portdesk.store.tables import OutboxRow, SubmissionRow, SyncStateRow
from portdesk.store.uow import unit_of_work

SUBMISSIONS = SubmissionRow.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]
SYNC_STATE = SyncStateRow.__table__  # type: ignore[attr-defined]


def _time(value: dt.datetime | None) -> dt.datetime | None:
    return from_db_time(value) if value is not None else None


def _feed(text: str | None) -> dict[str, Any] | None:
    """The stored event-log mark; anything unreadable is no mark (the next cycle reads every order)."""
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _db(value: dt.datetime | None) -> dt.datetime | None:
    return to_db_time(value) if value is not None else None


def _submission(r: Any) -> Submission:
    return Submission(
        order_id=r.order_id, connection=r.connection, type=r.type, key=r.key, queued_at=from_db_time(r.queued_at),
        sent_at=_time(r.sent_at), last_synced_at=_time(r.last_synced_at),
        carrier_orders=[CarrierPart.from_json(p) for p in json.loads(r.carrier_orders or "[]")],
        rejections=list(json.loads(r.rejections or "[]")), seen=dict(json.loads(r.seen or "{}")))


class SqlSyncRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.orders = SqlOrderRepository(session, dialect)

    # -- submissions -------------------------------------------------------------------------------
    def submission(self, order_id: int) -> Submission | None:
        row = self.session.execute(sa.select(SUBMISSIONS).where(SUBMISSIONS.c.order_id == order_id)).first()
        return _submission(row) if row is not None else None

    def save_submission(self, s: Submission) -> None:
        values = {"connection": s.connection, "type": s.type, "key": s.key, "queued_at": to_db_time(s.queued_at),
                  "sent_at": _db(s.sent_at), "last_synced_at": _db(s.last_synced_at),
                  "carrier_orders": json.dumps([p.to_json() for p in s.carrier_orders]),
                  "rejections": json.dumps(s.rejections, ensure_ascii=False),
                  "seen": json.dumps(s.seen, ensure_ascii=False)}
        updated = self.session.execute(sa.update(SUBMISSIONS).where(SUBMISSIONS.c.order_id == s.order_id)
                                       .values(**values))
        if not getattr(updated, "rowcount", 0):
            self.session.execute(sa.insert(SUBMISSIONS).values(order_id=s.order_id, **values))

    def submissions_at(self, connection: str) -> list[Submission]:
        rows = self.session.execute(sa.select(SUBMISSIONS).where(SUBMISSIONS.c.connection == connection)
                                    .order_by(SUBMISSIONS.c.order_id)).all()
        return [_submission(r) for r in rows]

    def waiting_submissions(self) -> list[Submission]:
        rows = self.session.execute(sa.select(SUBMISSIONS).where(SUBMISSIONS.c.connection.is_(None),
                                                                 SUBMISSIONS.c.type != "manual")).all()
        return [_submission(r) for r in rows]

    def touch_synced(self, order_ids: Sequence[int], now: dt.datetime) -> None:
        when = to_db_time(now)
        for start in range(0, len(order_ids), 500):  # below every engine's bound-parameter limit
            chunk = list(order_ids[start:start + 500])
            self.session.execute(sa.update(SUBMISSIONS).where(SUBMISSIONS.c.order_id.in_(chunk))
                                 .values(last_synced_at=when))

    def mark_notes_read(self, order_ids: Sequence[int], now: dt.datetime) -> None:
        # A read and a write per 500 orders, not per order: a pull over 1,000 orders otherwise spent
        # 0.3-0.5 s on 2,000 statements back to back, which kept the GUI thread from the interpreter.
        when = now.isoformat()
        ids = list(dict.fromkeys(order_ids))
        update = (sa.update(SUBMISSIONS).where(SUBMISSIONS.c.order_id == sa.bindparam("oid"))
                  .values(seen=sa.bindparam("new_seen")))
        for start in range(0, len(ids), 500):  # below every engine's bound-parameter limit
            chunk = ids[start:start + 500]
            rows = self.session.execute(sa.select(SUBMISSIONS.c.order_id, SUBMISSIONS.c.seen)
                                        .where(SUBMISSIONS.c.order_id.in_(chunk))).all()
            changed = [{"oid": r.order_id, "new_seen": json.dumps(dict(json.loads(r.seen or "{}"), notes_at=when),
                                                                  ensure_ascii=False)} for r in rows]
            if changed:
                self.session.execute(update, changed)

    # -- outbox ------------------------------------------------------------------------------------
    def add_item(self, order_id: int, action: str, payload: dict[str, Any], now: dt.datetime) -> int:
        when = to_db_time(now)
        result = self.session.execute(sa.insert(OUTBOX).values(
            order_id=order_id, action=action, payload=json.dumps(payload, ensure_ascii=False), state="queued",
            attempts=0, created_at=when, updated_at=when))
        return _new_id(result)

    def items(self, order_id: int | None = None, states: Sequence[str] = ("queued", "sending")) -> list[OutboxItem]:
        query = sa.select(OUTBOX).where(OUTBOX.c.state.in_(list(states))).order_by(OUTBOX.c.id)
        if order_id is not None:
            query = query.where(OUTBOX.c.order_id == order_id)
        return [OutboxItem(r.id, r.order_id, r.action, dict(json.loads(r.payload or "{}")), r.state, r.attempts,
                           r.error, from_db_time(r.created_at)) for r in self.session.execute(query)]

    def set_item(self, item_id: int, state: str, now: dt.datetime, *, error: str | None = None,
                 payload: dict[str, Any] | None = None, attempt: bool = False) -> None:
        values: dict[str, Any] = {"state": state, "error": error, "updated_at": to_db_time(now)}
        if payload is not None:
            values["payload"] = json.dumps(payload, ensure_ascii=False)
        if attempt:
            values["attempts"] = OUTBOX.c.attempts + 1
        self.session.execute(sa.update(OUTBOX).where(OUTBOX.c.id == item_id).values(**values))

    # -- per connection ----------------------------------------------------------------------------
    def sync_state(self, connection: str) -> SyncState:
        r = self.session.execute(sa.select(SYNC_STATE).where(SYNC_STATE.c.connection == connection)).first()
        if r is None:
            return SyncState(connection)
        feed = _feed(r.feed)
        return SyncState(connection, r.failures, _time(r.next_attempt_at), r.last_error, _time(r.last_success_at),
                         feed)

    def save_sync_state(self, state: SyncState) -> None:
        values = {"failures": state.failures, "next_attempt_at": _db(state.next_attempt_at),
                  "last_error": state.last_error, "last_success_at": _db(state.last_success_at),
                  "feed": json.dumps(state.feed) if state.feed is not None else None}
        updated = self.session.execute(sa.update(SYNC_STATE).where(SYNC_STATE.c.connection == state.connection)
                                       .values(**values))
        if not getattr(updated, "rowcount", 0):
            self.session.execute(sa.insert(SYNC_STATE).values(connection=state.connection, **values))


class SqlSyncStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def unit_of_work(self) -> Iterator[SqlSyncRepository]:
        with unit_of_work(self.engine) as session:
            yield SqlSyncRepository(session, self.engine.dialect.name)
