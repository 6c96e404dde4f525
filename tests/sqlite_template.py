"""A SQLite queue file already at the schema's head, for tests whose subject is not the migration.

Running every alembic script on a new file costs 0.3–1 s; copying a file migrated once per test
process costs a few milliseconds, and `migrate()` on the copy is then its one-query no-op, as it
is for every user after the first start. The migration tests themselves (tests/store/
test_migrations.py and the like) keep starting from empty files.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()
_template: Path | None = None
# Where the template goes, fixed at import (conftest): a test that points tempfile at a private folder
# to prove nothing is left in /tmp must not find the template there.
_TMP = tempfile.gettempdir()


def _migrated_template() -> Path:
    global _template
    with _lock:
        if _template is None:
            from portdesk.store.db import make_engine, migrate

            folder = Path(tempfile.mkdtemp(prefix="portdesk-sqlite-template-", dir=_TMP))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "queue.sqlite3"
            engine = make_engine(f"sqlite:///{path}")
            migrate(engine)
            engine.dispose()  # the last connection closes: the WAL is checkpointed into the file
            _template = path
        return _template


def migrated_sqlite(path: Path) -> str:
    """A SQLite URL for `path`, which is made a copy of the migrated template unless it exists."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_migrated_template(), path)
    return f"sqlite:///{path}"


def migrated_url(url: str) -> str:
    """`migrated_sqlite` for a plain SQLite file URL; any other URL unchanged."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and "?" not in url and not url.startswith(prefix + "file:"):
        return migrated_sqlite(Path(url.removeprefix(prefix)))
    return url


def stamped_sqlite(path: Path, revision: str) -> str:
    """`migrated_sqlite` whose schema says `revision` (a database to upgrade, or one from a newer PortDesk)."""
    url = migrated_sqlite(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    db.close()
    return url
