"""Shared test setup: Qt offscreen, and every test gets its own PortDesk data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests import pg_server
from tests.sqlite_template import migrated_sqlite


@pytest.fixture(autouse=True)
def portdesk_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point PORTDESK_HOME at a fresh folder so no test touches the user's real data. The XDG folders
    too: a keyring file backend or a library's config lands in the test's own folder, never in one
    that parallel workers (pytest-xdist) or the user share."""
    home = tmp_path_factory.mktemp("portdesk-home")
    monkeypatch.setenv("PORTDESK_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.delenv("PORTDESK_DATABASE_URL", raising=False)
    return home


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL server for this session (see tests/pg_server.py), or a skip saying why not."""
    given = os.environ.get("PORTDESK_TEST_PG_URL")
    if given:
        yield given
        return
    try:
        with pg_server.private_server() as url:
            yield url
    except (OSError, RuntimeError) as exc:
        pytest.skip(f"no PostgreSQL server for the store tests: {exc}")
    except Exception as exc:  # initdb/pg_ctl failed: say how, do not hide the SQLite results
        pytest.skip(f"PostgreSQL could not start: {exc}")


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> str:
    """The migrated database every PostgreSQL test's database is copied from."""
    return pg_server.migrated_template(pg_admin_url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The same test on an SQLite file and on a PostgreSQL database of its own (already at the
    schema's head: every user migrates first, which is then a one-query no-op), dropped after."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path / "queue.sqlite3")  # a copy of a migrated file, like the template below
        return
    admin = request.getfixturevalue("pg_admin_url")
    url = pg_server.fresh_database(admin, template=request.getfixturevalue("pg_template"))
    yield url
    pg_server.drop_database(admin, url)
