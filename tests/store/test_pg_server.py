"""The private PostgreSQL cluster of the tests starts even when the port it picked is taken meanwhile
(by another test worker's cluster, say): parallel workers must not fail each other's start."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from tests import pg_server


@pytest.mark.postgres
def test_a_cluster_whose_first_port_is_taken_starts_on_another(monkeypatch: pytest.MonkeyPatch) -> None:
    if not pg_server._bin("initdb") or not pg_server._bin("pg_ctl"):
        pytest.skip("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        ports = iter([busy])
        real = pg_server._free_port
        monkeypatch.setattr(pg_server, "_free_port", lambda: next(ports, None) or real())
        with pg_server.private_server() as url:
            assert f":{busy}/" not in url
            engine = sa.create_engine(url)
            with engine.connect() as conn:
                assert conn.exec_driver_sql("select 1").scalar() == 1
            engine.dispose()
