"""Alembic migrations shipped inside the package (configured in code, no alembic.ini).

The revision list is repeated here as plain data so start-up can compare revisions without
importing Alembic; a test checks it against the scripts in versions/.
"""

KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD_REVISION = KNOWN_REVISIONS[-1]
