"""The unit of work: one session, one transaction, one commit per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portdesk.store.db import translated_errors


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """Commit when the block ends normally, roll back on any exception (nothing half-written).

    Database failures come out as StoreError with a message in words.
    """
    with translated_errors(engine), Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
