"""carrier connections get a table (name, type, URL, account, user, auth; never the secret)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("account", sa.String(200), nullable=True),
        sa.Column("user", sa.String(200), nullable=True),
        sa.Column("auth", sa.String(20), nullable=True),
        sa.Column("profiles", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("options", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("connections")
