"""the outbox and what PortDesk knows of each sent order: submissions, outbox items, per-connection sync state

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), primary_key=True),
        sa.Column("connection", sa.String(64), nullable=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("key", sa.String(100), nullable=False, unique=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(), nullable=True),
        sa.Column("carrier_orders", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("rejections", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("seen", sa.Text(), nullable=False, server_default="{}"),
    )
    op.create_index("ix_submissions_connection", "submissions", ["connection"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_outbox_state_order", "outbox", ["state", "order_id"])
    op.create_table(
        "sync_state",
        sa.Column("connection", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_index("ix_outbox_state_order", "outbox")
    op.drop_table("outbox")
    op.drop_index("ix_submissions_connection", "submissions")
    op.drop_table("submissions")
