"""A PostgreSQL database that does not use UTF8 is refused in words at connect, not with a
driver error from deep inside the first query."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from portdesk.cli import main
from portdesk.store.db import make_engine, migrate
from portdesk.store.errors import StoreError

pytestmark = pytest.mark.postgres


@pytest.fixture
def sql_ascii_url(pg_admin_url: str) -> str:
    name = f"t_ascii_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'SQL_ASCII' TEMPLATE template0")
    admin.dispose()
    return pg_admin_url.rsplit("/", 1)[0] + f"/{name}"


def test_a_sql_ascii_database_is_refused_naming_the_encoding(sql_ascii_url: str) -> None:
    with pytest.raises(StoreError, match=r"must use UTF8 encoding \(it uses SQL_ASCII\)"):
        migrate(make_engine(sql_ascii_url))


def test_the_cli_says_so_in_one_line_with_exit_2(sql_ascii_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["orders", "list", "--db", sql_ascii_url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the database must use UTF8 encoding (it uses SQL_ASCII)" in err
    assert "bytes-like" not in err


def test_a_utf8_database_still_opens(pg_admin_url: str) -> None:
    from tests import pg_server

    assert migrate(make_engine(pg_server.fresh_database(pg_admin_url)))
