"""Run the packaged Alembic migrations on an engine (only imported when an upgrade is needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade_to(engine: Engine, revision: str) -> None:
    """Upgrade in one transaction. On SQLite, foreign keys are off while tables are rebuilt
    (batch migrations copy and drop tables) and checked before the upgrade commits."""
    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None  # a live connection always has its driver connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration to {revision} broke {len(broken)} foreign key(s)")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def upgrade_to_head(engine: Engine) -> None:
    upgrade_to(engine, "head")


def script_revisions() -> list[str]:
    """Every revision in versions/, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]
