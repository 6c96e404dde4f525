"""A throwaway PostgreSQL server for the tests that prove the store is not SQLite-only.

`PORTDESK_TEST_PG_URL` points at an existing server (a database the tests may create databases
on); otherwise, when the PostgreSQL server programs are installed (Debian: postgresql), a private
cluster is started on 127.0.0.1 in a temporary folder for the test session and removed after.
Neither: the PostgreSQL variants are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: use the postgres account when we are root."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root without runuser: cannot start PostgreSQL")
    return [runuser, "-u", "postgres", "--", *argv]


@contextlib.contextmanager
def private_server() -> Iterator[str]:
    """Start a cluster; yield its admin URL (database postgres). Each pytest-xdist worker starts its own
    (about a second and a half): its own folder, socket directory and port, nothing shared."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise FileNotFoundError("PostgreSQL server programs (initdb, pg_ctl) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="portdesk-pg-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        subprocess.run(_as_server_user([initdb, "-D", str(data), "-U", "portdesk", "--auth=trust", "-E", "UTF8",
                                        "--no-sync"]), check=True, capture_output=True)
        port = _start(pg_ctl, data, folder)
        yield f"postgresql+psycopg://portdesk@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
                       check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _start(pg_ctl: str, data: Path, folder: Path, attempts: int = 3) -> int:
    """Start the server on a free port; its port. PostgreSQL cannot be given port 0, so a port is picked
    and may be taken by someone else (another test worker's cluster, say) before the server binds it:
    then the start fails and another port is tried."""
    for attempt in range(1, attempts + 1):
        port = _free_port()
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        started = subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-o", options, "-w",
                                                  "-l", str(folder / "log"), "start"]), capture_output=True)
        if started.returncode == 0:
            return port
        if attempt == attempts:
            log = (folder / "log").read_text(errors="replace")[-500:] if (folder / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed {attempts} times; the server's log ends: {log}")
    raise AssertionError("unreachable")


def fresh_database(admin_url: str, template: str | None = None) -> str:
    """A new database on the server (a copy of `template` when given, else empty); its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    copy_of = f' TEMPLATE "{template}"' if template else ""
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy_of}')
    engine.dispose()
    return _database_url(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    """Drop a test's database as soon as the test is done, so the cluster stays small and its
    teardown takes a moment; FORCE ends a connection a failed test left open."""
    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def migrated_template(admin_url: str) -> str:
    """A database at the schema's head, made once per session: each test's database is copied from
    it (CREATE DATABASE … TEMPLATE) instead of running every migration again."""
    from portdesk.store.db import make_engine, migrate

    url = fresh_database(admin_url)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url.rsplit("/", 1)[1]


def _database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
