"""Store errors. The classes shared with callers are defined with the service ports (so the UI and
the services can catch them without importing SQL code) and re-exported here."""

from __future__ import annotations

from portdesk.services.ports import ConcurrentEdit, DocumentNotFound, OrderNotFound, StoreError

__all__ = ["ConcurrentEdit", "DocumentNotFound", "OrderNotFound", "SchemaTooNew", "StoreError", "explain"]


class SchemaTooNew(StoreError):
    """The database was migrated by a newer PortDesk: refuse rather than damage it."""

    def __init__(self, where: str, revision: str) -> None:
        super().__init__(
            f"{where}: this database was written by a newer PortDesk (schema revision {revision!r}); "
            "update PortDesk to open it"
        )
        self.revision = revision


def explain(exc: BaseException, where: str) -> str:
    """A database failure in words a coordinator can act on."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text or "busy" in text:
        return f"{where}: the database is locked by another program (another PortDesk?); try again"
    if "readonly" in text or "read-only" in text or "read only" in text:
        return f"{where}: the database file is read-only; check its permissions"
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return f"{where}: this file is not a PortDesk database (or it is damaged)"
    if "unable to open" in text:
        return f"{where}: cannot open the database file (does its folder exist and is it writable?)"
    if "password authentication" in text or "connection refused" in text or "could not connect" in text:
        return f"{where}: cannot connect to the database server ({str(getattr(exc, 'orig', exc)).strip()})"
    first_line = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{where}: database error ({first_line})"
