"""The SQL ConnectionStore (services/connections.py): carrier connections, never their secrets."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from portdesk.services.connections import Connection, ConnectionProblem
from portdesk.store.tables import ConnectionRow
from portdesk.store.uow import unit_of_work

CONNECTIONS = ConnectionRow.__table__  # type: ignore[attr-defined]


def _from_row(row: Any) -> Connection:
    return Connection(name=row.name, type=row.type, url=row.url, account=row.account, user=row.user,
                      auth=row.auth, profiles=tuple(json.loads(row.profiles or "[]")),
                      options=dict(json.loads(row.options or "{}")))


class SqlConnectionStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def list_connections(self) -> list[Connection]:
        with unit_of_work(self._engine) as session:
            rows = session.execute(sa.select(CONNECTIONS).order_by(CONNECTIONS.c.name)).all()
        return [_from_row(r) for r in rows]

    def get_connection(self, name: str) -> Connection | None:
        with unit_of_work(self._engine) as session:
            row = session.execute(sa.select(CONNECTIONS).where(CONNECTIONS.c.name == name)).first()
        return _from_row(row) if row is not None else None

    def add_connection(self, connection: Connection) -> None:
        values = {"name": connection.name, "type": connection.type, "url": connection.url,
                  "account": connection.account, "user": connection.user, "auth": connection.auth,
                  "profiles": json.dumps(list(connection.profiles)), "options": json.dumps(connection.options),
                  "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}
        try:
            with unit_of_work(self._engine) as session:
                session.execute(CONNECTIONS.insert().values(**values))
        except Exception as exc:
            if self.get_connection(connection.name) is not None:  # lost a race for the name
                raise ConnectionProblem(f"a connection named {connection.name!r} exists already") from None
            raise exc

    def remove_connection(self, name: str) -> bool:
        with unit_of_work(self._engine) as session:
            result = session.execute(CONNECTIONS.delete().where(CONNECTIONS.c.name == name))
        return bool(getattr(result, "rowcount", 0))
