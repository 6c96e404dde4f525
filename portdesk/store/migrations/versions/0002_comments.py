"""comments on orders get their own table (moved out of the order JSON, where 0001 kept them)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_comments_order_id", "comments", ["order_id"])
    _move_comments_out_of_json()


def _when(text: object, fallback: dt.datetime) -> dt.datetime:
    if isinstance(text, str):
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            return fallback
        if value.tzinfo:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    return fallback


def _move_comments_out_of_json() -> None:
    conn = op.get_bind()
    orders = sa.table("orders", sa.column("id", sa.Integer), sa.column("data", sa.Text),
                      sa.column("updated_at", sa.DateTime))
    comments = sa.table("comments", sa.column("order_id", sa.Integer), sa.column("at", sa.DateTime),
                        sa.column("author", sa.String), sa.column("text", sa.Text))
    rows = conn.execute(sa.select(orders.c.id, orders.c.data, orders.c.updated_at)
                        .where(orders.c.data.like('%"comments"%'))).all()
    for order_id, data, updated_at in rows:
        doc = json.loads(data)
        found = doc.pop("comments", None)
        if not isinstance(found, list):
            continue
        new_rows = [
            {"order_id": order_id, "at": _when(c.get("at"), updated_at),
             "author": str(c.get("author") or "unknown"), "text": str(c["text"])}
            for c in found if isinstance(c, dict) and isinstance(c.get("text"), str)
        ]
        if new_rows:
            conn.execute(comments.insert(), new_rows)
        conn.execute(orders.update().where(orders.c.id == order_id).values(data=json.dumps(doc)))


def downgrade() -> None:
    op.drop_index("ix_comments_order_id", table_name="comments")
    op.drop_table("comments")
