"""sync_state gets a feed column: where a connection's event log was last read up to (JSON)

The Telnyx pull reads `/porting/events` since the last cycle's high-water mark instead of every
order; the mark is the provider's own time, kept per connection with when the last full read ran.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_state", sa.Column("feed", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("feed")
