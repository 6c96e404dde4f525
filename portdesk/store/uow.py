"""The unit of work: one session, one transaction, one commit per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portdesk.store.db import READ_ONLY, translated_errors


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """Commit when the block ends normally, roll back on any exception (nothing half-written).

    A unit that writes takes SQLite's write lock when it begins (waiting the busy timeout for
    another writer); `write=False` reads without taking it. Database failures come out as
    StoreError with a message in words.
    """
    bind = engine if write else engine.execution_options(**{READ_ONLY: True})
    with translated_errors(engine), Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
