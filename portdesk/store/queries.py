"""Queue queries: the search filter and keyset pagination (never OFFSET).

NULLs sort as the smallest value on every database (SQLite's own rule; PostgreSQL's default is the
opposite), so a nullable column is paged as two segments — the NULL rows ordered by id, and the
rest ordered by (column, id) — each of which walks the (tab, column, id) index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portdesk.services.ports import PageCursor, SearchFilter, SortValue
from portdesk.store.tables import NULLABLE_SORT_COLUMNS, SORT_COLUMNS, NumberRow, OrderRow

ORDERS = OrderRow.__table__  # type: ignore[attr-defined]
NUMBERS = NumberRow.__table__  # type: ignore[attr-defined]


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(search: SearchFilter, dialect: str) -> sa.ColumnElement[bool]:
    """Case-insensitive substring over name, account name and number; plus phone-number digits."""
    return _search_where(dialect, _like_pattern(search.text.lower()), _digits_pattern(search))


# A statement built once with these in place of the patterns runs for every search (search_params
# gives their values): building and keying a fresh statement cost as much as reading 200 rows.
_TEXT_PARAM = sa.bindparam("search_text", type_=sa.String())
_DIGITS_PARAM = sa.bindparam("search_digits", type_=sa.String())


def search_placeholders(dialect: str, digits: bool) -> sa.ColumnElement[bool]:
    """search_condition with its patterns as bind parameters, for a search with (or without) digits."""
    return _search_where(dialect, _TEXT_PARAM, _DIGITS_PARAM if digits else None)


def search_params(search: SearchFilter) -> dict[str, str]:
    """The values of search_placeholders' parameters for `search`."""
    params = {_TEXT_PARAM.key: _like_pattern(search.text.lower())}
    digits = _digits_pattern(search)
    if digits is not None:
        params[_DIGITS_PARAM.key] = digits
    return params


def _digits_pattern(search: SearchFilter) -> str | None:
    # digits are 0-9 only, so the pattern needs no escaping
    return f"%{search.digits}%" if search.digits else None


def _search_where(dialect: str, text: str | sa.BindParameter[str],
                  digits: str | sa.BindParameter[str] | None) -> sa.ColumnElement[bool]:
    """SQLite's LIKE already ignores (ASCII) case, exactly as its lower() does, so it gets a plain
    LIKE and skips three function calls per row; other databases get ILIKE."""
    text_columns = (ORDERS.c.name, ORDERS.c.account_name, ORDERS.c.account_number)
    conditions: list[sa.ColumnElement[bool]] = [
        col.like(text, escape="\\") if dialect == "sqlite" else col.ilike(text, escape="\\")
        for col in text_columns
    ]
    if digits is not None:
        # the (digits, order_id) index answers the subquery once per statement without reading the
        # numbers table.
        having_number = sa.select(NUMBERS.c.order_id).where(NUMBERS.c.digits.like(digits))
        conditions.append(ORDERS.c.id.in_(having_number))
    return sa.or_(*conditions)


def tab_order(tabs: Sequence[Enum]) -> sa.ColumnElement[int]:
    """Rows of `tabs` sort in the order the tabs are given (a CASE over the tab column)."""
    return sa.case({tab.value: i for i, tab in enumerate(tabs)}, value=ORDERS.c.tab, else_=len(tabs))


def db_value(value: SortValue) -> Any:
    """A cursor's sort value as the column stores it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _segment(columns: Sequence[sa.ColumnElement[Any]], where: list[sa.ColumnElement[bool]],
             col: sa.ColumnElement[Any], nulls: bool, nullable: bool, descending: bool,
             after: tuple[Any, int] | None, limit: int) -> sa.Select[Any]:
    idc = ORDERS.c.id
    query = sa.select(*columns).where(*where)
    if nulls:
        query = query.where(col.is_(None))
        if after is not None:
            query = query.where(idc < after[1] if descending else idc > after[1])
        order: list[Any] = [idc.desc() if descending else idc.asc()]
    else:
        if nullable:
            query = query.where(col.is_not(None))
        if after is not None:
            key, value = sa.tuple_(col, idc), sa.tuple_(sa.literal(after[0], col.type), sa.literal(after[1]))
            query = query.where(key < value if descending else key > value)
        order = [col.desc(), idc.desc()] if descending else [col.asc(), idc.asc()]
    return query.order_by(*order).limit(limit)


def keyset_page(session: Session, columns: Sequence[sa.ColumnElement[Any]],
                where: list[sa.ColumnElement[bool]], sort: str, descending: bool,
                after: PageCursor | None, limit: int) -> list[sa.Row[Any]]:
    col = ORDERS.c[SORT_COLUMNS[sort]]
    nullable = SORT_COLUMNS[sort] in NULLABLE_SORT_COLUMNS
    # Segments in display order: NULLs first ascending, last descending.
    segments = [False] if not nullable else ([False, True] if descending else [True, False])
    cursor: tuple[Any, int] | None = None
    if after is not None:
        value = db_value(after.value)
        in_nulls = nullable and value is None
        segments = segments[segments.index(in_nulls):]
        cursor = (value, after.id)
    rows: list[sa.Row[Any]] = []
    for nulls in segments:
        query = _segment(columns, where, col, nulls, nullable, descending, cursor, limit - len(rows))
        rows.extend(session.execute(query).all())
        if len(rows) >= limit:
            break
        cursor = None  # the next segment starts at its beginning
    return rows
