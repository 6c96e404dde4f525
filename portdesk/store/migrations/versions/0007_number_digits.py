"""numbers get a digits column (e164's digits only) and a (digits, order_id) index for phone search

Self-contained (no import from portdesk): the digits are filled in with SQL for the usual
separators, then in Python for anything else a number typed by hand may hold.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_NON_DIGIT = re.compile(r"\D")
_SEPARATORS = ("+", " ", "-", "(", ")", ".", "/")
_BATCH = 5000


def upgrade() -> None:
    op.add_column("numbers", sa.Column("digits", sa.String(40), nullable=False, server_default=""))
    bind = op.get_bind()
    stripped = "e164"
    for sep in _SEPARATORS:
        stripped = f"replace({stripped}, '{sep}', '')"
    bind.execute(sa.text(f"UPDATE numbers SET digits = {stripped}"))
    # What the separators above did not cover (letters, other punctuation): fix in Python.
    leftover = ("digits GLOB '*[^0-9]*'" if bind.dialect.name == "sqlite" else "digits ~ '[^0-9]'")
    rows = bind.execute(sa.text(f"SELECT id, e164 FROM numbers WHERE {leftover}")).all()
    for start in range(0, len(rows), _BATCH):
        bind.execute(sa.text("UPDATE numbers SET digits = :digits WHERE id = :id"),
                     [{"id": i, "digits": _NON_DIGIT.sub("", e164)} for i, e164 in rows[start:start + _BATCH]])
    op.create_index("ix_numbers_digits_order_id", "numbers", ["digits", "order_id"])


def downgrade() -> None:
    op.drop_index("ix_numbers_digits_order_id", table_name="numbers")
    with op.batch_alter_table("numbers") as batch:
        batch.drop_column("digits")
