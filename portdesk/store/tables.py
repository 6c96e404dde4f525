"""The queue's tables. Portable SQL only (SQLite by default, PostgreSQL for a team).

`orders` carries denormalised queue columns (what the list shows, sorts and searches by); the full
order file as JSON sits beside it in `order_data`, so the queue never parses JSON to draw a page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portdesk.domain.numbers import digits_only

# Indexes (tab, <sort column>, id): the queue pages one tab in one sort order by keyset.
SORT_COLUMNS = {
    "name": "name",
    "account": "account_name",
    "status": "status",
    "numbers": "number_count",
    "carrier": "losing_carrier",
    "profile": "profile",
    "requested_date": "requested_date",
    "foc_date": "foc_date",
    "updated_at": "updated_at",
}
NULLABLE_SORT_COLUMNS = frozenset({"account_name", "losing_carrier", "profile", "requested_date", "foc_date"})


class OrderRow(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = tuple(
        sa.Index(f"ix_orders_tab_{col}", "tab", col, "id") for col in SORT_COLUMNS.values()
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(300))
    account_name: str | None = Field(default=None, sa_type=sa.String(300))
    account_number: str | None = Field(default=None, sa_type=sa.String(100))
    status: str = Field(sa_type=sa.String(40))
    tab: str = Field(sa_type=sa.String(20))
    number_count: int = 0
    losing_carrier: str | None = Field(default=None, sa_type=sa.String(200))
    profile: str | None = Field(default=None, sa_type=sa.String(100))
    requested_date: dt.date | None = Field(default=None, sa_type=sa.Date)
    foc_date: dt.date | None = Field(default=None, sa_type=sa.Date)
    created_at: dt.datetime = Field(sa_type=sa.DateTime)
    updated_at: dt.datetime = Field(sa_type=sa.DateTime)
    version: int = 1


class OrderDataRow(SQLModel, table=True):
    """The full order file (PortOrder.to_dict) as JSON, one row per order (migration 0003).

    Kept out of `orders` so the queue's scans (search, counts) read narrow rows: at 100,000
    orders this makes a search about eight times faster.
    """

    __tablename__ = "order_data"

    order_id: int = Field(foreign_key="orders.id", primary_key=True)
    data: str = Field(sa_type=sa.Text)


def _digits_of_e164(context: Any) -> str:
    """The number's digits, filled in on every insert so no writer can forget them."""
    return digits_only(context.get_current_parameters().get("e164") or "")


class NumberRow(SQLModel, table=True):
    """`digits` (migration 0006): the e164 column's digits only, so a phone search matches numbers
    stored as typed too; the (digits, order_id) index lets a search read the narrow index once
    instead of the table."""

    __tablename__ = "numbers"
    __table_args__ = (sa.Index("ix_numbers_digits_order_id", "digits", "order_id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    position: int = 0
    e164: str = Field(sa_type=sa.String(40), index=True)  # the text as typed when it is not valid
    status: str = Field(default="pending", sa_type=sa.String(40))
    digits: str = Field(sa_column=sa.Column("digits", sa.String(40), nullable=False, default=_digits_of_e164,
                                            server_default=""))


class DocumentRow(SQLModel, table=True):
    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    kind: str = Field(sa_type=sa.String(20))
    filename: str = Field(sa_type=sa.String(300))
    mime: str = Field(sa_type=sa.String(100))
    size: int
    sha256: str = Field(sa_type=sa.String(64))
    data: bytes = Field(sa_type=sa.LargeBinary)
    added_at: dt.datetime = Field(sa_type=sa.DateTime)


class EventRow(SQLModel, table=True):
    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    at: dt.datetime = Field(sa_type=sa.DateTime)
    author: str = Field(sa_type=sa.String(200))
    kind: str = Field(sa_type=sa.String(40))
    text: str = Field(sa_type=sa.Text)
    data: str | None = Field(default=None, sa_type=sa.Text)  # JSON


class CommentRow(SQLModel, table=True):
    """Added by migration 0002; `extra` (the comment's unknown order-file keys, JSON) by 0004."""

    __tablename__ = "comments"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    at: dt.datetime = Field(sa_type=sa.DateTime)
    author: str = Field(sa_type=sa.String(200))
    text: str = Field(sa_type=sa.Text)
    extra: str | None = Field(default=None, sa_type=sa.Text)  # JSON object of unknown keys


class ConnectionRow(SQLModel, table=True):
    """A carrier connection (migration 0005). Never a secret: that lives in the OS keyring."""

    __tablename__ = "connections"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.String(64), unique=True)
    type: str = Field(sa_type=sa.String(20))
    url: str = Field(sa_type=sa.String(500))
    account: str | None = Field(default=None, sa_type=sa.String(200))
    user: str | None = Field(default=None, sa_type=sa.String(200))
    auth: str | None = Field(default=None, sa_type=sa.String(20))
    profiles: str = Field(default="[]", sa_type=sa.Text)  # JSON list of profile ids it serves
    options: str = Field(default="{}", sa_type=sa.Text)  # JSON object of provider settings
    created_at: dt.datetime = Field(sa_type=sa.DateTime)


class SubmissionRow(SQLModel, table=True):
    """What PortDesk knows of an order it sent (migration 0006): where, under which key, the carrier's ids.

    `key` is the order's idempotency key, made once at submit and sent with every create.
    """

    __tablename__ = "submissions"
    __table_args__ = (sa.Index("ix_submissions_connection", "connection"),)

    order_id: int = Field(foreign_key="orders.id", primary_key=True)
    connection: str | None = Field(default=None, sa_type=sa.String(64))
    type: str = Field(sa_type=sa.String(20))
    key: str = Field(sa_type=sa.String(100), unique=True)
    queued_at: dt.datetime = Field(sa_type=sa.DateTime)
    sent_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime)
    last_synced_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime)
    carrier_orders: str = Field(default="[]", sa_type=sa.Text)  # JSON [{id, status, numbers}]
    rejections: str = Field(default="[]", sa_type=sa.Text)  # JSON, the latest exception's reasons
    seen: str = Field(default="{}", sa_type=sa.Text)  # JSON: raw statuses and note keys already recorded


class OutboxRow(SQLModel, table=True):
    """One queued send (migration 0006): queued → sending → sent | failed, each step its own commit."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_state_order", "state", "order_id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    action: str = Field(sa_type=sa.String(20))  # create | supplement | cancel | comment
    payload: str = Field(default="{}", sa_type=sa.Text)  # JSON
    state: str = Field(sa_type=sa.String(20))
    attempts: int = 0
    error: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = Field(sa_type=sa.DateTime)
    updated_at: dt.datetime = Field(sa_type=sa.DateTime)


class SyncStateRow(SQLModel, table=True):
    """Per connection (migration 0006): failures in a row and when to try again (back-off survives restarts)."""

    __tablename__ = "sync_state"

    connection: str = Field(sa_type=sa.String(64), primary_key=True)
    failures: int = 0
    next_attempt_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime)
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    last_success_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime)
    feed: str | None = Field(default=None, sa_type=sa.Text)  # migration 0008: the event log's mark (JSON)
