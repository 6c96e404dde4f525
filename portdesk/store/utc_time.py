"""Stored times read straight into aware UTC datetimes, for reads of thousands of queue rows.

Times are stored as naive UTC (order_rows.to_db_time) and the services see them aware. Reading a
naive datetime and then calling `.replace(tzinfo=UTC)` on it cost five times the parse itself (a
keyword call per value), and a search lists thousands of rows. On SQLite the stored text is parsed
with its offset appended, one C call; other databases' drivers return datetimes, which get their
tzinfo as before. Only reads change: `UtcDateTime` is applied to selected columns with
`type_coerce`, so the stored text and the schema stay exactly as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

_UTC = dt.UTC
_parse = dt.datetime.fromisoformat
Processor = Callable[[Any], Any]


def _as_utc(read: Processor | None) -> Processor:
    """The column type's own reading, then UTC as the time zone: what every queue read did before."""
    def process(value: Any) -> dt.datetime | None:
        if value is None:
            return None
        parsed = read(value) if read is not None else value
        return parsed.replace(tzinfo=_UTC)  # type: ignore[no-any-return]

    return process


def _sqlite_text(fallback: Processor) -> Processor:
    def process(value: Any) -> dt.datetime | None:
        if value is None:
            return None
        try:
            parsed = _parse(value + "+00:00")
        except (TypeError, ValueError):  # not text, or text with an offset of its own
            return fallback(value)  # type: ignore[no-any-return]
        # "YYYY-MM-DD+00:00" parses as a naive midnight: only a parse that took the offset is the answer.
        return parsed if parsed.tzinfo is _UTC else fallback(value)  # type: ignore[no-any-return]

    return process


class UtcDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A DateTime column as read: aware, in UTC. Binds and DDL are DateTime's own."""

    impl = sa.DateTime
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Processor:
        # Overridden whole (not process_result_value) so a value costs one Python call, not two.
        fallback = _as_utc(self.impl_instance.result_processor(dialect, coltype))
        return _sqlite_text(fallback) if dialect.name == "sqlite" else fallback


def utc_column(column: sa.ColumnElement[Any], name: str) -> sa.Label[Any]:
    """`column` selected as `name`, read as an aware UTC datetime."""
    return sa.type_coerce(column, UtcDateTime()).label(name)
